"""Evidence: the items of a dossier and the files stored with them."""

from __future__ import annotations

from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, post_load, validate

from api.schemas.base import InSchema, MultipartForm, PersonOut, Text
from app.dossiers.models import EVIDENCE_KINDS


class EvidenceQuery(InSchema):
    kind = fields.String(validate=validate.OneOf(EVIDENCE_KINDS))
    # "from" is a keyword in Python, hence data_key.
    occurred_from = fields.AwareDateTime(data_key="from")
    occurred_to = fields.AwareDateTime(data_key="to")
    limit = fields.Integer(load_default=30, validate=validate.Range(min=1, max=100))
    cursor = fields.String(validate=validate.Length(max=200))


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


#: One instance for every file of every answer: building a schema costs more than dumping a
#: file with it (a timeline page has about a hundred files), and this one keeps no state.
MEDIA_OUT = MediaOut()


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
        return {
            role: {**MEDIA_OUT.dump(asset), "role": role}
            for role, asset in evidence.shown_media.items()
        }


class EvidencePageOut(Schema):
    items = fields.List(fields.Nested(EvidenceOut))
    next_cursor = fields.String(allow_none=True)


class EvidenceReviewIn(InSchema):
    action = fields.String(required=True, validate=validate.OneOf(("keep", "hide", "show")))


def _valid_box(values: list) -> None:
    if len(values) != 4:
        return  # the length rule says so
    left, top, width, height = values
    if not (width > 0 and height > 0 and left >= 0 and top >= 0):
        raise ValidationError("A box has a size and lies within the picture.")
    if left + width > 1.0001 or top + height > 1.0001:
        raise ValidationError("A box lies within the picture (fractions from 0 to 1).")


class FaceOut(Schema):
    id = fields.UUID()
    box = fields.List(
        fields.Float(),
        metadata={"description": "[left, top, width, height] as fractions of the picture"},
    )
    track = fields.List(
        fields.List(fields.Float()),
        allow_none=True,
        metadata={"description": "A video's face through time: [[seconds, l, t, w, h], ...]"},
    )
    source = fields.String(metadata={"description": "detected, or drawn by you"})
    keep_visible = fields.Boolean()
    own_face = fields.Boolean(metadata={"description": "Your own marked face"})
    blurred = fields.Boolean(metadata={"description": "Others see it blurred"})


class FacesOut(Schema):
    checked = fields.Boolean(metadata={"description": "Faces were looked for"})
    pending = fields.Boolean(metadata={"description": "The copies others see are being made again"})
    stay_blurred = fields.Boolean(
        metadata={
            "description": "Your school keeps faces blurred (under 16): only your own "
            "face may stay visible"
        }  # fmt: skip
    )
    own_face_marked = fields.Boolean()
    picture = fields.Nested(
        MediaOut, allow_none=True, metadata={"description": "The sharp picture the boxes are on"}
    )
    faces = fields.List(fields.Nested(FaceOut))


class FaceIn(InSchema):
    box = fields.List(
        fields.Float(allow_nan=False),
        required=True,
        validate=[validate.Length(equal=4), _valid_box],
        metadata={"description": "[left, top, width, height] as fractions of the picture"},
    )


class FaceUpdateIn(InSchema):
    keep_visible = fields.Boolean(metadata={"description": "Others see it as it is"})


class OwnFaceIn(InSchema):
    face_id = fields.UUID(
        required=True, metadata={"description": "Your face, in one of your photos"}
    )
