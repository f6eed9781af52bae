"""The HTTP contract: explicit In/Out schemas, so a new column is never exposed by accident."""

from __future__ import annotations

from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, Schema, fields, post_load, pre_load, validate

from app.accounts.models import LOCALES
from app.dossiers.models import EVIDENCE_KINDS


class InSchema(Schema):
    """Unknown fields are ignored and surrounding whitespace is stripped."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _strip(self, data, **_kwargs):
        if hasattr(data, "to_dict") and not isinstance(data, dict):
            data = data.to_dict()
        if isinstance(data, dict):
            return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
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


class TokenIn(InSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    expires_at = fields.AwareDateTime(load_default=None, allow_none=True)


class TokenOut(Schema):
    id = fields.UUID()
    name = fields.String()
    prefix = fields.String()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime(allow_none=True)


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


class EvidenceForm(InSchema):
    title = fields.String(load_default="", validate=validate.Length(max=200))
    description = fields.String(load_default="", validate=validate.Length(max=20_000))
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


class EvidenceFiles(Schema):
    file = Upload(metadata={"description": "A photo, video or PDF; leave out for a note."})


class EvidenceUpdateIn(InSchema):
    title = fields.String(validate=validate.Length(max=200))
    description = fields.String(validate=validate.Length(max=20_000))
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

    def _media(self, evidence) -> dict:
        # api.evidence.present() decides which files this viewer may see.
        return {asset.role: MediaOut().dump(asset) for asset in evidence.shown_media}


class EvidencePageOut(Schema):
    items = fields.List(fields.Nested(EvidenceOut))
    next_cursor = fields.String(allow_none=True)
