"""The online CV in the dossier export: its content, never its share links (they are keys
to it, not part of it). An import fills the CV only when the dossier's is still empty.

What the workplace confirmed (app.confirmations writes it beside the content) is not put back
by an import: sign-offs and levels brought along are names, never confirmations here."""

from __future__ import annotations

from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cv.models import CV
from app.db import utcnow
from app.exchange import ExportRefs, ImportPlace, bad_row, check_row, iso, only_known, parse_time
from app.input import InputRules, Text

#: A CV entry's start or end: a year, a month or a day.
PARTIAL_DATE = validate.Regexp(
    r"^[12][0-9]{3}(-[01][0-9](-[0-3][0-9])?)?$", error="Use YYYY, YYYY-MM or YYYY-MM-DD."
)


class WorkRules(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    position = fields.String(load_default="", validate=validate.Length(max=200))
    start = fields.String(load_default=None, allow_none=True, validate=PARTIAL_DATE)
    end = fields.String(load_default=None, allow_none=True, validate=PARTIAL_DATE)
    summary = Text(load_default="", validate=validate.Length(max=2000))
    internship = fields.Boolean(load_default=False)


class EducationRules(Schema):
    institution = fields.String(required=True, validate=validate.Length(min=1, max=200))
    area = fields.String(load_default="", validate=validate.Length(max=200))
    study_type = fields.String(load_default="", validate=validate.Length(max=200))
    start = fields.String(load_default=None, allow_none=True, validate=PARTIAL_DATE)
    end = fields.String(load_default=None, allow_none=True, validate=PARTIAL_DATE)


class CVRules(InputRules):
    """What the CV's text may hold, as the screen writes it."""

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
    education = fields.List(fields.Nested(EducationRules))
    work = fields.List(fields.Nested(WorkRules))


#: The parts of the CV's entries, as the app writes them.
_DATE = (str, type(None))
EDUCATION_PARTS = {"institution": str, "area": str, "study_type": str, "start": _DATE,
                   "end": _DATE}  # fmt: skip
WORK_PARTS = {"name": str, "position": str, "start": _DATE, "end": _DATE, "summary": str,
              "internship": bool}  # fmt: skip


def export_cv(session: Session, dossier, refs: ExportRefs) -> dict | None:
    cv = session.scalar(select(CV).where(CV.dossier_id == dossier.id))
    if cv is None:
        return None
    return {
        "headline": cv.headline,
        "introduction": cv.introduction,
        "email": cv.email,
        "phone": cv.phone,
        "photo": refs.evidence_ref(cv.photo_evidence_id),
        "education": list(cv.education or []),
        "work": list(cv.work or []),
        "competencies": refs.competency_refs(cv.competency_ids),
        "evidence": refs.evidence_refs(cv.evidence_ids),
        "updated_at": iso(cv.updated_at),
    }


def check_cv(data) -> None:
    if not data:
        return
    if not isinstance(data, dict):
        raise bad_row("cv", None, "", "The export's CV is damaged.")
    check_row(CVRules(), {
        **{k: data.get(k) or "" for k in ("headline", "introduction", "email", "phone")},
        "education": only_known(data.get("education"), EDUCATION_PARTS),
        "work": only_known(data.get("work"), WORK_PARTS),
    }, "cv")  # fmt: skip


def import_cv(place: ImportPlace, data: dict | None) -> None:
    """The CV comes along into a dossier whose CV is still empty; one the person made here
    already stays as it is."""
    if not data:
        return
    session, dossier = place.session, place.dossier
    cv = session.scalar(select(CV).where(CV.dossier_id == dossier.id))
    if cv is not None and any((
        cv.headline, cv.introduction, cv.email, cv.phone, cv.photo_evidence_id,
        cv.education, cv.work, cv.competency_ids, cv.evidence_ids,
    )):  # fmt: skip
        return
    if cv is None:
        cv = CV(dossier_id=dossier.id)
        session.add(cv)
    cv.headline = (data.get("headline") or "")[:200]
    cv.introduction = data.get("introduction") or ""
    cv.email = (data.get("email") or "")[:254]
    cv.phone = (data.get("phone") or "")[:50]
    cv.photo_evidence_id = place.evidence_id(data.get("photo"))
    cv.education = only_known(data.get("education"), EDUCATION_PARTS)
    cv.work = only_known(data.get("work"), WORK_PARTS)
    cv.competency_ids = place.competency_ids(data.get("competencies"))
    cv.evidence_ids = place.evidence_ids(data.get("evidence"))
    cv.updated_at = parse_time(data.get("updated_at")) or utcnow()
    place.summary["cv"] = 1
