"""The HTTP contract: explicit In/Out schemas, so a new column is never exposed by accident."""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from typing import Any

from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, pre_load, validate

from app.access import is_coaching
from app.accounts.models import LOCALES, TOKEN_SCOPES
from app.dossiers.models import EVIDENCE_KINDS, REFLECTION_MODELS
from app.growth.models import ACTIVITY_KINDS, GOAL_STATUSES
from app.input import CONTROL_MESSAGE, has_control_characters
from app.people.models import GRANT_ROLES, MEMBER_ROLES, ORGANISATION_KINDS, SCOPES


class Text(fields.String):
    """Multi-line text: tabs and line breaks are allowed, other control characters not."""


def _control_errors(field: fields.Field | None, value: Any) -> Any:
    """The errors for control characters anywhere in `value`, shaped like marshmallow's
    (a list for a value, a dict by key or index for containers); None when clean."""
    if isinstance(value, str):
        multiline = isinstance(field, Text)
        return [CONTROL_MESSAGE] if has_control_characters(value, multiline=multiline) else None
    errors: dict = {}
    if isinstance(value, dict):
        if isinstance(field, fields.Nested) and isinstance(field.schema, Schema):
            return _schema_control_errors(field.schema, value)
        keys = getattr(field, "key_field", None)
        values = getattr(field, "value_field", None)
        for key, item in value.items():
            if _control_errors(keys, key):
                errors[key] = [CONTROL_MESSAGE]
            elif found := _control_errors(values, item):
                errors[key] = found
    elif isinstance(value, list | tuple):
        inner = getattr(field, "inner", None)
        if isinstance(field, fields.Nested):
            inner = field
        for index, item in enumerate(value):
            if found := _control_errors(inner, item):
                errors[index] = found
    return errors or None


def _schema_control_errors(schema: Schema, data: Mapping) -> dict | None:
    errors = {}
    for name, field in schema.load_fields.items():
        key = field.data_key or name
        if key in data and (found := _control_errors(field, data[key])):
            errors[key] = found
    return errors or None


class InSchema(Schema):
    """Unknown fields are ignored and surrounding whitespace is stripped. Every string in the
    input, however deeply nested, is refused when it holds a control character (`Text` fields
    may hold tabs and line breaks): the one place that keeps such bytes out of the database."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _clean(self, data, **_kwargs):
        if hasattr(data, "to_dict") and not isinstance(data, dict):
            data = data.to_dict()
        if isinstance(data, Mapping):
            data = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
            if errors := _schema_control_errors(self, data):
                raise ValidationError(errors)
        return data


# --- accounts -------------------------------------------------------------------------


class RegisterIn(InSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=200))
    display_name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    locale = fields.String(load_default="nl", validate=validate.OneOf(LOCALES))


class LoginIn(InSchema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=200))


class DossierRefOut(Schema):
    id = fields.UUID()
    title = fields.String()
    used_bytes = fields.Integer(metadata={"description": "Bytes of originals stored"})
    quota_bytes = fields.Integer(allow_none=True, metadata={"description": "None: no quota"})


class LimitsOut(Schema):
    max_upload_bytes = fields.Integer()
    max_image_bytes = fields.Integer()
    max_media_seconds = fields.Integer()


class UserOut(Schema):
    id = fields.UUID()
    email = fields.String()
    display_name = fields.String()
    locale = fields.String()
    created_at = fields.DateTime()
    email_verified = fields.Boolean(
        metadata={"description": "False until the mailed code is entered; see /auth/verify"}
    )


class MeOut(UserOut):
    dossiers = fields.List(fields.Nested(DossierRefOut))
    limits = fields.Nested(LimitsOut, metadata={"description": "So apps can warn before sending"})
    csrf_token = fields.String(
        allow_none=True,
        metadata={"description": "Send as X-CSRF-Token on state-changing cookie requests."},
    )


class MeUpdateIn(InSchema):
    display_name = fields.String(validate=validate.Length(min=1, max=120))
    locale = fields.String(validate=validate.OneOf(LOCALES))


class DeleteAccountIn(InSchema):
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=200))


class PasswordChangeIn(InSchema):
    current_password = fields.String(
        required=True, load_only=True, validate=validate.Length(min=1, max=200)
    )
    new_password = fields.String(required=True, load_only=True, validate=validate.Length(max=200))


class TokenIn(InSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    expires_at = fields.AwareDateTime(load_default=None, allow_none=True)
    scope = fields.String(
        load_default="full",
        validate=validate.OneOf(TOKEN_SCOPES),
        metadata={"description": "read: only GET requests; full: everything (the default)"},
    )


class TokenOut(Schema):
    id = fields.UUID()
    name = fields.String()
    prefix = fields.String()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime(allow_none=True)
    scope = fields.String()
    parent_id = fields.UUID(
        allow_none=True, metadata={"description": "The token that made this one; it dies with it"}
    )


class TokenCreatedOut(TokenOut):
    token = fields.String(metadata={"description": "Shown once; store it now."})


# --- evidence -------------------------------------------------------------------------


class EvidenceQuery(InSchema):
    kind = fields.String(validate=validate.OneOf(EVIDENCE_KINDS))
    # "from" is a keyword in Python, hence data_key.
    occurred_from = fields.AwareDateTime(data_key="from")
    occurred_to = fields.AwareDateTime(data_key="to")
    limit = fields.Integer(load_default=30, validate=validate.Range(min=1, max=100))
    cursor = fields.String(validate=validate.Length(max=200))


class Decimal(fields.Decimal):
    """A decimal number that stays a number where it is dumped (the OpenAPI document's
    minimum, maximum and default), not marshmallow's string."""

    def _serialize(self, value, attr, obj, **kwargs):
        result = super()._serialize(value, attr, obj, **kwargs)
        return float(result) if isinstance(result, decimal.Decimal) else result


class ErrorDetailOut(Schema):
    code = fields.String(required=True, metadata={"description": "For programs: what went wrong"})
    message = fields.String(required=True, metadata={"description": "For people, in English"})
    # "fields" is a Schema attribute of marshmallow's own, hence data_key.
    field_errors = fields.Dict(
        data_key="fields",
        required=True,
        metadata={"description": "Per field (or header) of the request, what is wrong with it"},
    )


class ErrorOut(Schema):
    """Every error the API answers with."""

    error = fields.Nested(ErrorDetailOut, required=True)


class MultipartForm(InSchema):
    """A multipart form with a `file` part. The file is read from request.files; the field is
    here so the OpenAPI document shows one multipart body (a separate files schema would be
    documented as a second body, which OpenAPI 3 has no place for)."""

    file = Upload(metadata={"description": "The file"})

    @post_load
    def _without_file(self, data, **_kwargs):
        data.pop("file", None)
        return data


class EvidenceForm(MultipartForm):
    file = Upload(metadata={"description": "A photo, video or PDF; leave out for a note."})
    title = fields.String(load_default="", validate=validate.Length(max=200))
    description = Text(load_default="", validate=validate.Length(max=20_000))
    client_uid = fields.String(
        load_default=None,
        validate=validate.Regexp(
            r"^[A-Za-z0-9._:-]{8,64}$", error="Use 8-64 letters, digits or ._:-"
        ),
        metadata={"description": "Client-generated id; posting it again returns the same item."},
    )
    occurred_at = fields.AwareDateTime(load_default=None)

    @post_load
    def _empty_uid(self, data, **_kwargs):
        data["client_uid"] = data.get("client_uid") or None
        return data


class EvidenceUpdateIn(InSchema):
    title = fields.String(validate=validate.Length(max=200))
    description = Text(validate=validate.Length(max=20_000))
    occurred_at = fields.AwareDateTime()


class PersonOut(Schema):
    id = fields.UUID()
    display_name = fields.String()


class MediaOut(Schema):
    id = fields.UUID()
    role = fields.String()
    content_type = fields.String()
    size_bytes = fields.Integer()
    width = fields.Integer(allow_none=True)
    height = fields.Integer(allow_none=True)
    duration_seconds = fields.Float(allow_none=True)
    url = fields.Method("_url")

    def _url(self, asset) -> str:
        return url_for("media.media_file", asset_id=asset.id)


class EvidenceOut(Schema):
    id = fields.UUID()
    dossier_id = fields.UUID()
    kind = fields.String()
    title = fields.String()
    description = fields.String()
    occurred_at = fields.DateTime()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    created_by = fields.Nested(PersonOut, allow_none=True)
    created_role = fields.String(
        metadata={"description": "owner, or the role in which someone added it on their behalf"}
    )
    created_by_name = fields.String(
        metadata={"description": "The author's name when not a user here (imported, deleted)"}
    )
    hidden = fields.Method("_hidden", metadata={"description": "Hidden by the owner"})
    reviewed = fields.Method("_reviewed", metadata={"description": "Kept by the owner"})
    status = fields.String(metadata={"description": "pending, ready or failed"})
    status_reason = fields.String(metadata={"description": "Why processing failed"})
    processing_progress = fields.Integer(
        allow_none=True, metadata={"description": "0-100 while a recording is converted"}
    )
    client_uid = fields.String(allow_none=True)
    media = fields.Method(
        "_media",
        metadata={"description": "Stored files by role; the original only for the owner."},
    )
    competencies = fields.Method(
        "_competencies", metadata={"description": "The competencies this evidence shows"}
    )

    def _hidden(self, evidence) -> bool:
        return evidence.hidden_at is not None

    def _reviewed(self, evidence) -> bool:
        return evidence.reviewed_at is not None or evidence.created_role == "owner"

    def _competencies(self, evidence) -> list:
        return [
            {
                "item_id": item.id,
                "human_code": item.human_code,
                "full_statement": item.full_statement,
                "framework_id": item.framework_id,
                "note": link.note,
                "retired": item.retired_at is not None,
            }
            for link, item in getattr(evidence, "shown_links", [])
        ]

    def _media(self, evidence) -> dict:
        # api.evidence.present() decides which files this viewer may see.
        return {asset.role: MediaOut().dump(asset) for asset in evidence.shown_media}


class EvidencePageOut(Schema):
    items = fields.List(fields.Nested(EvidenceOut))
    next_cursor = fields.String(allow_none=True)


# --- competencies ---------------------------------------------------------------------


class FrameworkRefOut(Schema):
    id = fields.UUID()
    title = fields.String()


class FrameworkOut(Schema):
    id = fields.UUID()
    identifier = fields.String(metadata={"description": "The CASE identifier"})
    title = fields.String()
    creator = fields.String()
    description = fields.String()
    language = fields.String()
    version = fields.String()
    is_builtin = fields.Boolean()
    item_count = fields.Integer()
    editable = fields.Boolean(metadata={"description": "You may change this framework"})


class LevelOut(Schema):
    identifier = fields.String()
    position = fields.Integer(allow_none=True)
    quality = fields.String(metadata={"description": "The level's label"})
    score = fields.Float(allow_none=True)
    description = fields.String()


class ItemOut(Schema):
    id = fields.UUID()
    identifier = fields.String()
    parent_id = fields.UUID(allow_none=True)
    position = fields.Integer()
    human_code = fields.String()
    full_statement = fields.String()
    abbreviated_statement = fields.String()
    item_type = fields.String()
    keywords = fields.List(fields.String())
    notes = fields.String()
    retired = fields.Method("_retired")

    def _retired(self, item) -> bool:
        return item.retired_at is not None


class FoundItemOut(ItemOut):
    framework = fields.Nested(FrameworkRefOut)


class FrameworkDetailOut(FrameworkOut):
    items = fields.List(fields.Nested(ItemOut), metadata={"description": "In reading order"})
    levels = fields.List(fields.Nested(LevelOut), metadata={"description": "Rating scale"})


class ImportOut(Schema):
    framework = fields.Nested(FrameworkOut)
    created = fields.Boolean()
    items_added = fields.Integer()
    items_updated = fields.Integer()
    items_retired = fields.Integer()


class FrameworkCreateIn(InSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=500))
    language = fields.String(load_default="nl", validate=validate.OneOf(LOCALES))
    description = Text(load_default="", validate=validate.Length(max=5000))


class ItemCreateIn(InSchema):
    full_statement = Text(required=True, validate=validate.Length(min=1, max=5000))
    human_code = fields.String(load_default="", validate=validate.Length(max=100))
    item_type = fields.String(load_default="", validate=validate.Length(max=100))
    parent_id = fields.UUID(load_default=None, allow_none=True)
    position = fields.Integer(load_default=None, validate=validate.Range(min=1))


class ItemUpdateIn(InSchema):
    full_statement = Text(validate=validate.Length(min=1, max=5000))
    human_code = fields.String(validate=validate.Length(max=100))
    item_type = fields.String(validate=validate.Length(max=100))
    parent_id = fields.UUID(allow_none=True)
    position = fields.Integer(validate=validate.Range(min=1))


class SearchQuery(InSchema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=200))
    framework_id = fields.List(fields.UUID(), load_default=list)
    dossier_id = fields.UUID(metadata={"description": "Only the frameworks this dossier uses"})
    limit = fields.Integer(load_default=30, validate=validate.Range(min=1, max=100))


class DossierFrameworksIn(InSchema):
    framework_ids = fields.List(fields.UUID(), required=True)


class LinkIn(InSchema):
    item_id = fields.UUID(required=True)
    note = Text(load_default="", validate=validate.Length(max=1000))


class LinkOut(Schema):
    item_id = fields.UUID()
    human_code = fields.String()
    full_statement = fields.String()
    framework_id = fields.UUID()
    note = fields.String()
    retired = fields.Boolean()


class EvidenceRefOut(Schema):
    id = fields.UUID()
    title = fields.String()
    kind = fields.String()
    occurred_at = fields.DateTime()


class CoverageRowOut(Schema):
    item = fields.Nested(ItemOut)
    depth = fields.Integer()
    evidence_count = fields.Integer()
    latest_evidence = fields.Nested(EvidenceRefOut, allow_none=True)
    roles = fields.List(fields.String(), metadata={"description": "Roles that reflected"})
    levels = fields.Dict(metadata={"description": "role → latest {level, label, at}"})


class CoverageOut(Schema):
    framework = fields.Nested(FrameworkRefOut)
    competencies = fields.Integer()
    covered = fields.Integer()
    rows = fields.List(fields.Nested(CoverageRowOut))


class CoverageQuery(InSchema):
    framework_id = fields.UUID(required=True)


# --- people -----------------------------------------------------------------------------


class OrganisationIn(InSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(ORGANISATION_KINDS))


class OrganisationOut(Schema):
    id = fields.UUID()
    name = fields.String()
    kind = fields.String()
    my_role = fields.String()
    status = fields.String(metadata={"description": "pending (yours to accept) or active"})
    membership_id = fields.UUID(metadata={"description": "Your membership, to accept or leave"})


class MemberIn(InSchema):
    email = fields.Email(required=True)
    role = fields.String(required=True, validate=validate.OneOf(MEMBER_ROLES))


class MemberOut(Schema):
    id = fields.UUID(metadata={"description": "The membership's id"})
    user = fields.Nested(PersonOut)
    role = fields.String()
    started_at = fields.DateTime()
    status = fields.String(metadata={"description": "pending until the person accepts"})


class GrantTermsIn(InSchema):
    scopes = fields.List(
        fields.String(validate=validate.OneOf(SCOPES)), validate=validate.Length(min=1)
    )
    role = fields.String(validate=validate.OneOf(GRANT_ROLES))
    expires_at = fields.AwareDateTime(allow_none=True)
    evidence_ids = fields.List(
        fields.UUID(), allow_none=True, metadata={"description": "Only these items"}
    )
    item_ids = fields.List(
        fields.UUID(), allow_none=True, metadata={"description": "Only evidence of these"}
    )
    coach_may_rate = fields.Boolean(metadata={"description": "A coach may give level ratings"})


class GrantIn(GrantTermsIn):
    scopes = fields.List(
        fields.String(validate=validate.OneOf(SCOPES)), required=True,
        validate=validate.Length(min=1),
    )  # fmt: skip
    role = fields.String(load_default="other", validate=validate.OneOf(GRANT_ROLES))
    coach_may_rate = fields.Boolean(
        load_default=False, metadata={"description": "A coach may give level ratings"}
    )
    email = fields.Email(metadata={"description": "Invite by e-mail (a link is sent)"})
    user_id = fields.UUID(metadata={"description": "Or someone from a shared organisation"})
    organisation_id = fields.UUID(
        metadata={"description": "The shared organisation; the grant ends with membership"}
    )


class GrantOut(Schema):
    id = fields.UUID()
    dossier_id = fields.UUID()
    grantee = fields.Nested(PersonOut)
    role = fields.String()
    scopes = fields.List(fields.String())
    expires_at = fields.DateTime(allow_none=True)
    evidence_ids = fields.List(fields.String(), allow_none=True)
    item_ids = fields.List(fields.String(), allow_none=True)
    organisation_id = fields.UUID(allow_none=True)
    coach_may_rate = fields.Boolean()
    created_at = fields.DateTime()


class ParticipantOut(Schema):
    """Someone in a dossier's conversation, with the role they take part in."""

    user = fields.Nested(PersonOut)
    role = fields.String()


class InvitationOut(Schema):
    id = fields.UUID()
    email = fields.String()
    role = fields.String()
    scopes = fields.List(fields.String())
    grant_expires_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    expires_at = fields.DateTime()


class GrantCreatedOut(Schema):
    grant = fields.Nested(GrantOut, allow_none=True)
    invitation = fields.Nested(InvitationOut, allow_none=True)


class InvitationPreviewOut(Schema):
    owner = fields.String(metadata={"description": "Who invites you"})
    role = fields.String()
    scopes = fields.List(fields.String())
    expires_at = fields.DateTime()
    accepted = fields.Boolean()


class DossierBriefOut(Schema):
    id = fields.UUID()
    title = fields.String()


class SharedDossierOut(Schema):
    dossier = fields.Nested(DossierBriefOut)
    owner = fields.Nested(PersonOut)
    role = fields.String()
    scopes = fields.List(fields.String())
    expires_at = fields.DateTime(allow_none=True)
    coach_may_rate = fields.Boolean(metadata={"description": "As coach, you may give levels"})


class AccessLogQuery(InSchema):
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=1_000_000))


class AccessLogEntryOut(Schema):
    id = fields.UUID()
    actor = fields.Nested(PersonOut, allow_none=True)
    actor_label = fields.String(
        metadata={"description": "Who, as stored then: a name, or a CV link's label"}
    )
    actor_role = fields.String(
        metadata={"description": "A grant role (employer, coach...), owner, or cv_link"}
    )
    action = fields.String()
    subject_id = fields.String()
    detail = fields.String(metadata={"description": "What was read (a title, a period)"})
    count = fields.Integer(metadata={"description": "Reads folded into this entry (per hour)"})
    created_at = fields.DateTime()
    last_at = fields.DateTime()


class AccessLogOut(Schema):
    items = fields.List(fields.Nested(AccessLogEntryOut))
    next_offset = fields.Integer(allow_none=True)


class NotificationOut(Schema):
    id = fields.UUID()
    kind = fields.String()
    dossier_id = fields.UUID(allow_none=True)
    payload = fields.Dict()
    created_at = fields.DateTime()
    read = fields.Method("_read")

    def _read(self, notification) -> bool:
        return notification.read_at is not None


class NotificationsOut(Schema):
    unread = fields.Integer()
    items = fields.List(fields.Nested(NotificationOut))


class MarkReadIn(InSchema):
    ids = fields.List(fields.UUID(), load_default=None, allow_none=True)


class EvidenceReviewIn(InSchema):
    action = fields.String(required=True, validate=validate.OneOf(("keep", "hide", "show")))


# --- reflections and the conversation ---------------------------------------------------


class ReflectionIn(InSchema):
    model = fields.String(load_default="free", validate=validate.OneOf(REFLECTION_MODELS))
    content = fields.Dict(
        keys=fields.String(), values=Text(), required=True,
        metadata={"description": "free: text; starr: situatie, taak, actie, resultaat, "
                  "reflectie; korthagen: handelen, terugblikken, bewustwording, "
                  "alternatieven, uitproberen"},
    )  # fmt: skip
    item_id = fields.UUID(load_default=None, allow_none=True)
    level = fields.Integer(load_default=None, allow_none=True)


class ReflectionUpdateIn(InSchema):
    content = fields.Dict(keys=fields.String(), values=Text())
    level = fields.Integer(allow_none=True)


class ReflectionVersionOut(Schema):
    content = fields.Dict()
    level = fields.Integer(allow_none=True)
    level_label = fields.String()
    created_at = fields.DateTime()


class ReflectionOut(Schema):
    id = fields.UUID()
    evidence_id = fields.UUID()
    item_id = fields.UUID(allow_none=True)
    author = fields.Nested(PersonOut, allow_none=True)
    author_name = fields.String(metadata={"description": "When the author is not a user here"})
    author_role = fields.String()
    model = fields.String()
    content = fields.Dict()
    level = fields.Integer(allow_none=True)
    level_label = fields.String()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    edited = fields.Method("_edited")
    coaching = fields.Method(
        "_coaching",
        metadata={"description": "Written by a coach: the owner and the coach read it only, "
                  "unless the owner shared it"},
    )  # fmt: skip
    shared = fields.Method(
        "_shared", metadata={"description": "The owner shared this coach's reflection"}
    )

    def _edited(self, reflection) -> bool:
        return bool(reflection.versions)

    def _coaching(self, reflection) -> bool:
        return is_coaching(reflection)

    def _shared(self, reflection) -> bool:
        return reflection.shared_at is not None


class ReflectionHistoryOut(ReflectionOut):
    versions = fields.List(fields.Nested(ReflectionVersionOut))


class LevelPointOut(Schema):
    at = fields.DateTime()
    level = fields.Integer()
    label = fields.String()


class PerspectiveOut(Schema):
    role = fields.String()
    reflections = fields.List(fields.Nested(ReflectionOut))
    levels = fields.Method("_levels")

    def _levels(self, perspective) -> list:
        return [
            LevelPointOut().dump({"at": at, "level": level, "label": label})
            for at, level, label in perspective.levels
        ]


class MessageIn(InSchema):
    body = Text(required=True, validate=validate.Length(min=1, max=10_000))
    mentions = fields.List(fields.UUID(), load_default=list)
    coaching = fields.Boolean(
        load_default=None,
        metadata={"description": "A coach's message is coaching (owner and coach only) "
                  "unless false; ignored for others"},
    )  # fmt: skip


class AttachmentOut(Schema):
    id = fields.UUID(metadata={"description": "The evidence item holding the file"})
    title = fields.String()
    kind = fields.String()
    thumbnail_url = fields.Method("_thumb", allow_none=True)
    in_dossier = fields.Method(
        "_in_dossier", metadata={"description": "False until the owner keeps it as evidence"}
    )

    def _thumb(self, evidence):
        thumb = evidence.asset("thumbnail")
        return url_for("media.media_file", asset_id=thumb.id) if thumb else None

    def _in_dossier(self, evidence) -> bool:
        return evidence.hidden_at is None


class MessageOut(Schema):
    id = fields.UUID()
    author = fields.Nested(PersonOut, allow_none=True)
    author_role = fields.String()
    body = fields.String()
    coaching = fields.Boolean(metadata={"description": "Between the coach and the owner only"})
    mentions = fields.List(fields.String())
    created_at = fields.DateTime()
    attachment = fields.Method(
        "_attachment", metadata={"description": "A file, when the viewer may see it"}
    )

    def _attachment(self, message):
        shown = getattr(message, "shown_attachment", None)
        return AttachmentOut().dump(shown) if shown is not None else None


class AttachmentForm(MultipartForm):
    file = Upload(metadata={"description": "The photo, video or file to share (required)"})
    body = Text(load_default="", validate=validate.Length(max=10_000))


class NotificationChoiceSchema(Schema):
    in_app = fields.Boolean(load_default=True)
    push = fields.Boolean(load_default=True)


class NotificationSettingsIn(InSchema):
    settings = fields.Dict(
        keys=fields.String(), values=fields.Nested(NotificationChoiceSchema), required=True,
        metadata={"description": "on_behalf_evidence, reflection, mention, invitation"},
    )  # fmt: skip


class NotificationSettingsOut(Schema):
    settings = fields.Dict(keys=fields.String(), values=fields.Nested(NotificationChoiceSchema))


class PushKeysSchema(Schema):
    p256dh = fields.String(required=True, validate=validate.Length(min=10, max=200))
    auth = fields.String(required=True, validate=validate.Length(min=8, max=100))


class PushSubscriptionIn(InSchema):
    endpoint = fields.Url(required=True, require_tld=False, validate=validate.Length(max=1000))
    keys = fields.Nested(PushKeysSchema, required=True)


class PushUnsubscribeIn(InSchema):
    endpoint = fields.String(required=True)


class PushKeyOut(Schema):
    public_key = fields.String(
        allow_none=True, metadata={"description": "applicationServerKey; null: push is off"}
    )


class JobOut(Schema):
    id = fields.UUID()
    kind = fields.String(metadata={"description": "export or import"})
    status = fields.String(metadata={"description": "queued, running, done or failed"})
    progress = fields.Integer()
    error = fields.String(metadata={"description": "Why it failed, in English (a fallback)"})
    error_code = fields.String(metadata={
        "description": "Why it failed, as a code to translate: not_a_zip, not_an_export, "
                       "manifest_damaged, manifest_too_large, unknown_version, export_too_large, "
                       "zip_bomb, bad_media, missing_file, wrong_size, checksum, bad_row, "
                       "bad_framework, quota_exceeded, import_failed, export_failed; others "
                       "may come: show error then"})  # fmt: skip
    error_params = fields.Dict(metadata={"description": "The values error_code's text needs"})
    dossier_id = fields.UUID(allow_none=True)
    result = fields.Dict()
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    download_url = fields.Method("_download", allow_none=True)
    expires_at = fields.Method(
        "_expires", allow_none=True,
        metadata={"description": "When a finished export's zip is deleted (after "
                              "EXPORT_RETENTION_HOURS)"},
    )  # fmt: skip

    def _download(self, job):
        if job.kind == "export" and job.status == "done":
            return url_for("portability.download", job_id=job.id)
        return None

    def _expires(self, job):
        from app.portability.services import expires_at

        ends = expires_at(job)
        return ends.isoformat() if ends else None


class ImportFiles(Schema):
    file = Upload(required=True, metadata={"description": "A Bagage export (zip)"})


class ImportUploadIn(InSchema):
    upload_id = fields.UUID(
        required=True,
        metadata={"description": "A finished resumable upload of yours, made with purpose=import"},
    )


# --- the online CV ----------------------------------------------------------------------

DATE = validate.Regexp(
    r"^[12][0-9]{3}(-[01][0-9](-[0-3][0-9])?)?$", error="Use YYYY, YYYY-MM or YYYY-MM-DD."
)


class CVWorkSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    position = fields.String(load_default="", validate=validate.Length(max=200))
    start = fields.String(load_default=None, allow_none=True, validate=DATE)
    end = fields.String(load_default=None, allow_none=True, validate=DATE)
    summary = Text(load_default="", validate=validate.Length(max=2000))
    internship = fields.Boolean(load_default=False)


class CVEducationSchema(Schema):
    institution = fields.String(required=True, validate=validate.Length(min=1, max=200))
    area = fields.String(load_default="", validate=validate.Length(max=200))
    study_type = fields.String(load_default="", validate=validate.Length(max=200))
    start = fields.String(load_default=None, allow_none=True, validate=DATE)
    end = fields.String(load_default=None, allow_none=True, validate=DATE)


class CVIn(InSchema):
    headline = fields.String(validate=validate.Length(max=200))
    introduction = Text(validate=validate.Length(max=5000))
    #: Empty, or an address recruiters can write to.
    email = fields.String(
        validate=[
            validate.Length(max=254),
            validate.Regexp(r"^$|^[^\s@]+@[^\s@]+\.[^\s@]+$", error="Not an e-mail address."),
        ]
    )
    phone = fields.String(validate=validate.Length(max=50))
    photo_evidence_id = fields.UUID(allow_none=True)
    education = fields.List(fields.Nested(CVEducationSchema))
    work = fields.List(fields.Nested(CVWorkSchema))
    competency_ids = fields.List(fields.UUID())
    evidence_ids = fields.List(fields.UUID())


class CVOut(Schema):
    headline = fields.String()
    introduction = fields.String()
    email = fields.String()
    phone = fields.String()
    photo_evidence_id = fields.UUID(allow_none=True)
    education = fields.List(fields.Dict())
    work = fields.List(fields.Dict())
    competency_ids = fields.List(fields.String())
    evidence_ids = fields.List(fields.String())
    updated_at = fields.DateTime()


class ShareLinkIn(InSchema):
    label = fields.String(load_default="", validate=validate.Length(max=200))
    expires_at = fields.AwareDateTime(load_default=None, allow_none=True)


class ShareLinkOut(Schema):
    id = fields.UUID()
    label = fields.String()
    created_at = fields.DateTime()
    expires_at = fields.DateTime(allow_none=True)
    view_count = fields.Integer()
    last_viewed_at = fields.DateTime(allow_none=True)


class ShareLinkCreatedOut(ShareLinkOut):
    url = fields.String(metadata={"description": "Shown once: the link to give recruiters"})


# --- internship reports -----------------------------------------------------------------

REPORT_LANGUAGES = ("nl", "en")


class ReportIn(InSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    internship = fields.String(load_default="", validate=validate.Length(max=200))
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    evidence_ids = fields.List(fields.UUID(), load_default=None, allow_none=True)
    hours = fields.Float(load_default=None, allow_none=True, validate=validate.Range(min=0))
    summary = Text(load_default="", validate=validate.Length(max=10_000))
    language = fields.String(load_default="nl", validate=validate.OneOf(REPORT_LANGUAGES))


class ReportUpdateIn(InSchema):
    title = fields.String(validate=validate.Length(min=1, max=200))
    internship = fields.String(validate=validate.Length(max=200))
    period_start = fields.Date()
    period_end = fields.Date()
    evidence_ids = fields.List(fields.UUID(), allow_none=True)
    hours = fields.Float(allow_none=True, validate=validate.Range(min=0))
    summary = Text(validate=validate.Length(max=10_000))
    language = fields.String(validate=validate.OneOf(REPORT_LANGUAGES))


class ReportLanguageQuery(InSchema):
    lang = fields.String(
        validate=validate.OneOf(REPORT_LANGUAGES),
        metadata={"description": "nl or en; the report's own language when left out"},
    )


class SignoffOut(Schema):
    role = fields.String()
    name = fields.String()
    signed_at = fields.String()
    imported = fields.Boolean(
        dump_default=False,
        metadata={"description": "Taken from an export: a name, not confirmed in this Bagage"},
    )


class ReportPermissionsOut(Schema):
    may_compose = fields.Boolean(metadata={"description": "You may change what it contains"})
    may_sign = fields.Boolean(metadata={"description": "You may confirm it (employer, school)"})
    signed = fields.Boolean(metadata={"description": "You have confirmed this version"})


class ReportOut(Schema):
    id = fields.UUID()
    dossier_id = fields.UUID()
    title = fields.String()
    internship = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()
    period_from = fields.DateTime(
        metadata={"description": "The first instant of the period (its first day in TIMEZONE)"}
    )
    period_to = fields.DateTime(metadata={"description": "The first instant after the period"})
    evidence_ids = fields.List(fields.String(), allow_none=True)
    hours = fields.Float(allow_none=True)
    summary = fields.String()
    language = fields.String()
    signoffs = fields.List(fields.Nested(SignoffOut))
    you = fields.Nested(ReportPermissionsOut, metadata={"description": "What you may do with it"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


# --- growth -------------------------------------------------------------------------------


class GrowthSettingsIn(InSchema):
    fte = Decimal(places=3, as_string=False, validate=validate.Range(min=0.01, max=1.5))
    hours_override = Decimal(
        places=1, allow_none=True, as_string=False, validate=validate.Range(min=0, max=2000),
        metadata={"description": "Hours of your own instead of the instance's × FTE"},
    )  # fmt: skip
    budget_override = Decimal(
        places=2, allow_none=True, as_string=False, validate=validate.Range(min=0, max=100_000),
        metadata={"description": "A budget of your own instead of the instance's"},
    )  # fmt: skip


class GrowthSettingsOut(Schema):
    fte = fields.Float()
    hours_override = fields.Float(allow_none=True)
    budget_override = fields.Float(allow_none=True)


class OverviewOut(Schema):
    school_year = fields.Integer()
    starts = fields.Date()
    ends = fields.Date()
    fte = fields.Float()
    entitlement_hours = fields.Float()
    hours_done = fields.Float()
    hours_planned = fields.Float()
    budget = fields.Float()
    spent = fields.Float()
    spent_planned = fields.Float()
    hours_full_time = fields.Float(metadata={"description": "Hours for a full-time job"})
    budget_default = fields.Float(metadata={"description": "The budget unless your own is set"})


class YearQuery(InSchema):
    year = fields.Integer(validate=validate.Range(min=2000, max=2100),
                          metadata={"description": "Start year of the school year"})  # fmt: skip


class GoalIn(InSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = Text(load_default="", validate=validate.Length(max=10_000))
    target_date = fields.Date(load_default=None, allow_none=True)
    planned_activities = Text(load_default="", validate=validate.Length(max=10_000))
    status = fields.String(load_default="planned", validate=validate.OneOf(GOAL_STATUSES))
    competency_ids = fields.List(fields.UUID(), load_default=list)
    evidence_ids = fields.List(fields.UUID(), load_default=list)
    school_year = fields.Integer(load_default=None, validate=validate.Range(min=2000, max=2100))


class GoalUpdateIn(InSchema):
    title = fields.String(validate=validate.Length(min=1, max=200))
    description = Text(validate=validate.Length(max=10_000))
    target_date = fields.Date(allow_none=True)
    planned_activities = Text(validate=validate.Length(max=10_000))
    status = fields.String(validate=validate.OneOf(GOAL_STATUSES))
    competency_ids = fields.List(fields.UUID())
    evidence_ids = fields.List(fields.UUID())


class GoalProgressIn(InSchema):
    model = fields.String(load_default="free", validate=validate.OneOf(REFLECTION_MODELS))
    content = fields.Dict(keys=fields.String(), values=Text(), required=True)


class GrowthCompetencyOut(Schema):
    id = fields.String()
    framework_id = fields.UUID()
    human_code = fields.String()
    full_statement = fields.String()


class GoalOut(Schema):
    id = fields.UUID()
    school_year = fields.Integer()
    title = fields.String()
    description = fields.String()
    target_date = fields.Date(allow_none=True)
    planned_activities = fields.String()
    status = fields.String()
    competency_ids = fields.List(fields.String())
    competencies = fields.List(fields.Nested(GrowthCompetencyOut))
    evidence_ids = fields.List(fields.String())
    progress_notes = fields.List(fields.Dict())
    updated_at = fields.DateTime()


class ActivityIn(InSchema):
    kind = fields.String(required=True, validate=validate.OneOf(ACTIVITY_KINDS))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    on_date = fields.Date(required=True)
    hours = Decimal(places=2, load_default=0, as_string=False,
                           validate=validate.Range(min=0, max=1000))  # fmt: skip
    cost = Decimal(places=2, load_default=0, as_string=False,
                          validate=validate.Range(min=0, max=1_000_000))  # fmt: skip
    provider = fields.String(load_default="", validate=validate.Length(max=200))
    planned = fields.Boolean(load_default=False)
    certificate_evidence_id = fields.UUID(load_default=None, allow_none=True)
    goal_ids = fields.List(fields.UUID(), load_default=list)
    competency_ids = fields.List(fields.UUID(), load_default=list)


class ActivityUpdateIn(InSchema):
    kind = fields.String(validate=validate.OneOf(ACTIVITY_KINDS))
    title = fields.String(validate=validate.Length(min=1, max=200))
    on_date = fields.Date()
    hours = Decimal(places=2, as_string=False, validate=validate.Range(min=0, max=1000))
    cost = Decimal(places=2, as_string=False, validate=validate.Range(min=0, max=1_000_000))
    provider = fields.String(validate=validate.Length(max=200))
    planned = fields.Boolean()
    certificate_evidence_id = fields.UUID(allow_none=True)
    goal_ids = fields.List(fields.UUID())
    competency_ids = fields.List(fields.UUID())


class ActivityOut(Schema):
    id = fields.UUID()
    kind = fields.String()
    title = fields.String()
    on_date = fields.Date()
    hours = fields.Float()
    cost = fields.Float()
    provider = fields.String()
    planned = fields.Boolean()
    certificate_evidence_id = fields.UUID(allow_none=True)
    goal_ids = fields.List(fields.String())
    competency_ids = fields.List(fields.String())
    competencies = fields.List(fields.Nested(GrowthCompetencyOut))


class CoachingNoteIn(InSchema):
    session_date = fields.Date(required=True)
    body = Text(required=True, validate=validate.Length(min=1, max=20_000))


class CoachingNoteUpdateIn(InSchema):
    session_date = fields.Date()
    body = Text(validate=validate.Length(min=1, max=20_000))


class CoachingNoteOut(Schema):
    id = fields.UUID()
    coach_id = fields.UUID(allow_none=True)
    coach = fields.Nested(PersonOut, allow_none=True)
    coach_name = fields.String(metadata={"description": "The coach's name when not a user here"})
    session_date = fields.Date()
    body = fields.String()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


# --- the account lifecycle: verification and password reset -----------------------------


class EmailIn(InSchema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))


class VerifyIn(InSchema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    code = fields.String(required=True, validate=validate.Regexp(r"^\s*\d{6}\s*$"))


class PasswordResetConfirmIn(InSchema):
    token = fields.String(required=True, validate=validate.Length(min=16, max=128))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=200))


class StatusOut(Schema):
    status = fields.String()


class MembershipOut(Schema):
    id = fields.UUID(metadata={"description": "The membership's id"})
    organisation = fields.Nested(lambda: OrganisationRefOut)
    role = fields.String()
    status = fields.String(metadata={"description": "pending, active or ended"})


class OrganisationRefOut(Schema):
    id = fields.UUID()
    name = fields.String()
    kind = fields.String()
