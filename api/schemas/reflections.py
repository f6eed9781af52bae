"""Reflections on evidence, and the conversation about a dossier."""

from __future__ import annotations

from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from api.schemas.base import InSchema, MultipartForm, PersonOut, Text
from app.access import is_coaching
from app.dossiers.models import REFLECTION_MODELS


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
    imported_from = fields.String(
        metadata={"description": "The e-portfolio a comment was imported from (`mahara`), "
                  "else empty"}
    )  # fmt: skip
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


class ParticipantOut(Schema):
    """Someone in a dossier's conversation, with the role they take part in."""

    user = fields.Nested(PersonOut)
    role = fields.String()


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
