"""Import of a Leap2A export (Mahara's "export my portfolio"): a zip with `leap2a.xml`, an
Atom feed, and the files it names under `files/`.

What comes in, into the importer's own dossier:
- files and images (entries with an `enclosure` link, or older exports' `content src`)
  become evidence through the inspection every upload goes through (type from the bytes,
  limits; photos lose their metadata when processed); a file that is no accepted media is
  listed in the summary's `refused` with the reason;
- journal posts and notes (Mahara's `blogpost`, its `html` note, any plain Leap2A `entry`)
  become notes, their HTML reduced to plain text;
- comments (`leap2:reflects_on` an imported entry) become reflections on that item, marked
  imported from Mahara with their author's name and date;
- tags (categories without a scheme) are kept on a last line "Tags: ..." of the item's
  text; the entry's published date is the item's, its updated date the comment's edit date.
Everything else (profile fields, résumé entries, pages and collections, folders and
journals as such, comments on pages, unknown types) is listed in `left_out` with why.

The zip passes the checks every import makes (zip_safety); the XML is read by defusedxml
with no DTD allowed (so no entities, no external references, no network). Everything is
checked before anything is kept: files are stored first (no transaction open), then all
rows are written in one transaction; a failure removes the stored files again. Importing the
same zip twice adds nothing twice: files are known by their content hash (as uploads are),
notes by a source id made from the entry, comments by author and date.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.db import db, utcnow
from app.dossiers import exchange as dossiers
from app.dossiers.models import Dossier, Evidence, Reflection
from app.errors import DomainError
from app.exchange import refuse
from app.portability import zip_safety
from media.exchange import check_room
from media.inspect import Inspection
from media.models import MediaAsset
from media.services import StoredOriginal, add_original, inspect_upload
from media.storage import Storage, get_storage
from media.uploads import SpooledUpload, spool_upload

FEED = "leap2a.xml"
#: A feed larger than this is refused unread (a real one, without its files, is a few MB).
FEED_MAX_BYTES = 32 * 1024 * 1024
SOURCE = "mahara"

ATOM = "{http://www.w3.org/2005/Atom}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
MAHARA = "{http://wiki.mahara.org/Developer_Area/Import%2F%2FExport/LEAP_Extensions#}"
XHTML_DIV = "{http://www.w3.org/1999/xhtml}div"

#: Mahara's artefact types that are notes: journal posts, its "note" (html) and text boxes.
NOTE_TYPES = {"blogpost", "html", "textbox", "plain"}
#: Leap2A types that hold a person's profile or résumé, not evidence.
PROFILE_TYPES = {"person", "persondata"}
RESUME_TYPES = {"activity", "achievement", "affiliation", "ability", "meeting", "plan",
                "publication", "organization", "place", "selection_resume"}  # fmt: skip
#: Why something was left out, by code (an app says it in its own language).
LEFT_OUT = {
    "profile": "profile fields are not evidence",
    "resume": "résumé entries are not evidence",
    "page": "pages and collections are not imported; their items are",
    "folder": "Bagage has no folders; the files in it were imported",
    "journal": "the journal itself is not an item; its posts were imported as notes",
    "comment_elsewhere": "a comment on something that was not imported (a page, a journal)",
    "missing_file": "the export does not hold this file",
    "empty": "this entry has no title, text or file",
    "unknown_type": "this kind of entry has no place in Bagage",
}

Progress = Callable[[int], None]


@dataclass
class Entry:
    """One Atom entry of the feed, as far as an import needs it."""

    id: str
    title: str
    leap_type: str  # entry, resource, selection, person, activity, ...
    plugin: str  # Mahara's artefact plugin and type, when the exporter was Mahara
    artefact_type: str
    author: str
    published: datetime | None
    updated: datetime | None
    text: str
    summary: str
    tags: list[str]
    categories: dict[str, str]  # scheme → term, for the ones with a scheme
    links: list[tuple[str, str]]  # (relation, href)
    enclosure: str | None  # the file's name in the zip

    def rel(self, relation: str) -> list[str]:
        return [href for rel, href in self.links if rel == relation]


@dataclass
class Feed:
    author: str
    entries: list[Entry]


@dataclass
class Plan:
    files: list[Entry] = field(default_factory=list)
    notes: list[Entry] = field(default_factory=list)
    comments: list[Entry] = field(default_factory=list)
    left_out: list[dict] = field(default_factory=list)

    def leave_out(self, entry: Entry, code: str) -> None:
        self.left_out.append({"title": entry.title or entry.artefact_type or entry.leap_type,
                              "type": entry.artefact_type or entry.leap_type, "code": code,
                              "reason": LEFT_OUT[code]})  # fmt: skip


# --- reading the feed -------------------------------------------------------------------


def is_leap2a(path: Path) -> bool:
    """Is this file a zip with a Leap2A feed (rather than a Bagage export)?"""
    try:
        with zipfile.ZipFile(path) as archive:
            return FEED in archive.namelist() and "manifest.json" not in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def read_feed(archive: zipfile.ZipFile) -> Feed:
    try:
        info = archive.getinfo(FEED)
    except KeyError as exc:
        raise refuse("This zip is not a Leap2A export (no leap2a.xml).",
                     "not_leap2a") from exc  # fmt: skip
    if info.file_size > FEED_MAX_BYTES:
        mb = FEED_MAX_BYTES // (1024 * 1024)
        raise refuse(f"The export's leap2a.xml is larger than {mb} MB.", "feed_too_large", mb=mb)
    try:
        root = fromstring(archive.read(info), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise refuse("The export's leap2a.xml declares a document type or entities, which no "
                     "Leap2A export needs; it is not read. Nothing was imported.",
                     "feed_forbidden") from exc  # fmt: skip
    except (ParseError, ValueError, UnicodeDecodeError) as exc:
        raise refuse("The export's leap2a.xml is damaged (no well-formed XML). Nothing was "
                     "imported.", "feed_damaged") from exc  # fmt: skip
    if root.tag != f"{ATOM}feed":
        raise refuse("The export's leap2a.xml is no Atom feed.", "not_leap2a")
    return Feed(author=_text(root.find(f"{ATOM}author/{ATOM}name")),
                entries=[_entry(e) for e in root.findall(f"{ATOM}entry")])  # fmt: skip


def _local(name: str | None) -> str:
    """leap2:entry, http://terms.leapspecs.org/entry and leap:entry all give `entry`."""
    return re.split(r"[:#/]", (name or "").strip())[-1]


def _text(element: Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _time(element: Element | None) -> datetime | None:
    value = _text(element)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _entry(element: Element) -> Entry:
    plugin = element.find(f"{MAHARA}artefactplugin")
    tags, categories = [], {}
    for category in element.findall(f"{ATOM}category"):
        term = (category.get("term") or "").strip()
        if not term:
            continue
        if category.get("scheme"):
            categories[_local(category.get("scheme").rstrip("#/"))] = term
        else:  # a plain tag: its label is the word as typed, its term the normalised one
            tags.append((category.get("label") or term).strip())
    links, enclosure = [], None
    for link in element.findall(f"{ATOM}link"):
        rel, href = link.get("rel") or "", (link.get("href") or "").strip()
        if rel == "enclosure" and href and enclosure is None:
            enclosure = href
        elif href:
            links.append((_local(rel), href))
    content = element.find(f"{ATOM}content")
    rdf_type = element.find(f"{RDF}type")
    if content is not None and content.get("src") and enclosure is None:
        enclosure = content.get("src").strip()  # Leap2A's first form of a file
    return Entry(
        id=_text(element.find(f"{ATOM}id")),
        title=_text(element.find(f"{ATOM}title"))[:200],
        leap_type=_local(rdf_type.get(f"{RDF}resource") if rdf_type is not None else ""),
        plugin=plugin.get(f"{MAHARA}plugin", "") if plugin is not None else "",
        artefact_type=plugin.get(f"{MAHARA}type", "") if plugin is not None else "",
        author=_text(element.find(f"{ATOM}author/{ATOM}name"))[:120],
        published=_time(element.find(f"{ATOM}published")),
        updated=_time(element.find(f"{ATOM}updated")),
        text=_content_text(content) if content is not None and not content.get("src") else "",
        summary=_content_text(element.find(f"{ATOM}summary")),
        tags=list(dict.fromkeys(t for t in tags if t)),
        categories=categories,
        links=links,
        enclosure=enclosure,
    )


def _content_text(element: Element | None) -> str:
    """Atom text, html or xhtml content as plain text: only the words and line breaks of
    the HTML are kept, never markup (nothing of it can run or load anything)."""
    if element is None:
        return ""
    kind = element.get("type", "text")
    if kind == "xhtml":
        div = element.find(XHTML_DIV)
        markup = tostring(div, encoding="unicode") if div is not None else ""
        return html_to_text(markup)
    if kind == "html":
        return html_to_text(element.text or "")
    return _tidy("".join(element.itertext()))


class _TextOnly(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
              "blockquote", "pre", "table", "section", "article", "hr"}  # fmt: skip
    HIDDEN = {"script", "style", "head", "title", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def _tag(self, tag: str) -> str:
        return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()

    def handle_starttag(self, tag, attrs) -> None:
        tag = self._tag(tag)
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        tag = self._tag(tag)
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS and tag != "li":  # the next item starts its own line
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    return _tidy("".join(parser.parts))  # character references are resolved by the parser


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- what goes where --------------------------------------------------------------------


def plan(feed: Feed) -> Plan:
    """Sort the entries: files, notes and comments come in; the rest is left out, with why."""
    result = Plan()
    for entry in feed.entries:
        kind = entry.leap_type
        if entry.plugin == "comment" or (entry.rel("reflects_on") and kind == "entry"):
            result.comments.append(entry)
        elif entry.enclosure:
            result.files.append(entry)
        elif (
            kind in PROFILE_TYPES
            or entry.plugin == "internal"
            and (entry.artefact_type not in NOTE_TYPES)
        ):
            result.leave_out(entry, "profile")
        elif kind in RESUME_TYPES or entry.plugin == "resume":
            result.leave_out(entry, "resume")
        elif kind == "selection":
            selection = entry.categories.get("selection_type", "").lower()
            code = {"blog": "journal", "folder": "folder"}.get(selection, "page")
            if entry.plugin == "blog":
                code = "journal"
            result.leave_out(entry, code)
        elif kind == "entry" and (entry.artefact_type in NOTE_TYPES or not entry.plugin):
            if entry.title or entry.text:
                result.notes.append(entry)
            else:
                result.leave_out(entry, "empty")
        else:
            result.leave_out(entry, "unknown_type")
    return result


def _description(text: str, tags: list[str]) -> str:
    line = f"Tags: {', '.join(tags)}" if tags else ""
    return "\n\n".join(part for part in (text, line) if part)


def _source_id(entry: Entry) -> str:
    """A note's mark of where it came from: the same entry imported again is found by it."""
    digest = hashlib.sha256(f"{entry.id}\n{entry.title}\n{entry.text}".encode()).hexdigest()
    return f"leap2a:{digest[:48]}"


# --- the import -------------------------------------------------------------------------


@dataclass
class _File:
    entry: Entry
    upload: SpooledUpload
    inspection: Inspection
    key: str


def import_leap2a(
    session: Session, user: User, zip_path: Path, progress: Progress, *, tmp_dir: Path
) -> tuple[Dossier, dict]:
    """Bring a Leap2A export into this user's own dossier. Returns the dossier and the
    summary: what came (counts), what was there already (skipped), the refused files and
    what was left out, each with why."""
    storage = get_storage()
    with zip_safety.undone_on_failure(session, zip_path) as (archive, stored):
        zip_safety.check_zip(archive)
        feed = read_feed(archive)
        work = plan(feed)
        dossier = dossiers.own_dossier(session, user)
        dossier_id = dossier.id if dossier else uuid.uuid4()
        names = set(archive.namelist())
        present = []
        for entry in work.files:
            name = _member(entry.enclosure, names)
            if name is None:
                work.leave_out(entry, "missing_file")
            else:
                present.append((entry, archive.getinfo(name)))
        sizes = [{"media": [{"size_bytes": info.file_size}]} for _, info in present]
        check_room(session, dossier, sizes)
        known = _known(session, dossier, user)
        db.checkpoint()  # the checks only read: no transaction while the files are stored
        files, refused, there, twins = _store_files(
            archive, present, known, storage, stored, progress, tmp_dir, dossier_id
        )
        dossier = dossiers.import_dossier(session, user, dossier_id, {})
        summary = _create_rows(session, user, dossier, feed, work, (files, there, twins),
                               known)  # fmt: skip
    summary["refused"] = refused
    summary["left_out"] = work.left_out
    progress(100)
    return dossier, summary


def _member(href: str, names: set[str]) -> str | None:
    """The zip member a link names (Mahara writes `files/<n>-<name>`), if it is there."""
    for name in (href, unquote(href), href.removeprefix("./"), unquote(href).removeprefix("./")):
        if name in names and zip_safety.safe_name(name) and not name.endswith("/"):
            return name
    return None


@dataclass
class _Known:
    """What the dossier holds from the importer already: originals by content hash (as an
    upload finds its duplicate), notes by source id, imported comments by author and time."""

    originals: dict[str, uuid.UUID]
    notes: dict[str, uuid.UUID]
    comments: set[tuple[uuid.UUID, str, datetime]]


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _known(session: Session, dossier: Dossier | None, user: User) -> _Known:
    if dossier is None:
        return _Known({}, {}, set())
    mine = (Evidence.dossier_id == dossier.id, Evidence.created_by_id == user.id)
    originals = dict(session.execute(
        select(MediaAsset.sha256, Evidence.id)
        .join(Evidence, Evidence.id == MediaAsset.evidence_id)
        .where(*mine, MediaAsset.role == "original")
    ).all())  # fmt: skip
    notes = dict(session.execute(
        select(Evidence.client_uid, Evidence.id).where(*mine, Evidence.client_uid.isnot(None))
    ).all())  # fmt: skip
    comments = {
        (evidence_id, name, _naive(at))
        for evidence_id, name, at in session.execute(
            select(Reflection.evidence_id, Reflection.author_name, Reflection.created_at)
            .join(Evidence, Evidence.id == Reflection.evidence_id)
            .where(Evidence.dossier_id == dossier.id, Reflection.imported_from == SOURCE)
        )
    }
    return _Known(originals, notes, comments)


def _store_files(
    archive: zipfile.ZipFile, present: list[tuple[Entry, zipfile.ZipInfo]], known: _Known,
    storage: Storage, stored: list[str], progress: Progress, tmp_dir: Path,
    dossier_id: uuid.UUID,
) -> tuple[list[_File], list[dict], dict[str, uuid.UUID], dict[str, str]]:  # fmt: skip
    """Each file copied out of the zip, hashed, and inspected as an upload is; the accepted
    ones stored (their keys also in stored, for the caller to remove if the import fails).
    Returns the stored files, the refused ones with why, the entries whose file the dossier
    holds already (→ that item) and those whose file came earlier in this export (→ that
    entry): neither is stored twice."""
    total = sum(info.file_size for _, info in present) or 1
    done = 0
    files: list[_File] = []
    refused: list[dict] = []
    there: dict[str, uuid.UUID] = {}
    twins: dict[str, str] = {}
    first: dict[str, str] = {}  # sha256 → the entry that brought it
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    tmp_dir.mkdir(parents=True, exist_ok=True)
    for entry, info in present:
        upload = None
        try:
            with archive.open(info) as source:
                name = entry.title or info.filename
                upload = spool_upload(source, filename=name, tmp_dir=tmp_dir, max_bytes=limit)
            if upload.sha256 in known.originals:
                there[entry.id] = known.originals[upload.sha256]
            elif upload.sha256 in first:
                twins[entry.id] = first[upload.sha256]
            else:
                inspection = inspect_upload(upload)  # the same inspection as an upload
                key = f"{dossier_id.hex}/{secrets.token_hex(16)}/original.{inspection.extension}"
                storage.put_file(upload.path, key)
                stored.append(key)
                files.append(_File(entry, upload, inspection, key))
                first[upload.sha256] = entry.id
        except DomainError as exc:
            refused.append({"ref": len(refused) + 1, "title": entry.title,
                            "path": info.filename, "code": exc.code,
                            "reason": exc.message})  # fmt: skip
        finally:
            if upload is not None:
                upload.discard()
        done += info.file_size
        progress(min(99, 100 * done // total))
    return files, refused, there, twins


def _create_rows(
    session: Session, user: User, dossier: Dossier, feed: Feed, work: Plan,
    stored: tuple[list[_File], dict[str, uuid.UUID], dict[str, str]], known: _Known,
) -> dict:  # fmt: skip
    files, there, twins = stored
    summary = {"format": "leap2a", "evidence": 0, "files": 0, "notes": 0, "bytes": 0,
               "reflections": 0, "skipped": len(there)}  # fmt: skip
    by_entry: dict[str, uuid.UUID] = dict(there)
    storage = get_storage()
    for file in files:
        entry, inspection = file.entry, file.inspection
        evidence = _evidence(dossier, user, entry, _description(entry.summary, entry.tags))
        evidence.kind, evidence.content_sha256 = inspection.kind, file.upload.sha256
        evidence.processing_progress = 0 if inspection.kind in ("video", "audio") else None
        if entry.published is None and inspection.taken_at is not None:
            evidence.occurred_at = inspection.taken_at
        session.add(evidence)
        add_original(session, evidence, StoredOriginal(storage, file.key), file.upload,
                     inspection)  # fmt: skip
        by_entry[entry.id] = evidence.id
        summary["evidence"] += 1
        summary["files"] += 1
        summary["bytes"] += file.upload.size
    for entry_id, twin in twins.items():
        if twin in by_entry:
            by_entry[entry_id] = by_entry[twin]
    for entry in work.notes:
        source = _source_id(entry)
        if source in known.notes:
            by_entry[entry.id] = known.notes[source]
            summary["skipped"] += 1
            continue
        evidence = _evidence(dossier, user, entry, _description(entry.text, entry.tags))
        evidence.kind, evidence.status, evidence.client_uid = "note", "ready", source
        session.add(evidence)
        known.notes[source] = by_entry[entry.id] = evidence.id
        summary["evidence"] += 1
        summary["notes"] += 1
    session.flush()
    for entry in work.comments:
        _import_comment(session, feed, work, entry, by_entry, known, summary)
    session.flush()
    return summary


def _evidence(dossier: Dossier, user: User, entry: Entry, description: str) -> Evidence:
    now = utcnow()
    return Evidence(
        id=uuid.uuid4(), dossier_id=dossier.id, title=entry.title, description=description,
        occurred_at=entry.published or entry.updated or now, created_at=now,
        created_by_id=user.id, created_role="owner", status="pending",
    )  # fmt: skip


def _import_comment(
    session: Session, feed: Feed, work: Plan, entry: Entry, by_entry: dict[str, uuid.UUID],
    known: _Known, summary: dict,
) -> None:  # fmt: skip
    target = next((by_entry[h] for h in entry.rel("reflects_on") if h in by_entry), None)
    if target is None:
        work.leave_out(entry, "comment_elsewhere")
        return
    # Mahara names a comment's author only when it is not the portfolio's owner.
    author = entry.author or feed.author or "Mahara"
    created_at = entry.published or entry.updated or utcnow()
    if (target, author, _naive(created_at)) in known.comments:
        summary["skipped"] += 1
        return
    known.comments.add((target, author, _naive(created_at)))
    session.add(Reflection(
        evidence_id=target, author_id=None, author_name=author,
        author_role="owner" if not entry.author else "other", model="free",
        content={"text": _description(entry.text, entry.tags) or entry.title},
        created_at=created_at, updated_at=entry.updated or created_at,
        imported_from=SOURCE,
    ))  # fmt: skip
    summary["reflections"] += 1
