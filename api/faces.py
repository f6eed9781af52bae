"""Faces in photos and videos: blurred in every copy others see. The owner sees where they
are, keeps a face visible, draws a box over one the app missed, and marks their own face."""

from __future__ import annotations

import uuid

from flask_login import login_required

from api.auth import me_payload
from api.blueprint import Blueprint
from api.schemas import FaceIn, FacesOut, FaceUpdateIn, MeOut, OwnFaceIn
from app import access
from app.auth import acting_user
from app.db import db
from media import services as media
from media.faces import Box

PREFIX = ""
blp = Blueprint("faces", __name__, description="Faces blurred for others")


def _faces_answer(session, owner, evidence) -> dict:
    stay_blurred = access.faces_stay_blurred(session, owner)
    faces = media.faces_of(session, evidence)
    picture = (
        evidence.asset("sharp_display")
        or evidence.asset("display")
        or evidence.asset("sharp_poster")
        or evidence.asset("poster")
    )
    return {
        "checked": evidence.faces_checked_at is not None,
        "pending": evidence.faces_pending,
        "stay_blurred": stay_blurred,
        "own_face_marked": media.own_face_signature(owner) is not None,
        "picture": picture,
        "faces": [
            {
                "id": f.id,
                "box": f.box,
                "track": f.track,
                "source": f.source,
                "keep_visible": f.keep_visible,
                "own_face": f.own_face,
                "blurred": media.is_blurred(f, stay_blurred=stay_blurred),
            }
            for f in faces
        ],
    }


@blp.route("/evidence/<uuid:evidence_id>/faces", methods=["GET"])
@blp.response(200, FacesOut)
@login_required
def list_faces(evidence_id: uuid.UUID):
    """The faces in your photo or video and whether others see them blurred (yours only)."""
    session, owner = db.session(), acting_user()
    evidence = access.owned_evidence(session, owner, evidence_id)
    return _faces_answer(session, owner, evidence)


@blp.route("/evidence/<uuid:evidence_id>/faces", methods=["POST"])
@blp.arguments(FaceIn)
@blp.response(201, FacesOut)
@login_required
def draw_face(data, evidence_id: uuid.UUID):
    """Box a face the app missed: others see it blurred (in a video, all the way through)."""
    session, owner = db.session(), acting_user()
    evidence = access.owned_evidence(session, owner, evidence_id)
    media.draw_face(session, evidence, Box.from_list(data["box"]))
    return _faces_answer(session, owner, evidence)


@blp.route("/faces/<uuid:face_id>", methods=["PATCH"])
@blp.arguments(FaceUpdateIn)
@blp.response(200, FacesOut)
@login_required
def update_face(data, face_id: uuid.UUID):
    """Keep a face visible for others (your own, or a child whose parents said yes), or blur
    it again. The copies others see are made again in the background."""
    session, owner = db.session(), acting_user()
    face = access.face_of_owned_evidence(session, owner, face_id)
    if "keep_visible" in data:
        media.keep_face_visible(session, owner, face, data["keep_visible"])
    return _faces_answer(session, owner, access.owned_evidence(session, owner, face.evidence_id))


@blp.route("/faces/<uuid:face_id>", methods=["DELETE"])
@blp.response(200, FacesOut)
@login_required
def remove_face(face_id: uuid.UUID):
    """Take away a box you drew."""
    session, owner = db.session(), acting_user()
    face = access.face_of_owned_evidence(session, owner, face_id)
    evidence = access.owned_evidence(session, owner, face.evidence_id)
    media.remove_drawn_face(session, face)
    return _faces_answer(session, owner, evidence)


@blp.route("/me/face", methods=["PUT"])
@blp.arguments(OwnFaceIn)
@blp.response(200, MeOut)
@login_required
def mark_own_face(data):
    """ "This is me": your face stays visible in this photo and is recognised in your later
    ones. Only a descriptor of your face is kept (encrypted); nobody else's ever is."""
    session, owner = db.session(), acting_user()
    face = access.face_of_owned_evidence(session, owner, data["face_id"])
    media.mark_own_face(session, owner, face)
    return me_payload(owner)


@blp.route("/me/face", methods=["DELETE"])
@blp.response(200, MeOut)
@login_required
def forget_own_face():
    """Forget your marked face (faces you kept visible stay as you chose)."""
    session, owner = db.session(), acting_user()
    media.forget_own_face(session, owner)
    return me_payload(owner)
