"""Reflections from every role, the side-by-side view, and the dossier's conversation."""

from __future__ import annotations

import contextlib
import uuid

from flask import current_app, request
from flask.views import MethodView
from flask_login import login_required
from flask_smorest import Blueprint

from api import reading
from api.schemas import (
    AttachmentForm,
    MessageIn,
    MessageOut,
    ParticipantOut,
    PerspectiveOut,
    ReflectionHistoryOut,
    ReflectionIn,
    ReflectionOut,
    ReflectionUpdateIn,
)
from app import access, events
from app.auth import acting_user
from app.db import db, utcnow
from app.dossiers import reflections
from app.dossiers.models import Reflection
from app.dossiers.services import NewEvidence, create_evidence
from app.errors import Forbidden, Invalid, NotFound
from app.people import services as people
from competencies.models import FrameworkItem
from media.services import tmp_dir
from media.uploads import received_file

PREFIX = ""
blp = Blueprint("reflections", __name__, description="Reflections and the conversation")


@blp.route("/evidence/<uuid:evidence_id>/reflections")
class EvidenceReflections(MethodView):
    @blp.response(200, ReflectionOut(many=True))
    @login_required
    @reading.logged
    def get(self, evidence_id: uuid.UUID):
        """Every role's reflections on this evidence, oldest first (a coach's only for the
        owner and that coach, unless the owner shared it)."""
        user = acting_user()
        session = db.session()
        evidence = access.viewable_evidence(session, user, evidence_id)
        reading.record(evidence.dossier, "read_reflections", evidence.id, evidence.title)
        a = access.access_to(session, user, evidence.dossier)
        return reflections.reflections_on(
            session, evidence, access.readable_reflections_condition(a, user)
        )

    @blp.arguments(ReflectionIn)
    @blp.response(201, ReflectionOut)
    @login_required
    def post(self, data, evidence_id: uuid.UUID):
        """Reflect (free text, STARR or Korthagen), optionally on one linked competency
        with a level on its rating scale."""
        user = acting_user()
        session = db.session()
        evidence = access.reflectable_evidence(session, user, evidence_id)
        a = access.access_to(session, user, evidence.dossier)
        role = a.role
        if role == "coach" and data.get("level") is not None and not a.grant.coach_may_rate:
            raise Forbidden(
                "A coach gives no level ratings unless the owner asked for them.",
                code="coach_may_not_rate",
            )
        reflection = reflections.add_reflection(session, user, role, evidence, **data)
        readers = access.coaching_readers(evidence.dossier, reflection)
        payload = {"id": str(reflection.id), "evidence_id": str(evidence.id)}
        if readers is not None:
            payload["_readers"] = readers
        events.publish(session, evidence.dossier_id, "reflection_added", payload)
        told = {evidence.dossier.owner_id}
        if readers is None:  # whoever added the item hears of reflections, not of coaching
            told.add(evidence.created_by_id)
        for recipient in told - {user.id, None}:
            people.notify(
                session, recipient, "reflection", evidence.dossier_id,
                {"evidence_id": str(evidence.id), "by": user.display_name, "role": role},
            )  # fmt: skip
        db.commit()
        return reflection


@blp.route("/reflections/<uuid:reflection_id>")
class ReflectionItem(MethodView):
    @blp.response(200, ReflectionHistoryOut)
    @login_required
    @reading.logged
    def get(self, reflection_id: uuid.UUID):
        """A reflection with its earlier wordings."""
        user = acting_user()
        reflection = db.session.get(Reflection, reflection_id)
        if reflection is None or reflection.withdrawn_at is not None:
            raise NotFound("No such reflection.")
        evidence = access.viewable_evidence(db.session(), user, reflection.evidence_id)
        if not access.may_read(access.access_to(db.session(), user, evidence.dossier), user,
                               reflection):  # fmt: skip
            raise NotFound("No such reflection.")
        reading.record(evidence.dossier, "read_reflections", evidence.id, evidence.title)
        return reflection

    @blp.arguments(ReflectionUpdateIn)
    @blp.response(200, ReflectionHistoryOut)
    @login_required
    def patch(self, changes, reflection_id: uuid.UUID):
        """Change your reflection; the earlier wording is kept."""
        user = acting_user()
        reflection = reflections.own_reflection(db.session(), user, reflection_id)
        access.reflectable_evidence(db.session(), user, reflection.evidence_id)
        reflections.edit_reflection(db.session(), reflection, changes)
        db.commit()
        return reflection

    @blp.response(204)
    @login_required
    def delete(self, reflection_id: uuid.UUID):
        """Withdraw your reflection."""
        reflection = reflections.own_reflection(db.session(), acting_user(), reflection_id)
        reflections.withdraw_reflection(db.session(), reflection)
        db.commit()


@blp.route("/reflections/<uuid:reflection_id>/share")
class ReflectionShare(MethodView):
    @blp.response(200, ReflectionOut)
    @login_required
    def post(self, reflection_id: uuid.UUID):
        """Share a coach's reflection with everyone who has access to your dossier (the
        owner only; a coach's words are otherwise yours and the coach's)."""
        reflection = reflections.share_reflection(db.session(), acting_user(), reflection_id, True)
        db.commit()
        return reflection

    @blp.response(200, ReflectionOut)
    @login_required
    def delete(self, reflection_id: uuid.UUID):
        """Take the sharing back: the coach's reflection is yours and the coach's again."""
        reflection = reflections.share_reflection(db.session(), acting_user(), reflection_id, False)
        db.commit()
        return reflection


@blp.route("/dossiers/<uuid:dossier_id>/competencies/<uuid:item_id>/perspectives")
class Perspectives(MethodView):
    @blp.response(200, PerspectiveOut(many=True))
    @login_required
    @reading.logged
    def get(self, dossier_id: uuid.UUID, item_id: uuid.UUID):
        """Side by side: what each role says about one competency, and their levels over time."""
        user = acting_user()
        session = db.session()
        dossier = access.viewable_dossier(session, user, dossier_id)
        a = access.access_to(session, user, dossier)
        visible = access.visible_evidence_condition(a, user)
        readable = access.readable_reflections_condition(a, user)
        shown = reflections.perspectives(session, dossier, item_id, visible, readable)
        item = session.get(FrameworkItem, item_id)
        label = item.full_statement if item is not None else ""
        reading.record(dossier, "read_perspectives", item_id, label)
        return shown


@blp.route("/dossiers/<uuid:dossier_id>/messages")
class Messages(MethodView):
    @blp.response(200, MessageOut(many=True))
    @login_required
    @reading.logged
    def get(self, dossier_id: uuid.UUID):
        """The conversation around the dossier (owner, and those who reflect or contribute)."""
        user = acting_user()
        dossier = _conversation(dossier_id)
        reading.record(dossier, "read_conversation", dossier.id)
        readable = access.readable_messages_condition(
            access.access_to(db.session(), user, dossier), user
        )
        return _with_attachments(reflections.messages_of(db.session(), dossier, readable))

    @blp.arguments(MessageIn)
    @blp.response(201, MessageOut)
    @login_required
    def post(self, data, dossier_id: uuid.UUID):
        """Write in the conversation; @mentions (user ids) are notified."""
        user = acting_user()
        session = db.session()
        dossier = _conversation(dossier_id)
        role = access.access_to(session, user, dossier).role
        message = reflections.post_message(
            session, user, role, dossier, body=data["body"], mentions=data["mentions"],
            coaching=data.get("coaching"),
        )  # fmt: skip
        _publish_message(session, dossier, message)
        _with_attachments([message])
        for mentioned in data["mentions"]:
            if mentioned != user.id:
                people.notify(
                    session, mentioned, "mention", dossier.id,
                    {"message_id": str(message.id), "by": user.display_name},
                )  # fmt: skip
        db.commit()
        return message


@blp.route("/dossiers/<uuid:dossier_id>/participants", methods=["GET"])
@blp.response(200, ParticipantOut(many=True))
@login_required
def participants(dossier_id: uuid.UUID):
    """Who takes part in the conversation (and can be @mentioned): the owner, and those who
    reflect or contribute now."""
    return reflections.conversation_participants(db.session(), _conversation(dossier_id))


@blp.route("/dossiers/<uuid:dossier_id>/messages/attachment", methods=["POST"])
@blp.arguments(AttachmentForm, location="form", content_type="multipart/form-data")
@blp.response(201, MessageOut)
@login_required
def post_attachment(form, dossier_id: uuid.UUID):
    """Share a photo, video or file in the conversation (owner and contributors). It is
    stored as a hidden evidence item; the owner keeps it as evidence with
    `POST /evidence/{id}/review {"action": "show"}`."""
    user = acting_user()
    session = db.session()
    dossier = access.contributable_dossier(session, user, dossier_id)
    role = access.access_to(session, user, dossier).role
    if request.files.get("file") is None:
        raise Invalid("Attach a file.", {"file": ["Required."]})
    db.commit()  # nothing held while the file is hashed and inspected
    with received_file(
        request.files["file"], tmp_dir=tmp_dir(), max_bytes=current_app.config["MAX_UPLOAD_BYTES"]
    ) as upload:
        data = NewEvidence(title=(form["body"] or upload.filename)[:200], created_role=role)
        evidence, created = create_evidence(session, user, dossier, data, upload)
        if created:  # in the conversation only, until the owner keeps it as evidence
            evidence.hidden_at = utcnow()
        message = reflections.post_message(
            session, user, role, dossier, body=form["body"], attachment=evidence
        )
        _publish_message(session, dossier, message)
        db.commit()
    return _with_attachments([message])[0]


def _publish_message(session, dossier, message) -> None:
    payload = {"id": str(message.id)}
    readers = access.coaching_readers(dossier, message)
    if readers is not None:
        payload["_readers"] = readers
    events.publish(session, dossier.id, "message_posted", payload)


def _with_attachments(messages):
    """Attach the file of each message the viewer may see (hidden items: owner and author)."""
    user = acting_user()
    for message in messages:
        message.shown_attachment = None
        if message.evidence_id is not None:
            with contextlib.suppress(NotFound):
                message.shown_attachment = access.viewable_evidence(
                    db.session(), user, message.evidence_id
                )
    return messages


def _conversation(dossier_id: uuid.UUID):
    session = db.session()
    user = acting_user()
    dossier = access.viewable_dossier(session, user, dossier_id)
    a = access.access_to(session, user, dossier)
    if not (a.owner or a.has("reflect") or a.has("contribute")):
        raise NotFound("No such dossier.")
    return dossier
