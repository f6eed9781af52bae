"""Internship reports in the dossier export, with their sign-offs as names: who confirmed
a report keeps their account here. An import marks every sign-off as taken from an export
(never counted as a confirmation given in this Bagage) and skips a report the dossier has."""

from __future__ import annotations

from datetime import date

from marshmallow import fields, validate
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.db import utcnow
from app.exchange import (
    ExportRefs,
    ImportPlace,
    bad_row,
    check_date,
    check_row,
    iso,
    name_of,
    parse_time,
    rows_of,
)
from app.input import InputRules, Text
from app.reports.models import InternshipReport
from app.reports.services import LANGUAGES


class ReportRules(InputRules):
    """What a report may hold, as the screens write it."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    internship = fields.String(load_default="", validate=validate.Length(max=200))
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    hours = fields.Float(load_default=None, allow_none=True, validate=validate.Range(min=0))
    summary = Text(load_default="", validate=validate.Length(max=10_000))
    language = fields.String(load_default="nl", validate=validate.OneOf(LANGUAGES))


def export_reports(session: Session, dossier, refs: ExportRefs) -> list[dict]:
    reports = session.scalars(
        select(InternshipReport)
        .where(InternshipReport.dossier_id == dossier.id)
        .order_by(InternshipReport.period_start, InternshipReport.created_at, InternshipReport.id)
    ).all()
    return [_entry(session, r, refs) for r in reports]


def _entry(session: Session, report: InternshipReport, refs: ExportRefs) -> dict:
    author = session.get(User, report.created_by_id) if report.created_by_id else None
    return {
        "title": report.title,
        "internship": report.internship,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        # None: every item of the period, as the report itself says.
        "evidence": (
            None if report.evidence_ids is None else refs.evidence_refs(report.evidence_ids)
        ),
        "hours": report.hours,
        "summary": report.summary,
        "language": report.language,
        # Who confirmed it, as names: their accounts stay behind. A sign-off that came in
        # with an earlier import keeps its mark: it was never confirmed in this Bagage.
        "signoffs": [
            {"role": s.get("role", ""), "name": s.get("name", ""), "signed_at": s.get("signed_at"),
             **({"imported": True} if s.get("imported") else {})}
            for s in report.signoffs or []
        ],
        "created_by": name_of(author, report.created_by_name),
        "created_at": iso(report.created_at),
        "updated_at": iso(report.updated_at),
    }  # fmt: skip


def check_reports(entries) -> None:
    """Refuse reports the app itself would refuse, naming the row."""
    for row, r in enumerate(rows_of(entries, "report"), start=1):
        check_row(ReportRules(), {
            key: r.get(key) for key in ("title", "period_start", "period_end", "hours")
        } | {"internship": r.get("internship") or "", "summary": r.get("summary") or ""},
            "report", row)  # fmt: skip
        if check_date(r["period_end"], "report", row, "period_end") < check_date(
            r["period_start"], "report", row, "period_start"
        ):
            raise bad_row("report", row, "period_end", f"The export's report {row} ends "
                          "before it starts. Nothing was imported.")  # fmt: skip
        for signoff in rows_of(r.get("signoffs"), "report"):
            if not all(isinstance(signoff.get(k), str) for k in ("role", "name", "signed_at")):
                raise bad_row("report", row, "signoffs", f"The export's report {row} has a "
                              "sign-off this Bagage does not accept. Nothing was "
                              "imported.")  # fmt: skip
            check_date(signoff["signed_at"], "report", row, "signed_at")


def import_reports(place: ImportPlace, entries: list[dict]) -> None:
    session, dossier = place.session, place.dossier
    present = {
        (r.title, r.internship, r.period_start, r.period_end)
        for r in session.scalars(
            select(InternshipReport).where(InternshipReport.dossier_id == dossier.id)
        )
    }
    for data in entries:
        start = date.fromisoformat(data["period_start"])
        end = date.fromisoformat(data["period_end"])
        key = (data["title"][:200], (data.get("internship") or "")[:200], start, end)
        if key in present:
            continue
        present.add(key)
        by_owner = data.get("created_by") == place.owner_name
        refs = data.get("evidence")
        session.add(InternshipReport(
            dossier_id=dossier.id, title=key[0], internship=key[1],
            period_start=start, period_end=end,
            evidence_ids=None if refs is None else place.evidence_ids(refs),
            hours=data.get("hours"), summary=data.get("summary") or "",
            language=data.get("language") if data.get("language") in LANGUAGES else "nl",
            # Signers from elsewhere are names: nobody here is taken for them, and a
            # manifest can be edited by hand, so each is marked as taken from an export
            # (shown so, and never counted as a confirmation given here).
            signoffs=[
                {"role": s.get("role", ""), "name": s.get("name", ""), "user_id": None,
                 "imported": True, "signed_at": s.get("signed_at")}
                for s in data.get("signoffs") or []
            ],
            created_by_id=place.user.id if by_owner else None,
            created_by_name="" if by_owner else (data.get("created_by") or "")[:200],
            created_at=parse_time(data.get("created_at")) or utcnow(),
            updated_at=parse_time(data.get("updated_at")) or utcnow(),
        ))  # fmt: skip
        place.summary["reports"] += 1
