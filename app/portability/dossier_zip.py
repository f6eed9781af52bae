"""The dossier as one zip that moves with its owner: export and import.

Layout (format "bagage-dossier", version 1):
    manifest.json          everything but the bytes: evidence, competency links by CASE
                           identifiers (with the frameworks' CASE packages), reflections with
                           author names and roles, the conversation
    media/<n>/<role>.<ext> the original and every derived file, each with its sha256 in the
                           manifest
    index.html             the dossier readable offline in any browser

The coaching notes (confidential: the coach and the owner only) are part of the owner's
export: in the manifest and in a clearly marked section of index.html. An import brings them
back with the coach kept as a name.

An import goes into the importing person's own dossier (the app works with one): an empty
dossier takes the export's title and dates, so export → import → export gives the same; items
that are there already (same client_uid or the same original file) are skipped, so importing
the same zip twice adds nothing twice.

Both directions stream: media are copied in chunks between the zip and the storage backend,
never held in memory. An import checks every file against its sha256 and refuses anything
not named in the manifest.
"""

from __future__ import annotations

import hashlib
import html
import json
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.db import utcnow
from app.dossiers.models import Dossier, Evidence, Message, Reflection, ReflectionVersion
from app.errors import Invalid, TooLarge
from app.growth.models import CoachingNote
from competencies.case import export_package, import_package
from competencies.models import DossierFramework, EvidenceLink, Framework, FrameworkItem
from media.models import MediaAsset
from media.services import dossier_usage
from media.storage import get_storage

FORMAT = "bagage-dossier"
VERSION = 1
CHUNK = 1024 * 1024
EXTENSIONS = {
    "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/heic": "heic",
    "image/gif": "gif", "application/pdf": "pdf", "video/mp4": "mp4",
    "video/quicktime": "mov", "video/webm": "webm", "video/x-matroska": "mkv",
    "audio/mp4": "m4a", "audio/mpeg": "mp3", "audio/ogg": "ogg", "audio/webm": "webm",
}  # fmt: skip

Progress = Callable[[int], None]


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
    }


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
            f"<article><h2>{e(entry['title'] or entry['kind'])}</h2>"
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
        "img,video{max-width:100%}"
        ".meta{color:#4a5563}.confidential{border:3px solid #8a1c1c;padding:0 1rem;"
        "margin:1rem 0}.confidential h2{color:#8a1c1c}</style>"
        f"<h1>{e(manifest['owner']['name'])}</h1>"
        f"<p>Bagage-dossier, geëxporteerd op {e(manifest['exported_at'][:10])}.</p>"
        + "".join(rows)
        + confidential
        + "</html>"
    )


# --- import ---------------------------------------------------------------------------


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except KeyError as exc:
        raise Invalid(
            "This zip is not a Bagage export (no manifest.json).", code="invalid_export"
        ) from exc
    except ValueError as exc:
        raise Invalid("The export's manifest is damaged.", code="invalid_export") from exc
    if manifest.get("format") != FORMAT:
        raise Invalid("This zip is not a Bagage export.", code="invalid_export")
    if manifest.get("version") != VERSION:
        raise Invalid(
            f"This export has version {manifest.get('version')}; this Bagage reads version "
            f"{VERSION}.", code="invalid_export",
        )  # fmt: skip
    return manifest


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
            dossier = session.scalar(
                select(Dossier).where(Dossier.owner_id == user.id).order_by(Dossier.created_at)
            )
            dossier_id = dossier.id if dossier else uuid.uuid4()  # its files go under its id
            entries = _new_entries(session, dossier, manifest)
            _check_room(session, dossier, entries)
            keys = _store_files(archive, entries, storage, stored, progress, tmp_dir, dossier_id)
            dossier, summary = _create_rows(session, user, manifest, entries, keys, dossier_id)
    except zipfile.BadZipFile as exc:
        raise Invalid("This file is not a zip file.", code="invalid_export") from exc
    except BaseException:
        session.rollback()
        for key in stored:
            storage.delete(key)
        raise
    summary["skipped"] = len(manifest["evidence"]) - len(entries)
    progress(100)
    return dossier, summary


def _new_entries(session: Session, dossier: Dossier | None, manifest: dict) -> list[dict]:
    """The manifest's items that the dossier does not hold yet: the same client_uid, the same
    original file, or (for notes) the same kind, title, text and time."""
    if dossier is None:
        return list(manifest["evidence"])
    uids = set(
        session.scalars(
            select(Evidence.client_uid).where(
                Evidence.dossier_id == dossier.id, Evidence.client_uid.is_not(None)
            )
        )
    )
    originals = set(
        session.scalars(
            select(MediaAsset.sha256)
            .join(Evidence, Evidence.id == MediaAsset.evidence_id)
            .where(Evidence.dossier_id == dossier.id, MediaAsset.role == "original")
        )
    )
    notes = {
        (kind, title, description, occurred_at)
        for kind, title, description, occurred_at in session.execute(
            select(Evidence.kind, Evidence.title, Evidence.description, Evidence.occurred_at)
            .where(Evidence.dossier_id == dossier.id)
        )
    }  # fmt: skip
    fresh = []
    for entry in manifest["evidence"]:
        original = next((m for m in entry["media"] if m["role"] == "original"), None)
        if entry.get("client_uid") and entry["client_uid"] in uids:
            continue
        if original and original["sha256"] in originals:
            continue
        same = (entry["kind"], entry["title"], entry["description"], _parse(entry["occurred_at"]))
        if not original and same in notes:
            continue
        fresh.append(entry)
    return fresh


def _check_room(session: Session, dossier: Dossier | None, entries: list[dict]) -> None:
    """The imported originals count against the dossier's quota, like any upload."""
    quota = current_app.config["DOSSIER_QUOTA_BYTES"]
    incoming = sum(m["size_bytes"] for e in entries for m in e["media"] if m["role"] == "original")
    used = dossier_usage(session, dossier) if dossier else 0
    if quota and used + incoming > quota:
        mb = 1024 * 1024
        raise TooLarge(
            f"This export holds {incoming // mb} MB of files; your dossier has room for "
            f"{max(0, quota - used) // mb} MB more. Nothing was imported.",
            code="quota_exceeded",
        )


def _store_files(
    archive, entries, storage, stored: list[str], progress, tmp_dir, dossier_id: uuid.UUID
) -> dict:
    """Check each file against the manifest and put it in storage; returns path → key."""
    names = set(archive.namelist())
    total = sum(m["size_bytes"] for e in entries for m in e["media"]) or 1
    done = 0
    keys: dict[str, str] = {}
    for entry in entries:
        folder = uuid.uuid4().hex
        for media in entry["media"]:
            if media["path"] not in names:
                raise Invalid(f"The export lacks {media['path']}.", code="invalid_export")
            key = f"{dossier_id.hex}/{folder}/{media['role']}.{media['path'].rsplit('.', 1)[-1]}"
            done += _copy_checked(archive, media, key, storage, tmp_dir)
            stored.append(key)
            keys[media["path"]] = key
            progress(min(99, 100 * done // total))
    return keys


def _create_rows(
    session: Session,
    user: User,
    manifest: dict,
    entries: list[dict],
    keys: dict,
    dossier_id: uuid.UUID,
) -> tuple[Dossier, dict]:
    storage = get_storage()
    summary = {"evidence": 0, "files": 0, "bytes": 0, "reflections": 0, "messages": 0,
               "coaching_notes": 0, "frameworks": 0}  # fmt: skip
    framework_ids = {}
    for entry in manifest.get("frameworks", []):
        framework = session.scalar(
            select(Framework).where(Framework.identifier == entry["identifier"])
        )
        if framework is None:
            # Unknown here: it comes along as the importer's own (private) framework.
            package = entry["package"]
            framework = import_package(session, package, created_by=user.id, private=True).framework
        framework_ids[entry["identifier"]] = framework
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

    evidence_by_ref = {}
    owner_name = manifest.get("owner", {}).get("name")
    for entry in entries:
        by_owner = entry.get("created_role") == "owner"
        evidence = Evidence(
            id=uuid.uuid4(), dossier_id=dossier.id, kind=entry["kind"],
            title=entry["title"], description=entry["description"],
            occurred_at=_parse(entry["occurred_at"]) or utcnow(),
            created_at=_parse(entry["created_at"]) or utcnow(),
            created_by_id=user.id if by_owner else None,
            created_by_name="" if by_owner else entry.get("created_by") or "",
            created_role=entry.get("created_role") or "owner",
            hidden_at=utcnow() if entry.get("hidden") else None,
            status=entry["status"], status_reason=entry.get("status_reason", ""),
            client_uid=entry.get("client_uid"),
        )  # fmt: skip
        session.add(evidence)
        evidence_by_ref[entry["ref"]] = evidence
        summary["evidence"] += 1
        for media in entry["media"]:
            summary["files"] += 1
            summary["bytes"] += media["size_bytes"]
            key = keys[media["path"]]
            session.add(MediaAsset(
                evidence_id=evidence.id, role=media["role"], storage_backend=storage.name,
                storage_key=key, content_type=media["content_type"],
                size_bytes=media["size_bytes"], sha256=media["sha256"],
                width=media.get("width"), height=media.get("height"),
                duration_seconds=media.get("duration_seconds"),
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
            evidence_id=attached.id if attached else None,
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
    return dossier, summary


def _copy_checked(archive, media: dict, key: str, storage, tmp_dir: Path) -> int:
    """Copy one file from the zip into storage, refusing it when size or sha256 differ."""
    info = archive.getinfo(media["path"])
    if info.file_size != media["size_bytes"]:
        raise Invalid(f"{media['path']} does not have the size the manifest says.",
                      code="invalid_export")  # fmt: skip
    digest = hashlib.sha256()
    fd, name = tempfile.mkstemp(dir=tmp_dir, prefix="import-")
    path = Path(name)
    try:
        with archive.open(info) as source, open(fd, "wb") as sink:
            read = 0
            while chunk := source.read(CHUNK):
                read += len(chunk)
                if read > media["size_bytes"]:
                    raise Invalid(
                        f"{media['path']} is larger than declared.", code="invalid_export"
                    )
                digest.update(chunk)
                sink.write(chunk)
        if digest.hexdigest() != media["sha256"]:
            raise Invalid(f"{media['path']} is damaged (checksum differs).", code="invalid_export")
        storage.put_file(path, key)
    finally:
        path.unlink(missing_ok=True)
    return media["size_bytes"]


def comparable(manifest: dict) -> dict:
    """A manifest without what differs between instances (for round-trip comparisons)."""
    copy = json.loads(json.dumps(manifest))
    copy.pop("exported_at", None)
    for entry in copy["evidence"]:
        for media in entry["media"]:
            media.pop("path", None)
    return copy
