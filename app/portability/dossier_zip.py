"""The dossier as one zip that moves with its owner: export and import.

Layout (format "bagage-dossier", version 2):
    manifest.json          everything but the bytes: evidence, competency links by CASE
                           identifiers (with the frameworks' CASE packages), reflections with
                           author names and roles, the conversation, the internship reports
                           with their sign-offs, the online CV (not its share links: those
                           are keys, not content), and growth: the development plan, the
                           professionalisation log and the owner's working time
    media/<n>/<role>.<ext> the original and every derived file, each with its sha256 in the
                           manifest
    index.html             the dossier readable offline in any browser

The coaching notes (confidential: the coach and the owner only) are part of the owner's
export: in the manifest and in a clearly marked section of index.html. An import brings them
back with the coach kept as a name.

An import goes into the importing person's own dossier (the app works with one): an empty
dossier takes the export's title and dates, so export → import → export gives the same; items
that are there already (same client_uid or the same original file) are skipped, so importing
the same zip twice adds nothing twice. Reports, the CV, goals and activities refer to
evidence by the manifest's ref numbers and to competencies by CASE identifiers; an import
points them at what the dossier holds (also items that were there already), skips a report,
goal or activity that is there already, and fills the CV only when the dossier's is empty.
Version 1 exports (without those sections) are still read.

Both directions stream: media are copied in chunks between the zip and the storage backend,
never held in memory. An import checks every file against its sha256 and refuses anything
not named in the manifest. The manifest's content types are never believed: each file's type
is decided from its bytes by the inspection uploads use, and an item with a file that is no
accepted media (a page or a script posing as a photo) is left out, named in the summary's
`refused` with the reason.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.cv.models import CV
from app.db import utcnow
from app.dossiers.models import Dossier, Evidence, Message, Reflection, ReflectionVersion
from app.errors import DomainError, Invalid, TooLarge
from app.growth.models import (
    ACTIVITY_KINDS,
    GOAL_STATUSES,
    Activity,
    CoachingNote,
    Goal,
    GrowthSettings,
)
from app.reports.models import InternshipReport
from competencies.case import export_package, import_package
from competencies.models import DossierFramework, EvidenceLink, Framework, FrameworkItem
from media.inspect import Inspection, inspect_file
from media.models import MEDIA_ROLES, MediaAsset
from media.services import dossier_usage, media_limits
from media.storage import get_storage

FORMAT = "bagage-dossier"
VERSION = 2
#: Older manifests this Bagage still imports (version 1 had no reports, CV or growth).
READABLE_VERSIONS = (1, 2)
CHUNK = 1024 * 1024
EXTENSIONS = {
    "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/heic": "heic",
    "image/gif": "gif", "application/pdf": "pdf", "video/mp4": "mp4",
    "video/quicktime": "mov", "video/webm": "webm", "video/x-matroska": "mkv",
    "audio/mp4": "m4a", "audio/mpeg": "mp3", "audio/ogg": "ogg", "audio/webm": "webm",
}  # fmt: skip

Progress = Callable[[int], None]
#: A manifest larger than this is refused before it is read (a real one is a few MB).
MANIFEST_MAX_BYTES = 32 * 1024 * 1024
#: A file above ZIP_BOMB_SIZE that unpacks to more than this many times its packed size is
#: refused: real media hardly compress, a zip bomb does by a factor of a thousand.
ZIP_BOMB_RATIO = 1000
ZIP_BOMB_SIZE = 1024 * 1024
MEDIA_EXTENSION = re.compile(r"[a-z0-9]{1,8}")
SHA256 = re.compile(r"[0-9a-f]{64}")


def refuse(message: str, code: str, cls: type[DomainError] = Invalid, **params) -> DomainError:
    """An import refused, with a code and the values an app needs to say why in its own
    language (kept on the job); message is the English fallback."""
    error = cls(message, code=code)
    error.params = params
    return error


def _extension(content_type: str) -> str:
    return EXTENSIONS.get(content_type, "bin")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _name(user: User | None, fallback: str) -> str:
    return user.display_name if user is not None else fallback


# --- export ---------------------------------------------------------------------------


def build_manifest(session: Session, dossier: Dossier) -> dict:
    evidence = session.scalars(
        select(Evidence)
        .where(Evidence.dossier_id == dossier.id)
        .order_by(Evidence.occurred_at, Evidence.created_at, Evidence.id)
    ).all()
    links = session.execute(
        select(EvidenceLink, FrameworkItem, Framework)
        .join(FrameworkItem, FrameworkItem.id == EvidenceLink.item_id)
        .join(Framework, Framework.id == FrameworkItem.framework_id)
        .where(EvidenceLink.evidence_id.in_([e.id for e in evidence]))
    ).all()
    reflections = session.scalars(
        select(Reflection)
        .where(Reflection.evidence_id.in_([e.id for e in evidence]),
               Reflection.withdrawn_at.is_(None))
        .order_by(Reflection.created_at)
    ).all()  # fmt: skip
    items_by_id = {item.id: (item, framework) for _, item, framework in links}
    for reflection in reflections:
        if reflection.item_id and reflection.item_id not in items_by_id:
            item = session.get(FrameworkItem, reflection.item_id)
            items_by_id[item.id] = (item, item.framework)
    reports = session.scalars(
        select(InternshipReport)
        .where(InternshipReport.dossier_id == dossier.id)
        .order_by(InternshipReport.period_start, InternshipReport.created_at, InternshipReport.id)
    ).all()
    cv = session.scalar(select(CV).where(CV.dossier_id == dossier.id))
    goals = session.scalars(
        select(Goal)
        .where(Goal.dossier_id == dossier.id)
        .order_by(Goal.school_year, Goal.created_at, Goal.id)
    ).all()
    activities = session.scalars(
        select(Activity)
        .where(Activity.dossier_id == dossier.id)
        .order_by(Activity.on_date, Activity.created_at, Activity.id)
    ).all()
    # Competencies chosen for the CV, goals and activities: their frameworks come along too.
    wanted = {
        uuid.UUID(i)
        for row in [*([cv] if cv else []), *goals, *activities]
        for i in row.competency_ids or []
    } - set(items_by_id)
    if wanted:
        for item in session.scalars(select(FrameworkItem).where(FrameworkItem.id.in_(wanted))):
            items_by_id[item.id] = (item, item.framework)
    chosen = session.scalars(
        select(Framework)
        .join(DossierFramework, DossierFramework.framework_id == Framework.id)
        .where(DossierFramework.dossier_id == dossier.id)
    ).all()
    frameworks = {f.id: f for f in chosen}
    frameworks.update({f.id: f for _, f in items_by_id.values()})

    entries = []
    for number, item in enumerate(evidence, start=1):
        entries.append({
            "ref": number,
            "kind": item.kind,
            "title": item.title,
            "description": item.description,
            "occurred_at": _iso(item.occurred_at),
            "created_at": _iso(item.created_at),
            "created_by": _name(item.created_by, item.created_by_name),
            "created_role": item.created_role,
            "hidden": item.hidden_at is not None,
            # Added on the owner's behalf and kept by the owner: their consent to share it.
            "reviewed": item.reviewed_at is not None,
            "status": item.status,
            "status_reason": item.status_reason,
            "client_uid": item.client_uid,
            "media": [
                {
                    "role": asset.role,
                    "path": f"media/{number}/{asset.role}.{_extension(asset.content_type)}",
                    "content_type": asset.content_type,
                    "size_bytes": asset.size_bytes,
                    "sha256": asset.sha256,
                    "width": asset.width,
                    "height": asset.height,
                    "duration_seconds": asset.duration_seconds,
                    "original_filename": asset.original_filename,
                }
                for asset in sorted(item.media, key=lambda a: a.role)
            ],
            "competencies": sorted(
                (
                    {"framework": framework.identifier, "item": linked.identifier,
                     "code": linked.human_code, "statement": linked.full_statement,
                     "note": link.note}
                    for link, linked, framework in links
                    if link.evidence_id == item.id
                ),
                key=lambda c: (c["framework"], c["code"], c["item"]),
            ),
            "reflections": [
                {
                    "author": _name(r.author, r.author_name),
                    "author_role": r.author_role,
                    "model": r.model,
                    "content": r.content,
                    "competency": (
                        {"framework": items_by_id[r.item_id][1].identifier,
                         "item": items_by_id[r.item_id][0].identifier}
                        if r.item_id else None
                    ),
                    "level": r.level,
                    "level_label": r.level_label,
                    "created_at": _iso(r.created_at),
                    "updated_at": _iso(r.updated_at),
                    "history": [
                        {"content": v.content, "level": v.level, "level_label": v.level_label,
                         "created_at": _iso(v.created_at)}
                        for v in r.versions
                    ],
                }
                for r in reflections
                if r.evidence_id == item.id
            ],
        })  # fmt: skip
    messages = session.scalars(
        select(Message).where(Message.dossier_id == dossier.id).order_by(Message.created_at)
    ).all()
    by_evidence = {e.id: n for n, e in enumerate(evidence, start=1)}
    notes = session.scalars(
        select(CoachingNote)
        .where(CoachingNote.dossier_id == dossier.id)
        .order_by(CoachingNote.session_date, CoachingNote.created_at, CoachingNote.id)
    ).all()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "owner": {"name": dossier.owner.display_name},
        "dossier": {"title": dossier.title, "created_at": _iso(dossier.created_at)},
        "frameworks": [
            {
                "identifier": f.identifier,
                "title": f.title,
                "builtin": f.is_builtin,
                "chosen": f.id in {c.id for c in chosen},
                "package": export_package(session, f),
            }
            for f in sorted(frameworks.values(), key=lambda f: f.identifier)
        ],  # fmt: skip
        "evidence": entries,
        "messages": [
            {
                "author": _name(m.author, ""),
                "author_role": m.author_role,
                "body": m.body,
                "created_at": _iso(m.created_at),
                "evidence_ref": by_evidence.get(m.evidence_id),
            }
            for m in messages
        ],  # fmt: skip
        # Confidential: only the owner and the coach who wrote them read these.
        "coaching_notes": [
            {
                "coach": _name(session.get(User, n.coach_id) if n.coach_id else None, n.coach_name),
                "session_date": n.session_date.isoformat(),
                "body": n.body,
                "created_at": _iso(n.created_at),
                "updated_at": _iso(n.updated_at),
            }
            for n in notes
        ],  # fmt: skip
        "reports": [_report_entry(session, r, by_evidence) for r in reports],
        "cv": _cv_entry(cv, by_evidence, items_by_id) if cv else None,
        "growth": _growth_entry(session, dossier, goals, activities, by_evidence, items_by_id),
    }


def _competency_refs(ids: list | None, items_by_id: dict) -> list[dict]:
    """Competencies by their framework's and item's CASE identifiers, in the stored order;
    one that was deleted here is left out."""
    refs = []
    for value in ids or []:
        found = items_by_id.get(uuid.UUID(value))
        if found:
            item, framework = found
            refs.append({"framework": framework.identifier, "item": item.identifier,
                         "code": item.human_code, "statement": item.full_statement})  # fmt: skip
    return refs


def _evidence_refs(ids: list | None, by_evidence: dict) -> list[int]:
    """Evidence by the manifest's ref numbers, in the stored order; gone items are left out."""
    refs = (by_evidence.get(uuid.UUID(i)) for i in ids or [])
    return [ref for ref in refs if ref is not None]


def _report_entry(session: Session, report: InternshipReport, by_evidence: dict) -> dict:
    author = session.get(User, report.created_by_id) if report.created_by_id else None
    return {
        "title": report.title,
        "internship": report.internship,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        # None: every item of the period, as the report itself says.
        "evidence": (
            None if report.evidence_ids is None
            else _evidence_refs(report.evidence_ids, by_evidence)
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
        "created_by": _name(author, report.created_by_name),
        "created_at": _iso(report.created_at),
        "updated_at": _iso(report.updated_at),
    }  # fmt: skip


def _cv_entry(cv: CV, by_evidence: dict, items_by_id: dict) -> dict:
    """The CV's content; never its share links (they are keys to it, not part of it)."""
    photo = by_evidence.get(cv.photo_evidence_id) if cv.photo_evidence_id else None
    return {
        "headline": cv.headline,
        "introduction": cv.introduction,
        "email": cv.email,
        "phone": cv.phone,
        "photo": photo,
        "education": list(cv.education or []),
        "work": list(cv.work or []),
        "competencies": _competency_refs(cv.competency_ids, items_by_id),
        "evidence": _evidence_refs(cv.evidence_ids, by_evidence),
        "updated_at": _iso(cv.updated_at),
    }


def _amount(value: Decimal | None) -> str | None:
    """Hours and money as exact decimal strings."""
    return None if value is None else str(value)


def _growth_entry(session, dossier, goals, activities, by_evidence, items_by_id) -> dict:
    """The development plan, the professionalisation log and the owner's working time."""
    settings = session.get(GrowthSettings, dossier.owner_id)
    goal_refs = {g.id: n for n, g in enumerate(goals, start=1)}
    return {
        "settings": None if settings is None else {
            "fte": _amount(settings.fte),
            "hours_override": _amount(settings.hours_override),
            "budget_override": _amount(settings.budget_override),
        },
        "goals": [
            {
                "ref": goal_refs[g.id],
                "school_year": g.school_year,
                "title": g.title,
                "description": g.description,
                "target_date": g.target_date.isoformat() if g.target_date else None,
                "planned_activities": g.planned_activities,
                "status": g.status,
                "competencies": _competency_refs(g.competency_ids, items_by_id),
                "evidence": _evidence_refs(g.evidence_ids, by_evidence),
                "progress": list(g.progress_notes or []),
                "created_at": _iso(g.created_at),
                "updated_at": _iso(g.updated_at),
            }
            for g in goals
        ],
        "activities": [
            {
                "kind": a.kind,
                "title": a.title,
                "on_date": a.on_date.isoformat(),
                "hours": _amount(a.hours),
                "cost": _amount(a.cost),
                "provider": a.provider,
                "planned": a.planned,
                "certificate": (
                    by_evidence.get(a.certificate_evidence_id)
                    if a.certificate_evidence_id else None
                ),
                "goals": [
                    goal_refs[uuid.UUID(i)] for i in a.goal_ids or []
                    if uuid.UUID(i) in goal_refs
                ],
                "competencies": _competency_refs(a.competency_ids, items_by_id),
                "created_at": _iso(a.created_at),
            }
            for a in activities
        ],
    }  # fmt: skip


def write_export(session: Session, dossier: Dossier, target: Path, progress: Progress) -> dict:
    """Write the zip to target, streaming every file from storage. Returns the manifest."""
    manifest = build_manifest(session, dossier)
    storage = get_storage()
    assets = {
        (entry["ref"], media["role"]): media
        for entry in manifest["evidence"]
        for media in entry["media"]
    }
    keys = {}
    for number, item in enumerate(
        session.scalars(
            select(Evidence)
            .where(Evidence.dossier_id == dossier.id)
            .order_by(Evidence.occurred_at, Evidence.created_at, Evidence.id)
        ),
        start=1,
    ):
        for asset in item.media:
            keys[(number, asset.role)] = asset.storage_key
    total = sum(m["size_bytes"] for m in assets.values()) or 1
    done = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for ref_role, media in assets.items():
            info = zipfile.ZipInfo(media["path"], date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED  # media are compressed already
            with (
                storage.open(keys[ref_role]) as source,
                archive.open(info, "w", force_zip64=True) as sink,
            ):
                while chunk := source.read(CHUNK):
                    sink.write(chunk)
                    done += len(chunk)
                    progress(min(99, 100 * done // total))
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        archive.writestr("index.html", offline_page(manifest))
    progress(100)
    return manifest


def offline_page(manifest: dict) -> str:
    """A page that shows the dossier from the zip's own files, with no network or script."""
    e = html.escape
    rows = []
    for entry in reversed(manifest["evidence"]):
        media = {m["role"]: m for m in entry["media"]}
        picture = media.get("display") or media.get("poster") or media.get("thumbnail")
        figure = ""
        if entry["kind"] == "video" and ("playable" in media or "original" in media):
            src = (media.get("playable") or media["original"])["path"]
            poster = f' poster="{e(picture["path"])}"' if picture else ""
            figure = f'<video controls preload="none" src="{e(src)}"{poster}></video>'
        elif entry["kind"] == "audio" and ("playable" in media or "original" in media):
            src = (media.get("playable") or media["original"])["path"]
            figure = f'<audio controls src="{e(src)}"></audio>'
        elif picture:
            figure = f'<img src="{e(picture["path"])}" alt="" loading="lazy">'
        elif "original" in media:
            original = media["original"]
            label = e(original["original_filename"] or "bestand")
            figure = f'<a href="{e(original["path"])}">{label}</a>'
        competencies = "".join(
            f"<li>{e(c['code'])} {e(c['statement'])}</li>" for c in entry["competencies"]
        )
        reflections = "".join(
            f"<li><strong>{e(r['author'])} ({e(r['author_role'])})</strong>"
            + (f" – {e(r['level_label'])}" if r["level_label"] else "")
            + "".join(f"<p>{e(k)}: {e(v)}</p>" for k, v in r["content"].items() if v)
            + "</li>"
            for r in entry["reflections"]
        )
        rows.append(
            f"<article id=e{entry['ref']}><h3>{e(entry['title'] or entry['kind'])}</h3>"
            f"<p class=meta>{e((entry['occurred_at'] or '')[:10])} · {e(entry['created_by'])}</p>"
            f"{figure}<p>{e(entry['description'])}</p>"
            + (f"<ul class=comp>{competencies}</ul>" if competencies else "")
            + (f"<ul class=refl>{reflections}</ul>" if reflections else "")
            + "</article>"
        )
    notes = manifest.get("coaching_notes") or []
    confidential = ""
    if notes:
        confidential = (
            "<section class=confidential aria-labelledby=coaching>"
            "<h2 id=coaching>Vertrouwelijk: coachingsgesprekken</h2>"
            "<p><strong>Alleen voor jou en je coach.</strong> Deel dit deel van je dossier niet "
            "zonder overleg.</p>"
            + "".join(
                f"<article><h3>{e(n['session_date'])} · {e(n['coach'] or 'coach')}</h3>"
                + "".join(f"<p>{e(line)}</p>" for line in n["body"].splitlines() if line.strip())
                + "</article>"
                for n in notes
            )
            + "</section>"
        )
    return (
        "<!doctype html><html lang=nl><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'>"
        f"<title>{e(manifest['owner']['name'])} – Bagage</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:auto;padding:1rem;"
        "color:#1c2733}article{border-bottom:1px solid #ccd;padding:1rem 0}"
        "img,video{max-width:100%}table{border-collapse:collapse;width:100%;font-size:.9em}"
        "td,th{border-bottom:1px solid #ccd;padding:.25rem;text-align:left;vertical-align:top}"
        ".num{text-align:right;white-space:nowrap}.part{margin:1rem 0}.photo{max-width:10rem}"
        ".meta{color:#4a5563}.confidential{border:3px solid #8a1c1c;padding:0 1rem;"
        "margin:1rem 0}.confidential h2{color:#8a1c1c}</style>"
        f"<h1>{e(manifest['owner']['name'])}</h1>"
        f"<p>Bagage-dossier, geëxporteerd op {e(manifest['exported_at'][:10])}.</p>"
        + _cv_html(manifest)
        + _reports_html(manifest)
        + _growth_html(manifest)
        + "<section aria-labelledby=evidence><h2 id=evidence>Bewijsstukken</h2>"
        + "".join(rows)
        + "</section>"
        + confidential
        + "</html>"
    )


ROLE_LABELS = {"owner": "eigenaar", "employer": "werkgever", "coordinator": "coördinator",
               "mentor": "mentor", "teacher": "docent", "coach": "coach"}  # fmt: skip
GOAL_STATUS_LABELS = {"planned": "gepland", "in_progress": "bezig", "achieved": "bereikt",
                      "dropped": "gestopt"}  # fmt: skip


def _dutch(value, places: int = 2) -> str:
    """12.5 → "12,50"; thousands with a dot, as in Dutch."""
    text = f"{Decimal(str(value or 0)):,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _dutch_date(value: str | None) -> str:
    return "" if not value else "-".join(reversed(value[:10].split("-")))


def _evidence_links(manifest: dict, refs: list[int] | None) -> str:
    """Evidence named by title, each a link to its place further down the page."""
    titles = {e["ref"]: e["title"] or e["kind"] for e in manifest["evidence"]}
    return ", ".join(
        f'<a href="#e{ref}">{html.escape(titles[ref])}</a>' for ref in refs or [] if ref in titles
    )


def _competency_list(refs: list[dict]) -> str:
    e = html.escape
    return "".join(f"<li>{e(c.get('code') or '')} {e(c.get('statement') or '')}</li>" for c in refs)


def _cv_html(manifest: dict) -> str:
    cv = manifest.get("cv")
    if not cv:
        return ""
    e = html.escape
    photo = ""
    if cv.get("photo"):
        entry = next((x for x in manifest["evidence"] if x["ref"] == cv["photo"]), None)
        media = {m["role"]: m for m in entry["media"]} if entry else {}
        picture = media.get("display") or media.get("thumbnail")
        if picture:
            photo = f'<img class=photo src="{e(picture["path"])}" alt="Profielfoto">'

    def period(item: dict) -> str:
        return " – ".join(x for x in (item.get("start") or "", item.get("end") or "") if x)

    education = "".join(
        f"<li><strong>{e(x.get('institution', ''))}</strong>"
        + "".join(f", {e(x[k])}" for k in ("study_type", "area") if x.get(k))
        + (f" <span class=meta>{e(period(x))}</span>" if period(x) else "")
        + "</li>"
        for x in cv.get("education") or []
    )
    work = "".join(
        f"<li><strong>{e(x.get('position') or '')}</strong> {e(x.get('name', ''))}"
        + (" (stage)" if x.get("internship") else "")
        + (f" <span class=meta>{e(period(x))}</span>" if period(x) else "")
        + (f"<p>{e(x['summary'])}</p>" if x.get("summary") else "")
        + "</li>"
        for x in cv.get("work") or []
    )
    contact = " · ".join(e(cv[k]) for k in ("email", "phone") if cv.get(k))
    shown = _evidence_links(manifest, cv.get("evidence"))
    competencies = _competency_list(cv.get("competencies") or [])
    return (
        "<section class=part aria-labelledby=cv><h2 id=cv>Online cv</h2>" + photo
        + (f"<p><strong>{e(cv['headline'])}</strong></p>" if cv.get("headline") else "")
        + "".join(f"<p>{e(line)}</p>" for line in (cv.get("introduction") or "").splitlines()
                  if line.strip())
        + (f"<p>Contact: {contact}</p>" if contact else "")
        + (f"<h3>Opleiding</h3><ul>{education}</ul>" if education else "")
        + (f"<h3>Werk en stages</h3><ul>{work}</ul>" if work else "")
        + (f"<h3>Competenties</h3><ul>{competencies}</ul>" if competencies else "")
        + (f"<p>Getoond werk: {shown}</p>" if shown else "")
        + "</section>"
    )  # fmt: skip


def _reports_html(manifest: dict) -> str:
    reports = manifest.get("reports") or []
    if not reports:
        return ""
    e = html.escape
    parts = []
    for r in reports:
        signoffs = "".join(
            f"<li>{e(s['name'])} ({e(ROLE_LABELS.get(s['role'], s['role']))}), "
            f"akkoord op {e(_dutch_date(s.get('signed_at')))}"
            + (
                " (overgenomen uit een export, niet in deze Bagage bevestigd)"
                if s.get("imported")
                else ""
            )
            + "</li>"
            for s in r.get("signoffs") or []
        )
        evidence = (
            "alle bewijsstukken uit de periode"
            if r.get("evidence") is None
            else _evidence_links(manifest, r["evidence"]) or "geen"
        )
        meta = " · ".join(
            part
            for part in (
                r.get("internship") or "",
                f"{_dutch_date(r['period_start'])} t/m {_dutch_date(r['period_end'])}",
                f"{_dutch(r['hours'], 1)} uur" if r.get("hours") is not None else "",
                "Engels" if r.get("language") == "en" else "Nederlands",
            )
            if part
        )
        parts.append(
            f"<article><h3>{e(r['title'])}</h3>"
            f"<p class=meta>{e(meta)}</p>"
            + "".join(f"<p>{e(line)}</p>" for line in (r.get("summary") or "").splitlines()
                      if line.strip())
            + f"<p>Bewijsstukken: {evidence}</p>"
            + "<h4>Akkoord</h4>"
            + (f"<ul>{signoffs}</ul>" if signoffs else "<p>Nog door niemand bevestigd.</p>")
            + (f"<p class=meta>Opgesteld door {e(r['created_by'])}</p>"
               if r.get("created_by") else "")
            + "</article>"
        )  # fmt: skip
    return ("<section class=part aria-labelledby=reports><h2 id=reports>Stageverslagen</h2>"
            + "".join(parts) + "</section>")  # fmt: skip


def _growth_html(manifest: dict) -> str:
    growth = manifest.get("growth") or {}
    goals, activities = growth.get("goals") or [], growth.get("activities") or []
    settings = growth.get("settings")
    if not goals and not activities and not settings:
        return ""
    from app.growth.services import KIND_LABELS

    e = html.escape
    parts = ["<section class=part aria-labelledby=growth><h2 id=growth>Mijn ontwikkeling</h2>"]
    if settings:
        parts.append(
            f"<p>Werktijd: {e(_dutch(settings['fte'], 3))} fte"
            + (f"; eigen recht op {e(_dutch(settings['hours_override'], 1))} uur"
               if settings.get("hours_override") is not None else "")
            + (f"; eigen budget € {e(_dutch(settings['budget_override']))}"
               if settings.get("budget_override") is not None else "")
            + ".</p>"
        )  # fmt: skip
    titles = {g["ref"]: g["title"] for g in goals}
    if goals:
        parts.append("<h3>Ontwikkelplan</h3>")
    for g in goals:
        notes = "".join(
            f"<li><span class=meta>{e(_dutch_date(n.get('at')))}</span> "
            + " ".join(e(str(v)) for v in (n.get("content") or {}).values() if v)
            + "</li>"
            for n in g.get("progress") or []
        )
        competencies = _competency_list(g.get("competencies") or [])
        shown = _evidence_links(manifest, g.get("evidence"))
        parts.append(
            f"<article><h4>{e(g['title'])}</h4>"
            f"<p class=meta>Schooljaar {g['school_year']}/{(g['school_year'] + 1) % 100:02d} · "
            f"{e(GOAL_STATUS_LABELS.get(g['status'], g['status']))}"
            + (f" · streefdatum {e(_dutch_date(g['target_date']))}" if g.get("target_date")
               else "") + "</p>"
            + (f"<p>{e(g['description'])}</p>" if g.get("description") else "")
            + (f"<p>Geplande activiteiten: {e(g['planned_activities'])}</p>"
               if g.get("planned_activities") else "")
            + (f"<ul class=comp>{competencies}</ul>" if competencies else "")
            + (f"<p>Bewijs: {shown}</p>" if shown else "")
            + (f"<p>Voortgang:</p><ul>{notes}</ul>" if notes else "")
            + "</article>"
        )  # fmt: skip
    if activities:
        rows = []
        for a in activities:
            certificate = _evidence_links(manifest, [a["certificate"]] if a.get("certificate")
                                          else [])  # fmt: skip
            served = ", ".join(e(titles[r]) for r in a.get("goals") or [] if r in titles)
            rows.append(
                f"<tr><td>{e(_dutch_date(a['on_date']))}</td>"
                f"<td>{e(a['title'])}<br><span class=meta>"
                f"{e(KIND_LABELS.get(a['kind'], a['kind']))}"
                + (f" · {e(a['provider'])}" if a.get("provider") else "")
                + (f" · doel: {served}" if served else "")
                + (f" · certificaat: {certificate}" if certificate else "")
                + f" · {'gepland' if a.get('planned') else 'gedaan'}"
                + f"</span></td><td class=num>{e(_dutch(a['hours']))}</td>"
                f"<td class=num>€ {e(_dutch(a['cost']))}</td></tr>"
            )  # fmt: skip
        totals = {}
        for a in activities:
            done = "planned" if a.get("planned") else "done"
            hours, cost = totals.get(done, (Decimal(0), Decimal(0)))
            totals[done] = (hours + Decimal(a["hours"] or 0), cost + Decimal(a["cost"] or 0))
        summary = "; ".join(
            f"{label}: {_dutch(totals[key][0])} uur, € {_dutch(totals[key][1])}"
            for key, label in (("done", "gedaan"), ("planned", "gepland")) if key in totals
        )  # fmt: skip
        parts.append(
            "<h3>Professionaliseringslogboek</h3><table><caption>Activiteiten met uren en "
            "kosten</caption><thead><tr><th scope=col>Datum</th><th scope=col>Activiteit</th>"
            "<th scope=col class=num>Uren</th><th scope=col class=num>Kosten</th>"
            "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            f"<p>Totaal {e(summary)}.</p>"
        )
    parts.append("</section>")
    return "".join(parts)


# --- import ---------------------------------------------------------------------------


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        info = archive.getinfo("manifest.json")
    except KeyError as exc:
        raise refuse("This zip is not a Bagage export (no manifest.json).",
                     "not_an_export") from exc  # fmt: skip
    if info.file_size > MANIFEST_MAX_BYTES:
        mb = MANIFEST_MAX_BYTES // (1024 * 1024)
        raise refuse(f"The export's manifest is larger than {mb} MB; no Bagage writes one "
                     "that large.", "manifest_too_large", mb=mb)  # fmt: skip
    try:
        manifest = json.loads(archive.read(info))
    except ValueError as exc:
        raise refuse("The export's manifest is damaged.", "manifest_damaged") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise refuse("This zip is not a Bagage export.", "not_an_export")
    if manifest.get("version") not in READABLE_VERSIONS:
        readable = ", ".join(map(str, READABLE_VERSIONS))
        raise refuse(
            f"This export has version {manifest.get('version')}; this Bagage reads versions "
            f"{readable}.", "unknown_version", version=str(manifest.get("version")),
            readable=readable,
        )  # fmt: skip
    return manifest


def check_archive(archive: zipfile.ZipFile, manifest: dict) -> None:
    """Refuse, before anything is stored, a zip that unpacks to more than an import may
    hold, a zip bomb, and media the manifest describes in a way no export does (an unknown
    role, an odd extension: both become part of a storage key)."""
    limit = current_app.config["IMPORT_MAX_BYTES"]
    infos = archive.infolist()
    if sum(i.file_size for i in infos) > limit:
        mb = limit // (1024 * 1024)
        raise refuse(f"This export unpacks to more than {mb} MB, more than an import may hold. "
                     "Nothing was imported.", "export_too_large", TooLarge, mb=mb)  # fmt: skip
    for info in infos:
        if info.file_size > ZIP_BOMB_SIZE and (
            info.compress_size == 0 or info.file_size / info.compress_size > ZIP_BOMB_RATIO
        ):
            raise refuse(f"{info.filename} unpacks to far more than it holds packed; this is "
                         "no Bagage export. Nothing was imported.", "zip_bomb",
                         path=info.filename)  # fmt: skip
    if not isinstance(manifest.get("evidence"), list):
        raise refuse("The export's manifest lists no evidence.", "manifest_damaged")
    for entry in manifest["evidence"]:
        ref = entry.get("ref") if isinstance(entry, dict) else None
        media = entry.get("media") if isinstance(entry, dict) else None
        if not isinstance(ref, int) or not isinstance(media, list):
            raise refuse("The export's manifest has an evidence item without its number or "
                         "files.", "manifest_damaged")  # fmt: skip
        roles = set()
        for m in media:
            path = m.get("path") if isinstance(m, dict) else None
            extension = path.rsplit(".", 1)[-1] if isinstance(path, str) and "." in path else ""
            if (
                not isinstance(path, str) or m.get("role") not in MEDIA_ROLES
                or m["role"] in roles or not MEDIA_EXTENSION.fullmatch(extension)
                or not isinstance(m.get("size_bytes"), int) or m["size_bytes"] < 0
                or not isinstance(m.get("sha256"), str) or not SHA256.fullmatch(m["sha256"])
                or not isinstance(m.get("content_type"), str)
            ):  # fmt: skip
                raise refuse(f"Item {ref} of the export names a file in a way no Bagage export "
                             "does. Nothing was imported.", "bad_media", ref=ref)  # fmt: skip
            roles.add(m["role"])


def check_rows(manifest: dict) -> None:
    """Refuse an export whose reports, CV or growth hold values the app itself would refuse
    (negative or absurd hours and money, a period that ends before it starts, overlong
    texts), naming the section and the row. The API's own schemas judge them, so the rules
    are those of the screens; values an import maps itself (an unknown activity kind or goal
    status, a CV entry's unknown parts) are mapped first, as the import does."""
    from marshmallow import ValidationError

    from api import schemas  # the HTTP contract is also what an export may contain

    def load(schema, data: dict, section: str, row: int | None = None) -> None:
        try:
            schema.load(data)
        except ValidationError as exc:
            messages = exc.normalized_messages()
            field = next(iter(messages), "")
            where = f"{section} {row}" if row is not None else section
            raise refuse(
                f"The export's {where} has a value this Bagage does not accept ({field}). "
                "Nothing was imported.", "bad_row", section=section, row=row, field=field,
            ) from exc  # fmt: skip

    def dated(value, section: str, row: int, field: str):
        try:
            return _parse(value) if field.endswith("_at") else date.fromisoformat(value)
        except (TypeError, ValueError) as exc:
            raise refuse(
                f"The export's {section} {row} has a value this Bagage does not accept "
                f"({field}). Nothing was imported.", "bad_row", section=section, row=row,
                field=field,
            ) from exc  # fmt: skip

    for row, r in enumerate(_rows(manifest.get("reports"), "report"), start=1):
        load(schemas.ReportIn(), {
            key: r.get(key) for key in ("title", "internship", "period_start", "period_end",
                                        "hours", "summary")
        } | {"internship": r.get("internship") or "", "summary": r.get("summary") or ""},
            "report", row)  # fmt: skip
        if dated(r["period_end"], "report", row, "period_end") < dated(
            r["period_start"], "report", row, "period_start"
        ):
            raise refuse(f"The export's report {row} ends before it starts. Nothing was "
                         "imported.", "bad_row", section="report", row=row,
                         field="period_end")  # fmt: skip
        for signoff in _rows(r.get("signoffs"), "report"):
            if not all(isinstance(signoff.get(k), str) for k in ("role", "name", "signed_at")):
                raise refuse(f"The export's report {row} has a sign-off this Bagage does not "
                             "accept. Nothing was imported.", "bad_row", section="report",
                             row=row, field="signoffs")  # fmt: skip
            dated(signoff["signed_at"], "report", row, "signed_at")
    cv = manifest.get("cv")
    if cv:
        if not isinstance(cv, dict):
            raise refuse("The export's CV is damaged.", "bad_row", section="cv", row=None,
                         field="")  # fmt: skip
        load(schemas.CVIn(), {
            **{k: cv.get(k) or "" for k in ("headline", "introduction", "email", "phone")},
            "education": _entries(cv.get("education"), CV_EDUCATION),
            "work": _entries(cv.get("work"), CV_WORK),
        }, "cv")  # fmt: skip
    growth = manifest.get("growth") or {}
    if not isinstance(growth, dict):
        raise refuse("The export's growth section is damaged.", "bad_row", section="growth",
                     row=None, field="")  # fmt: skip
    settings = growth.get("settings")
    if settings:
        load(schemas.GrowthSettingsIn(), {
            k: settings[k] for k in ("fte", "hours_override", "budget_override")
            if settings.get(k) is not None
        }, "working time")  # fmt: skip
    for row, g in enumerate(_rows(growth.get("goals"), "goal"), start=1):
        if g.get("school_year") is None:
            raise refuse(f"The export's goal {row} has no school year. Nothing was imported.",
                         "bad_row", section="goal", row=row, field="school_year")  # fmt: skip
        load(schemas.GoalIn(), {
            "title": g.get("title"), "description": g.get("description") or "",
            "target_date": g.get("target_date"), "school_year": g.get("school_year"),
            "planned_activities": g.get("planned_activities") or "",
        }, "goal", row)  # fmt: skip
    for row, a in enumerate(_rows(growth.get("activities"), "activity"), start=1):
        load(schemas.ActivityIn(), {
            "kind": a.get("kind") if a.get("kind") in ACTIVITY_KINDS else "other",
            "title": a.get("title"), "on_date": a.get("on_date"),
            "hours": a.get("hours") or 0, "cost": a.get("cost") or 0,
            "provider": a.get("provider") or "", "planned": bool(a.get("planned")),
        }, "activity", row)  # fmt: skip


def _rows(values, section: str) -> list[dict]:
    if values is None:
        return []
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        raise refuse(f"The export's {section} list is damaged.", "bad_row", section=section,
                     row=None, field="")  # fmt: skip
    return values


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def import_export(
    session: Session, user: User, zip_path: Path, progress: Progress, *, tmp_dir: Path
) -> tuple[Dossier, dict]:
    """Bring an exported dossier into this user's own dossier. Frameworks are matched by
    their CASE identifier, or imported from the packages in the export; authors from
    elsewhere stay names. Everything is checked before it is kept: a bad file leaves nothing
    behind. Returns the dossier and what was imported (counts).

    Two phases: first every file is checked and stored (no transaction open, so progress can
    be saved), then all rows are written in one transaction. If either fails, the stored
    files are removed again.
    """
    storage = get_storage()
    stored: list[str] = []
    try:
        with zipfile.ZipFile(zip_path) as archive:
            manifest = read_manifest(archive)
            check_archive(archive, manifest)
            check_rows(manifest)
            dossier = session.scalar(
                select(Dossier).where(Dossier.owner_id == user.id).order_by(Dossier.created_at)
            )
            dossier_id = dossier.id if dossier else uuid.uuid4()  # its files go under its id
            there = _already_there(session, dossier, manifest)
            entries = [e for e in manifest["evidence"] if e["ref"] not in there]
            _check_room(session, dossier, entries)
            files, refused = _store_files(
                archive, entries, storage, stored, progress, tmp_dir, dossier_id
            )
            accepted = [e for e in entries if e["ref"] not in {r["ref"] for r in refused}]
            dossier, summary = _create_rows(
                session, user, manifest, accepted, files, dossier_id, there
            )
    except zipfile.BadZipFile as exc:
        raise refuse("This file is not a zip file.", "not_a_zip") from exc
    except BaseException:
        session.rollback()
        for key in stored:
            storage.delete(key)
        raise
    summary["skipped"] = len(manifest["evidence"]) - len(entries)
    summary["refused"] = refused
    progress(100)
    return dossier, summary


def _already_there(
    session: Session, dossier: Dossier | None, manifest: dict
) -> dict[int, uuid.UUID]:
    """The manifest's items that the dossier holds already (the same client_uid, the same
    original file, or for notes the same kind, title, text and time), by ref: they are not
    imported again, but what refers to them (a report, the CV, a goal) finds them."""
    if dossier is None:
        return {}
    uids = dict(
        session.execute(
            select(Evidence.client_uid, Evidence.id).where(
                Evidence.dossier_id == dossier.id, Evidence.client_uid.is_not(None)
            )
        ).all()
    )
    originals = dict(
        session.execute(
            select(MediaAsset.sha256, Evidence.id)
            .join(Evidence, Evidence.id == MediaAsset.evidence_id)
            .where(Evidence.dossier_id == dossier.id, MediaAsset.role == "original")
        ).all()
    )
    notes = {
        (kind, title, description, occurred_at): evidence_id
        for kind, title, description, occurred_at, evidence_id in session.execute(
            select(Evidence.kind, Evidence.title, Evidence.description, Evidence.occurred_at,
                   Evidence.id)
            .where(Evidence.dossier_id == dossier.id)
        )
    }  # fmt: skip
    there = {}
    for entry in manifest["evidence"]:
        original = next((m for m in entry["media"] if m["role"] == "original"), None)
        same = (entry["kind"], entry["title"], entry["description"], _parse(entry["occurred_at"]))
        if entry.get("client_uid") and entry["client_uid"] in uids:
            there[entry["ref"]] = uids[entry["client_uid"]]
        elif original and original["sha256"] in originals:
            there[entry["ref"]] = originals[original["sha256"]]
        elif not original and same in notes:
            there[entry["ref"]] = notes[same]
    return there


def _check_room(session: Session, dossier: Dossier | None, entries: list[dict]) -> None:
    """Every file an import stores counts against the dossier's quota: the originals and
    the derived ones (a manifest may declare any of them, of any size)."""
    quota = current_app.config["DOSSIER_QUOTA_BYTES"]
    incoming = sum(m["size_bytes"] for e in entries for m in e["media"])
    used = dossier_usage(session, dossier) if dossier else 0
    if quota and used + incoming > quota:
        mb = 1024 * 1024
        incoming_mb, room_mb = incoming // mb, max(0, quota - used) // mb
        raise refuse(
            f"This export holds {incoming_mb} MB of files; your dossier has room for "
            f"{room_mb} MB more. Nothing was imported.", "quota_exceeded", TooLarge,
            incoming_mb=incoming_mb, room_mb=room_mb,
        )  # fmt: skip


def _store_files(
    archive, entries, storage, stored: list[str], progress, tmp_dir, dossier_id: uuid.UUID
) -> tuple[dict[str, tuple[str, Inspection]], list[dict]]:
    """Check each file against the manifest, decide its type from its bytes and put it in
    storage. Returns path → (key, inspection) and the refused files: an item with a file
    that is no accepted media is left out whole, and nothing of it stays stored."""
    names = set(archive.namelist())
    total = sum(m["size_bytes"] for e in entries for m in e["media"]) or 1
    done = 0
    files: dict[str, tuple[str, Inspection]] = {}
    refused: list[dict] = []
    limits = media_limits()
    for entry in entries:
        folder = uuid.uuid4().hex
        kept: list[str] = []
        for media in entry["media"]:
            if media["path"] not in names:
                raise refuse(f"The export lacks {media['path']}.", "missing_file",
                             path=media["path"])  # fmt: skip
            try:
                # An item with a refused file is only checked further, never stored.
                stem = None if any(r["ref"] == entry["ref"] for r in refused) else (
                    f"{dossier_id.hex}/{folder}/{media['role']}")  # fmt: skip
                key, inspection = _copy_checked(archive, media, storage, tmp_dir, limits, stem)
            except _NotMedia as exc:
                refused.append({"ref": entry["ref"], "title": entry.get("title") or "",
                                "path": media["path"], "code": exc.error.code,
                                "reason": exc.error.message})  # fmt: skip
            else:
                if key is not None:
                    stored.append(key)
                    kept.append(key)
                    files[media["path"]] = (key, inspection)
            done += media["size_bytes"]
            progress(min(99, 100 * done // total))
        if any(r["ref"] == entry["ref"] for r in refused):
            for key in kept:
                storage.delete(key)
                stored.remove(key)
    return files, refused


#: Where a private copy keeps the identifier of the framework it was copied from.
COPIED_FROM = "bagageCopiedFrom"


def _framework_for(session: Session, user: User, entry: dict) -> Framework:
    """The framework a manifest names, among those the importer may see. One that exists
    here but is someone else's private learning line is never handed out by its identifier:
    the export's package becomes the importer's own private copy, under a fresh identifier
    (the original kept in its CASE document as bagageCopiedFrom); a second import finds
    that copy again. Unknown ones come along as the importer's own private framework."""
    from competencies.services import visible_to

    identifier = entry["identifier"]
    framework = session.scalar(
        select(Framework).where(Framework.identifier == identifier, visible_to(session, user))
    )
    if framework is not None:
        return framework
    package = entry["package"]
    if not isinstance(package, dict) or not isinstance(package.get("CFDocument"), dict):
        raise refuse(f"The framework {identifier} in the export has no CASE package.",
                     "bad_framework", identifier=identifier)  # fmt: skip
    if session.scalar(select(Framework.id).where(Framework.identifier == identifier)) is None:
        return import_package(session, package, created_by=user.id, private=True).framework
    for own in session.scalars(select(Framework).where(Framework.created_by_id == user.id)):
        if (own.extra or {}).get(COPIED_FROM) == identifier:
            return own
    # Every place the package names its document (the tree's top associations too).
    fresh = str(uuid.uuid4())
    copy = json.loads(json.dumps(package).replace(json.dumps(identifier), json.dumps(fresh)))
    copy["CFDocument"][COPIED_FROM] = identifier
    return import_package(session, copy, created_by=user.id, private=True).framework


def _create_rows(
    session: Session,
    user: User,
    manifest: dict,
    entries: list[dict],
    files: dict[str, tuple[str, Inspection]],
    dossier_id: uuid.UUID,
    there: dict[int, uuid.UUID],
) -> tuple[Dossier, dict]:
    storage = get_storage()
    summary = {"evidence": 0, "files": 0, "bytes": 0, "reflections": 0, "messages": 0,
               "coaching_notes": 0, "frameworks": 0, "reports": 0, "cv": 0, "goals": 0,
               "activities": 0}  # fmt: skip
    framework_ids = {entry["identifier"]: _framework_for(session, user, entry)
                     for entry in manifest.get("frameworks", [])}  # fmt: skip
    dossier = session.get(Dossier, dossier_id)
    if dossier is None:
        dossier = Dossier(id=dossier_id, owner_id=user.id, title=user.display_name)
        session.add(dossier)
        session.flush()
    empty = session.scalar(select(Evidence.id).where(Evidence.dossier_id == dossier.id).limit(1))
    if empty is None:  # a fresh dossier becomes the exported one
        dossier.title = manifest["dossier"].get("title") or dossier.title
        dossier.created_at = _parse(manifest["dossier"].get("created_at")) or dossier.created_at
    chosen = set(
        session.scalars(
            select(DossierFramework.framework_id).where(DossierFramework.dossier_id == dossier.id)
        )
    )
    for entry in manifest.get("frameworks", []):
        framework = framework_ids[entry["identifier"]]
        if entry.get("chosen") and framework.id not in chosen:
            chosen.add(framework.id)
            session.add(DossierFramework(dossier_id=dossier.id, framework_id=framework.id))
            summary["frameworks"] += 1
    items = {}

    def item_for(ref: dict) -> FrameworkItem | None:
        key = (ref["framework"], ref["item"])
        if key not in items:
            framework = framework_ids.get(ref["framework"])
            items[key] = framework and session.scalar(
                select(FrameworkItem).where(
                    FrameworkItem.framework_id == framework.id,
                    FrameworkItem.identifier == ref["item"],
                )
            )
        return items[key]

    evidence_by_ref = dict(there)  # ref → evidence id, of what was there and what came in
    owner_name = manifest.get("owner", {}).get("name")
    for entry in entries:
        by_owner = entry.get("created_role") == "owner"
        original = next((m for m in entry["media"] if m["role"] == "original"), None)
        # An item is what its original is, whatever the manifest calls it.
        kind = files[original["path"]][1].kind if original else entry["kind"]
        evidence = Evidence(
            id=uuid.uuid4(), dossier_id=dossier.id, kind=kind,
            title=entry["title"], description=entry["description"],
            occurred_at=_parse(entry["occurred_at"]) or utcnow(),
            created_at=_parse(entry["created_at"]) or utcnow(),
            created_by_id=user.id if by_owner else None,
            created_by_name="" if by_owner else entry.get("created_by") or "",
            created_role=entry.get("created_role") or "owner",
            hidden_at=utcnow() if entry.get("hidden") else None,
            reviewed_at=utcnow() if entry.get("reviewed") is True else None,
            status=entry["status"], status_reason=entry.get("status_reason", ""),
            client_uid=entry.get("client_uid"),
        )  # fmt: skip
        session.add(evidence)
        evidence_by_ref[entry["ref"]] = evidence.id
        summary["evidence"] += 1
        for media in entry["media"]:
            summary["files"] += 1
            summary["bytes"] += media["size_bytes"]
            key, inspection = files[media["path"]]
            session.add(MediaAsset(
                evidence_id=evidence.id, role=media["role"], storage_backend=storage.name,
                storage_key=key, content_type=inspection.content_type,
                size_bytes=media["size_bytes"], sha256=media["sha256"],
                width=inspection.width, height=inspection.height,
                duration_seconds=inspection.duration_seconds,
                original_filename=media.get("original_filename") or "",
            ))  # fmt: skip
        session.flush()
        for ref in entry.get("competencies", []):
            item = item_for(ref)
            if item is not None:
                session.add(EvidenceLink(evidence_id=evidence.id, item_id=item.id,
                                         note=ref.get("note", "")))  # fmt: skip
        for data in entry.get("reflections", []):
            item = item_for(data["competency"]) if data.get("competency") else None
            by_owner_now = data["author_role"] == "owner" and data["author"] == owner_name
            reflection = Reflection(
                evidence_id=evidence.id, item_id=item.id if item else None,
                author_id=user.id if by_owner_now else None,
                author_name="" if by_owner_now else data["author"],
                author_role=data["author_role"], model=data["model"],
                content=data["content"], level=data.get("level"),
                level_label=data.get("level_label", ""),
                created_at=_parse(data["created_at"]) or utcnow(),
                updated_at=_parse(data.get("updated_at")) or utcnow(),
            )  # fmt: skip
            session.add(reflection)
            summary["reflections"] += 1
            session.flush()
            for version in data.get("history", []):
                session.add(ReflectionVersion(
                    reflection_id=reflection.id, content=version["content"],
                    level=version.get("level"), level_label=version.get("level_label", ""),
                    created_at=_parse(version["created_at"]) or utcnow(),
                ))  # fmt: skip
    said = {
        (m.body, m.created_at.replace(tzinfo=None))
        for m in session.scalars(select(Message).where(Message.dossier_id == dossier.id))
    }
    for data in manifest.get("messages", []):
        attached = evidence_by_ref.get(data.get("evidence_ref"))
        by_owner_now = data["author_role"] == "owner"
        body = (data["body"] if by_owner_now or not data["author"]
                else f"{data['author']}: {data['body']}")  # fmt: skip
        created_at = _parse(data["created_at"]) or utcnow()
        if (body, created_at.replace(tzinfo=None)) in said:
            continue  # imported before
        session.add(Message(
            dossier_id=dossier.id, author_id=user.id if by_owner_now else None,
            author_role=data["author_role"], body=body, created_at=created_at,
            evidence_id=attached,
        ))  # fmt: skip
        summary["messages"] += 1
    noted = {
        (n.session_date, n.body)
        for n in session.scalars(select(CoachingNote).where(CoachingNote.dossier_id == dossier.id))
    }
    for data in manifest.get("coaching_notes", []):
        session_date = date.fromisoformat(data["session_date"])
        if (session_date, data["body"]) in noted:
            continue
        session.add(CoachingNote(
            dossier_id=dossier.id, coach_id=None, coach_name=(data.get("coach") or "")[:200],
            session_date=session_date, body=data["body"],
            created_at=_parse(data.get("created_at")) or utcnow(),
            updated_at=_parse(data.get("updated_at")) or utcnow(),
        ))  # fmt: skip
        summary["coaching_notes"] += 1
    session.flush()
    rows = _Rows(session, user, dossier, evidence_by_ref, item_for, owner_name, summary)
    rows.reports(manifest.get("reports") or [])
    rows.cv(manifest.get("cv"))
    rows.growth(manifest.get("growth") or {})
    session.flush()
    return dossier, summary


class _Rows:
    """Reports, the CV and growth of an import, pointing at the evidence and competencies
    here. Each is skipped when the dossier has it already, so a second import adds nothing."""

    def __init__(self, session, user, dossier, evidence_by_ref, item_for, owner_name, summary):
        self.session, self.user, self.dossier = session, user, dossier
        self.evidence_by_ref, self.item_for = evidence_by_ref, item_for
        self.owner_name, self.summary = owner_name, summary

    def evidence_ids(self, refs: list | None) -> list[str]:
        return [str(self.evidence_by_ref[r]) for r in refs or [] if r in self.evidence_by_ref]

    def competency_ids(self, refs: list | None) -> list[str]:
        items = (self.item_for(ref) for ref in refs or [])
        return list(dict.fromkeys(str(item.id) for item in items if item is not None))

    def reports(self, entries: list[dict]) -> None:
        session, dossier = self.session, self.dossier
        present = {
            (r.title, r.internship, r.period_start, r.period_end)
            for r in session.scalars(
                select(InternshipReport).where(InternshipReport.dossier_id == dossier.id)
            )
        }
        for data in entries:
            start, end = (
                date.fromisoformat(data["period_start"]),
                date.fromisoformat(data["period_end"]),
            )
            key = (data["title"][:200], (data.get("internship") or "")[:200], start, end)
            if key in present:
                continue
            present.add(key)
            by_owner = data.get("created_by") == self.owner_name
            refs = data.get("evidence")
            session.add(InternshipReport(
                dossier_id=dossier.id, title=key[0], internship=key[1],
                period_start=start, period_end=end,
                evidence_ids=None if refs is None else self.evidence_ids(refs),
                hours=data.get("hours"), summary=data.get("summary") or "",
                language=data.get("language") if data.get("language") in ("nl", "en") else "nl",
                # Signers from elsewhere are names: nobody here is taken for them, and a
                # manifest can be edited by hand, so each is marked as taken from an export
                # (shown so, and never counted as a confirmation given here).
                signoffs=[
                    {"role": s.get("role", ""), "name": s.get("name", ""), "user_id": None,
                     "imported": True, "signed_at": s.get("signed_at")}
                    for s in data.get("signoffs") or []
                ],
                created_by_id=self.user.id if by_owner else None,
                created_by_name="" if by_owner else (data.get("created_by") or "")[:200],
                created_at=_parse(data.get("created_at")) or utcnow(),
                updated_at=_parse(data.get("updated_at")) or utcnow(),
            ))  # fmt: skip
            self.summary["reports"] += 1

    def cv(self, data: dict | None) -> None:
        """The CV comes along into a dossier whose CV is still empty; one the person made
        here already stays as it is."""
        if not data:
            return
        session, dossier = self.session, self.dossier
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
        cv.photo_evidence_id = self.evidence_by_ref.get(data.get("photo"))
        cv.education = _entries(data.get("education"), CV_EDUCATION)
        cv.work = _entries(data.get("work"), CV_WORK)
        cv.competency_ids = self.competency_ids(data.get("competencies"))
        cv.evidence_ids = self.evidence_ids(data.get("evidence"))
        cv.updated_at = _parse(data.get("updated_at")) or utcnow()
        self.summary["cv"] = 1

    def growth(self, data: dict) -> None:
        session, dossier, user = self.session, self.dossier, self.user
        wanted = data.get("settings")
        if wanted:
            # The working time comes along unless the person set their own here.
            settings = session.get(GrowthSettings, user.id)
            if settings is None:
                settings = GrowthSettings(user_id=user.id)
                session.add(settings)
            if (settings.fte in (None, Decimal("1")) and settings.hours_override is None
                    and settings.budget_override is None):  # fmt: skip
                settings.fte = Decimal(wanted.get("fte") or "1")
                settings.hours_override = _decimal(wanted.get("hours_override"))
                settings.budget_override = _decimal(wanted.get("budget_override"))
        goals = {
            (g.school_year, g.title): g.id
            for g in session.scalars(select(Goal).where(Goal.dossier_id == dossier.id))
        }
        goal_by_ref = {}
        for entry in data.get("goals") or []:
            key = (int(entry["school_year"]), entry["title"][:200])
            if key in goals:
                goal_by_ref[entry.get("ref")] = goals[key]
                continue
            goal = Goal(
                id=uuid.uuid4(), dossier_id=dossier.id, school_year=key[0], title=key[1],
                description=entry.get("description") or "",
                target_date=date.fromisoformat(entry["target_date"])
                if entry.get("target_date") else None,
                planned_activities=entry.get("planned_activities") or "",
                status=entry["status"] if entry.get("status") in GOAL_STATUSES else "planned",
                competency_ids=self.competency_ids(entry.get("competencies")),
                evidence_ids=self.evidence_ids(entry.get("evidence")),
                progress_notes=_entries(entry.get("progress"), PROGRESS_NOTE),
                created_at=_parse(entry.get("created_at")) or utcnow(),
                updated_at=_parse(entry.get("updated_at")) or utcnow(),
            )  # fmt: skip
            session.add(goal)
            goals[key] = goal_by_ref[entry.get("ref")] = goal.id
            self.summary["goals"] += 1
        logged = {
            (a.on_date, a.kind, a.title)
            for a in session.scalars(select(Activity).where(Activity.dossier_id == dossier.id))
        }
        for entry in data.get("activities") or []:
            kind = entry["kind"] if entry.get("kind") in ACTIVITY_KINDS else "other"
            key = (date.fromisoformat(entry["on_date"]), kind, entry["title"][:200])
            if key in logged:
                continue
            logged.add(key)
            session.add(Activity(
                dossier_id=dossier.id, on_date=key[0], kind=kind, title=key[2],
                hours=_decimal(entry.get("hours")) or Decimal("0"),
                cost=_decimal(entry.get("cost")) or Decimal("0"),
                provider=(entry.get("provider") or "")[:200],
                planned=bool(entry.get("planned")),
                certificate_evidence_id=self.evidence_by_ref.get(entry.get("certificate")),
                goal_ids=[str(goal_by_ref[r]) for r in entry.get("goals") or []
                          if r in goal_by_ref],
                competency_ids=self.competency_ids(entry.get("competencies")),
                created_at=_parse(entry.get("created_at")) or utcnow(),
            ))  # fmt: skip
            self.summary["activities"] += 1


#: The parts of the CV's entries and of a goal's progress notes, as the app writes them.
DATE = (str, type(None))
CV_EDUCATION = {"institution": str, "area": str, "study_type": str, "start": DATE, "end": DATE}
CV_WORK = {"name": str, "position": str, "start": DATE, "end": DATE, "summary": str,
           "internship": bool}  # fmt: skip
PROGRESS_NOTE = {"model": str, "content": dict, "at": str}


def _entries(values, parts: dict) -> list[dict]:
    """Entries from the manifest with only the parts the app knows, each of its type: a
    hand-made export cannot put anything else in."""
    return [
        {key: value[key] for key, kind in parts.items()
         if key in value and isinstance(value[key], kind)}
        for value in values or [] if isinstance(value, dict)
    ]  # fmt: skip


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class _NotMedia(Exception):
    """A file whose bytes are no media an upload would accept (error: the inspection's)."""

    def __init__(self, error: DomainError) -> None:
        super().__init__(error.message)
        self.error = error


def _copy_checked(
    archive, media: dict, storage, tmp_dir: Path, limits, stem: str | None
) -> tuple[str | None, Inspection]:
    """Copy one file from the zip into storage under stem plus the extension of what it
    is, refusing it when size or sha256 differ (the export is damaged) or its bytes are no
    accepted media (_NotMedia). Without a stem it is only checked."""
    info = archive.getinfo(media["path"])
    if info.file_size != media["size_bytes"]:
        raise refuse(f"{media['path']} does not have the size the manifest says.",
                     "wrong_size", path=media["path"])  # fmt: skip
    digest = hashlib.sha256()
    fd, name = tempfile.mkstemp(dir=tmp_dir, prefix="import-")
    path = Path(name)
    try:
        with archive.open(info) as source, open(fd, "wb") as sink:
            read = 0
            while chunk := source.read(CHUNK):
                read += len(chunk)
                if read > media["size_bytes"]:
                    raise refuse(f"{media['path']} is larger than declared.", "wrong_size",
                                 path=media["path"])  # fmt: skip
                digest.update(chunk)
                sink.write(chunk)
        if digest.hexdigest() != media["sha256"]:
            raise refuse(f"{media['path']} is damaged (checksum differs).", "checksum",
                         path=media["path"])  # fmt: skip
        # The same inspection as an upload: the manifest's content_type is never used.
        try:
            inspection = inspect_file(path, limits)
        except DomainError as exc:
            raise _NotMedia(exc) from exc
        key = f"{stem}.{inspection.extension}" if stem else None
        if key is not None:
            storage.put_file(path, key)
    finally:
        path.unlink(missing_ok=True)
    return key, inspection


def comparable(manifest: dict) -> dict:
    """A manifest without what differs between instances (for round-trip comparisons)."""
    copy = json.loads(json.dumps(manifest))
    copy.pop("exported_at", None)
    for entry in copy["evidence"]:
        for media in entry["media"]:
            media.pop("path", None)
    # A sign-off is confirmed only in the Bagage where it was given: after a move it is
    # always marked as imported, so the mark is the one difference a round trip must make.
    for report in copy.get("reports") or []:
        for signoff in report.get("signoffs") or []:
            signoff.pop("imported", None)
    return copy
