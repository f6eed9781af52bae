"""The dossier's own part of its export: the dossier's title and dates, the evidence (each
with its files, competencies and reflections with their history) and the conversation.

Evidence gets ref numbers in the export, by which other parts point at it. An import skips
items the dossier holds already (the same client_uid, the same original file, or for notes
the same kind, title, text and time) but lets references find them."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import utcnow
from app.dossiers.models import Dossier, Evidence, Message, Reflection, ReflectionVersion
from app.exchange import ExportRefs, ImportPlace, iso, name_of, parse_time
from media.exchange import StoredFiles, export_media, import_media
from media.models import MediaAsset
from media.services import request_shown_copies
from media.storage import Storage


def export_evidence(session: Session, dossier: Dossier) -> list[Evidence]:
    """The dossier's evidence in the export's order: its position is its ref number."""
    return session.scalars(
        select(Evidence)
        .where(Evidence.dossier_id == dossier.id)
        .order_by(Evidence.occurred_at, Evidence.created_at, Evidence.id)
    ).all()


def current_reflections(session: Session, evidence: list[Evidence]) -> list[Reflection]:
    return session.scalars(
        select(Reflection)
        .where(Reflection.evidence_id.in_([e.id for e in evidence]),
               Reflection.withdrawn_at.is_(None))
        .order_by(Reflection.created_at)
    ).all()  # fmt: skip


def export_entries(
    evidence: list[Evidence],
    reflections: list[Reflection],
    refs: ExportRefs,
    competencies_of: Callable[[uuid.UUID], list[dict]],
) -> tuple[list[dict], dict[str, str]]:
    """The evidence section, and the storage key of every file it names (by zip path).
    An item's competencies are the competencies domain's to write (competencies_of)."""
    entries, keys = [], {}
    for item in evidence:
        number = refs.evidence[item.id]
        media, item_keys = export_media(item.media, number)
        keys.update(item_keys)
        entries.append({
            "ref": number,
            "kind": item.kind,
            "title": item.title,
            "description": item.description,
            "occurred_at": iso(item.occurred_at),
            "created_at": iso(item.created_at),
            "created_by": name_of(item.created_by, item.created_by_name),
            "created_role": item.created_role,
            "hidden": item.hidden_at is not None,
            # Added on the owner's behalf and kept by the owner: their consent to share it.
            "reviewed": item.reviewed_at is not None,
            "status": item.status,
            "status_reason": item.status_reason,
            "client_uid": item.client_uid,
            "media": media,
            "competencies": competencies_of(item.id),
            "reflections": [_reflection(r, refs) for r in reflections
                            if r.evidence_id == item.id],
        })  # fmt: skip
    return entries, keys


def _reflection(r: Reflection, refs: ExportRefs) -> dict:
    return {
        "author": name_of(r.author, r.author_name),
        "author_role": r.author_role,
        # A comment imported from elsewhere stays marked so through every later move.
        "imported_from": r.imported_from,
        "model": r.model,
        "content": r.content,
        "competency": refs.competency(r.item_id) if r.item_id else None,
        "level": r.level,
        "level_label": r.level_label,
        "created_at": iso(r.created_at),
        "updated_at": iso(r.updated_at),
        "history": [
            {"content": v.content, "level": v.level, "level_label": v.level_label,
             "created_at": iso(v.created_at)}
            for v in r.versions
        ],
    }  # fmt: skip


def export_messages(session: Session, dossier: Dossier, refs: ExportRefs) -> list[dict]:
    messages = session.scalars(
        select(Message).where(Message.dossier_id == dossier.id).order_by(Message.created_at)
    ).all()
    return [
        {
            "author": name_of(m.author, ""),
            "author_role": m.author_role,
            "body": m.body,
            "created_at": iso(m.created_at),
            "evidence_ref": refs.evidence.get(m.evidence_id),
        }
        for m in messages
    ]


# --- import ---------------------------------------------------------------------------


def own_dossier(session: Session, user) -> Dossier | None:
    """The dossier an import goes into: the person's own (the app works with one)."""
    return session.scalar(
        select(Dossier).where(Dossier.owner_id == user.id).order_by(Dossier.created_at)
    )


def import_dossier(session: Session, user, dossier_id: uuid.UUID, data: dict) -> Dossier:
    """The dossier under dossier_id, made when the person has none; an empty one takes the
    export's title and dates, so export → import → export gives the same."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is None:
        dossier = Dossier(id=dossier_id, owner_id=user.id, title=user.display_name)
        session.add(dossier)
        session.flush()
    empty = session.scalar(select(Evidence.id).where(Evidence.dossier_id == dossier.id).limit(1))
    if empty is None:
        dossier.title = data.get("title") or dossier.title
        dossier.created_at = parse_time(data.get("created_at")) or dossier.created_at
    return dossier


def already_there(
    session: Session, dossier: Dossier | None, entries: list[dict]
) -> dict[int, uuid.UUID]:
    """The manifest's items that the dossier holds already, by ref: they are not imported
    again, but what refers to them (a report, the CV, a goal) finds them."""
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
    for entry in entries:
        original = next((m for m in entry["media"] if m["role"] == "original"), None)
        same = (entry["kind"], entry["title"], entry["description"],
                parse_time(entry["occurred_at"]))  # fmt: skip
        if entry.get("client_uid") and entry["client_uid"] in uids:
            there[entry["ref"]] = uids[entry["client_uid"]]
        elif original and original["sha256"] in originals:
            there[entry["ref"]] = originals[original["sha256"]]
        elif not original and same in notes:
            there[entry["ref"]] = notes[same]
    return there


def import_evidence(
    place: ImportPlace,
    entries: list[dict],
    files: StoredFiles,
    storage: Storage,
    link: Callable[[uuid.UUID, list[dict]], None],
) -> None:
    """The items, with their files (stored already), competencies (link, the competencies
    domain's) and reflections. Authors from elsewhere stay names; the owner's own become
    the importing person's."""
    session, user, summary = place.session, place.user, place.summary
    for entry in entries:
        by_owner = entry.get("created_role") == "owner"
        original = next((m for m in entry["media"] if m["role"] == "original"), None)
        # An item is what its original is, whatever the manifest calls it.
        kind = files[original["path"]][1].kind if original else entry["kind"]
        evidence = Evidence(
            id=uuid.uuid4(), dossier_id=place.dossier.id, kind=kind,
            title=entry["title"], description=entry["description"],
            occurred_at=parse_time(entry["occurred_at"]) or utcnow(),
            created_at=parse_time(entry["created_at"]) or utcnow(),
            created_by_id=user.id if by_owner else None,
            created_by_name="" if by_owner else entry.get("created_by") or "",
            created_role=entry.get("created_role") or "owner",
            hidden_at=utcnow() if entry.get("hidden") else None,
            reviewed_at=utcnow() if entry.get("reviewed") is True else None,
            status=entry["status"], status_reason=entry.get("status_reason", ""),
            client_uid=entry.get("client_uid"),
        )  # fmt: skip
        session.add(evidence)
        place.evidence[entry["ref"]] = evidence.id
        summary["evidence"] += 1
        import_media(
            session, place.dossier.id, evidence.id, entry["media"], files, storage, summary
        )
        if kind in ("photo", "video") and evidence.status == "ready":
            # The copies others see are made again from the original, with faces found and
            # blurred: the export may come from a Bagage that showed them.
            request_shown_copies(evidence)
        session.flush()
        link(evidence.id, entry.get("competencies", []))
        for data in entry.get("reflections", []):
            _import_reflection(place, evidence.id, data)


def _import_reflection(place: ImportPlace, evidence_id: uuid.UUID, data: dict) -> None:
    session, user = place.session, place.user
    item = place.item_for(data["competency"]) if data.get("competency") else None
    by_owner_now = data["author_role"] == "owner" and data["author"] == place.owner_name
    reflection = Reflection(
        evidence_id=evidence_id, item_id=item.id if item else None,
        author_id=user.id if by_owner_now else None,
        author_name="" if by_owner_now else data["author"],
        author_role=data["author_role"], model=data["model"],
        imported_from=str(data.get("imported_from") or "")[:16],
        content=data["content"], level=data.get("level"),
        level_label=data.get("level_label", ""),
        created_at=parse_time(data["created_at"]) or utcnow(),
        updated_at=parse_time(data.get("updated_at")) or utcnow(),
    )  # fmt: skip
    session.add(reflection)
    place.summary["reflections"] += 1
    session.flush()
    for version in data.get("history", []):
        session.add(ReflectionVersion(
            reflection_id=reflection.id, content=version["content"],
            level=version.get("level"), level_label=version.get("level_label", ""),
            created_at=parse_time(version["created_at"]) or utcnow(),
        ))  # fmt: skip


def import_messages(place: ImportPlace, messages: list[dict]) -> None:
    """The conversation; a message that came in with an earlier import is not added again.
    Others' messages start with their name (they have no account here)."""
    session, dossier = place.session, place.dossier
    said = {
        (m.body, m.created_at.replace(tzinfo=None))
        for m in session.scalars(select(Message).where(Message.dossier_id == dossier.id))
    }
    for data in messages:
        by_owner_now = data["author_role"] == "owner"
        body = (data["body"] if by_owner_now or not data["author"]
                else f"{data['author']}: {data['body']}")  # fmt: skip
        created_at = parse_time(data["created_at"]) or utcnow()
        if (body, created_at.replace(tzinfo=None)) in said:
            continue  # imported before
        session.add(Message(
            dossier_id=dossier.id, author_id=place.user.id if by_owner_now else None,
            author_role=data["author_role"], body=body, created_at=created_at,
            evidence_id=place.evidence_id(data.get("evidence_ref")),
        ))  # fmt: skip
        place.summary["messages"] += 1
