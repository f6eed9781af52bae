"""The dossier as one zip that moves with its owner: export and import.

Layout (format "bagage-dossier", version 2):
    manifest.json          everything but the bytes: the dossier, its evidence (with files,
                           competencies and reflections), the conversation, the coaching
                           notes, the internship reports, the online CV, growth, and the
                           frameworks used (each with its CASE package)
    media/<n>/<role>.<ext> the original and every derived file, each with its sha256 in the
                           manifest
    index.html             the dossier readable offline in any browser

Each domain writes and reads its own part of the manifest (its `exchange` module, where
its rules for what an import may hold live too); this module puts them together. Evidence
is numbered by ref; the other parts point at it by those numbers and at competencies by
CASE identifiers.

An import goes into the importing person's own dossier (the app works with one); what the
dossier holds already is skipped, so importing the same zip twice adds nothing twice.
Version 1 exports (without reports, CV and growth) are still read. Both directions stream:
media are copied in chunks between the zip and the storage backend, never held in memory.
An import checks everything before it keeps anything, and refuses files not named in the
manifest.
"""

from __future__ import annotations

import json
import uuid
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from sqlalchemy.orm import Session

from app.accounts.models import User
from app.confirmations import export_confirmed
from app.cv.exchange import check_cv, export_cv, import_cv
from app.db import db
from app.dossiers import exchange as dossiers
from app.dossiers.models import Dossier
from app.exchange import ExportRefs, ImportPlace, iso, refuse
from app.growth.exchange import (
    check_growth,
    export_coaching_notes,
    export_growth,
    import_coaching_notes,
    import_growth,
)
from app.issuing.services import export_credentials
from app.portability import zip_safety
from app.portability.offline import offline_page
from app.reports.exchange import check_reports, export_reports, import_reports
from competencies import exchange as competencies
from media import exchange as media
from media.storage import get_storage

FORMAT = "bagage-dossier"
VERSION = 2
#: Older manifests this Bagage still imports (version 1 had no reports, CV or growth).
READABLE_VERSIONS = (1, 2)

Progress = Callable[[int], None]
#: A manifest larger than this is refused before it is read (a real one is a few MB).
MANIFEST_MAX_BYTES = 32 * 1024 * 1024


# --- export ---------------------------------------------------------------------------


def build_manifest(session: Session, dossier: Dossier) -> tuple[dict, dict[str, str]]:
    """The manifest, and the storage key of each file it names (by its path in the zip)."""
    evidence = dossiers.export_evidence(session, dossier)
    refs = ExportRefs({e.id: n for n, e in enumerate(evidence, start=1)},
                      competencies.item_finder(session))  # fmt: skip
    links = competencies.evidence_links(session, [e.id for e in evidence], refs.items)
    reflections = dossiers.current_reflections(session, evidence)
    competencies_of = partial(competencies.export_links, links)
    entries, keys = dossiers.export_entries(evidence, reflections, refs, competencies_of)
    cv = export_cv(session, dossier, refs)
    # Every part is written before the frameworks: they are those of all it names.
    parts = {
        "evidence": entries,
        "messages": dossiers.export_messages(session, dossier, refs),
        # Confidential: only the owner and the coach who wrote them read these.
        "coaching_notes": export_coaching_notes(session, dossier),
        "reports": export_reports(session, dossier, refs),
        "cv": cv and {**cv, "confirmed": export_confirmed(session, dossier, refs)},
        "growth": export_growth(session, dossier, refs),
        # Signed by this instance: kept as issued; an import elsewhere does not re-issue them.
        "credentials": export_credentials(session, dossier),
    }
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "owner": {"name": dossier.owner.display_name},
        "dossier": {"title": dossier.title, "created_at": iso(dossier.created_at)},
        "frameworks": competencies.export_frameworks(session, dossier, refs.items),
        **parts,
    }
    return manifest, keys


def write_export(session: Session, dossier: Dossier, target: Path, progress: Progress) -> dict:
    """Write the zip to target, streaming every file from storage. Returns the manifest."""
    manifest, keys = build_manifest(session, dossier)
    db.checkpoint()  # the manifest is read: no transaction while the files are streamed
    storage = get_storage()
    files = [m for entry in manifest["evidence"] for m in entry["media"]]
    total = sum(m["size_bytes"] for m in files) or 1
    done = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for file in files:
            info = zipfile.ZipInfo(file["path"], date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED  # media are compressed already
            with (
                storage.open(keys[file["path"]]) as source,
                archive.open(info, "w", force_zip64=True) as sink,
            ):
                while chunk := source.read(media.CHUNK):
                    sink.write(chunk)
                    done += len(chunk)
                    progress(min(99, 100 * done // total))
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        archive.writestr("index.html", offline_page(manifest))
    progress(100)
    return manifest


# --- import ---------------------------------------------------------------------------


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        info = archive.getinfo("manifest.json")
    except KeyError as exc:
        raise refuse("This zip is neither a Bagage export (no manifest.json) nor a Leap2A "
                     "export from Mahara (no leap2a.xml).", "not_an_export") from exc  # fmt: skip
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
    hold, a zip bomb, media the manifest describes in a way no export does, and names that
    lead outside the zip (zip_safety, which every import shares)."""
    zip_safety.check_sizes(archive)
    if not isinstance(manifest.get("evidence"), list):
        raise refuse("The export's manifest lists no evidence.", "manifest_damaged")
    for entry in manifest["evidence"]:
        ref = entry.get("ref") if isinstance(entry, dict) else None
        files = entry.get("media") if isinstance(entry, dict) else None
        if not isinstance(ref, int) or not isinstance(files, list):
            raise refuse("The export's manifest has an evidence item without its number or "
                         "files.", "manifest_damaged")  # fmt: skip
        media.check_media(ref, files)
    zip_safety.check_names(archive)


def check_rows(manifest: dict) -> None:
    """Refuse an export whose reports, CV or growth hold values the app itself would refuse,
    naming the section and the row: each domain holds its part to its own rules."""
    check_reports(manifest.get("reports"))
    check_cv(manifest.get("cv"))
    check_growth(manifest.get("growth"))


def import_export(
    session: Session, user: User, zip_path: Path, progress: Progress, *, tmp_dir: Path
) -> tuple[Dossier, dict]:
    """Bring an exported dossier into this user's own dossier. Everything is checked before
    it is kept: a bad file leaves nothing behind. Returns the dossier and what was imported
    (counts, the items skipped as there already, and the refused files).

    Two phases: first every file is checked and stored (no transaction open, so progress can
    be saved), then all rows are written in one transaction. If either fails, the stored
    files are removed again.
    """
    storage = get_storage()
    with zip_safety.undone_on_failure(session, zip_path) as (archive, stored):
        manifest = read_manifest(archive)
        check_archive(archive, manifest)
        check_rows(manifest)
        dossier = dossiers.own_dossier(session, user)
        dossier_id = dossier.id if dossier else uuid.uuid4()  # its files go under its id
        there = dossiers.already_there(session, dossier, manifest["evidence"])
        entries = [e for e in manifest["evidence"] if e["ref"] not in there]
        media.check_room(session, dossier, entries)
        db.checkpoint()  # the checks only read: no transaction while the files are stored
        files, refused = media.store_files(
            archive, entries, storage, stored, progress, tmp_dir, dossier_id
        )
        accepted = [e for e in entries if e["ref"] not in {r["ref"] for r in refused}]
        dossier, summary = _create_rows(session, user, manifest, accepted, files, dossier_id, there)
    summary["skipped"] = len(manifest["evidence"]) - len(entries)
    summary["refused"] = refused
    progress(100)
    return dossier, summary


def _create_rows(
    session: Session, user: User, manifest: dict, entries: list[dict],
    files: media.StoredFiles, dossier_id: uuid.UUID, there: dict[int, uuid.UUID],
) -> tuple[Dossier, dict]:  # fmt: skip
    summary = {"evidence": 0, "files": 0, "bytes": 0, "reflections": 0, "messages": 0,
               "coaching_notes": 0, "frameworks": 0, "reports": 0, "cv": 0, "goals": 0,
               "activities": 0}  # fmt: skip
    dossier = dossiers.import_dossier(session, user, dossier_id, manifest["dossier"])
    item_for = competencies.import_frameworks(
        session, user, dossier, manifest.get("frameworks", []), summary
    )
    place = ImportPlace(
        session, user, dossier, manifest.get("owner", {}).get("name"), summary,
        evidence=dict(there),  # what was there, and what comes in below
        item_for=item_for,
    )  # fmt: skip
    link = partial(competencies.import_links, session, item_for)
    dossiers.import_evidence(place, entries, files, get_storage(), link)
    dossiers.import_messages(place, manifest.get("messages", []))
    import_coaching_notes(place, manifest.get("coaching_notes", []))
    session.flush()
    import_reports(place, manifest.get("reports") or [])
    import_cv(place, manifest.get("cv"))
    import_growth(place, manifest.get("growth") or {})
    session.flush()
    return dossier, summary


def comparable(manifest: dict) -> dict:
    """A manifest without what differs between instances (for round-trip comparisons)."""
    copy = json.loads(json.dumps(manifest))
    copy.pop("exported_at", None)
    for entry in copy["evidence"]:
        for file in entry["media"]:
            file.pop("path", None)
    # A sign-off is confirmed only in the Bagage where it was given: after a move it is
    # always marked as imported, so the mark is the one difference a round trip must make.
    for report in copy.get("reports") or []:
        for signoff in report.get("signoffs") or []:
            signoff.pop("imported", None)
    return copy
