"""The online CV: what the owner selects from the dossier, shared through revocable links,
and exported as JSON Resume and PDF."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access import awaits_owner, live_share_link, shared_with_others
from app.accounts.services import hash_token
from app.cv.models import CV, ShareLink
from app.db import get_or_create, utcnow
from app.dossiers.models import Dossier, Evidence
from app.dossiers.services import require_own_evidence
from app.errors import Invalid
from competencies.models import EvidenceLink, FrameworkItem
from competencies.services import require_items


def cv_of(session: Session, dossier: Dossier) -> CV:
    # The CV screen asks for the CV and its links at once: both may make it.
    defaults = {"education": [], "work": [], "competency_ids": [], "evidence_ids": []}
    return get_or_create(session, CV, defaults, dossier_id=dossier.id)


def require_kept(session: Session, ids, field: str) -> None:
    """What others added on the owner's behalf goes on the CV only once the owner kept it."""
    if not ids:
        return
    items = session.scalars(select(Evidence).where(Evidence.id.in_(ids)))
    if any(awaits_owner(e) for e in items):
        raise Invalid(
            "Look at what others added for you first: keep it, then it can go on your CV.",
            {field: ["Not kept yet."]},
            code="not_reviewed",
        )


def update_cv(session: Session, dossier: Dossier, cv: CV, changes: dict) -> CV:
    evidence_ids = changes.get("evidence_ids")
    photo = changes.get("photo_evidence_id")
    # Every check before any change: a refused request leaves the CV as it was.
    if evidence_ids is not None:
        require_own_evidence(session, dossier, evidence_ids, "evidence_ids")
        require_kept(session, evidence_ids, "evidence_ids")
    if photo is not None:
        require_own_evidence(session, dossier, [photo], "photo_evidence_id", kind="photo")
        require_kept(session, [photo], "photo_evidence_id")
    if evidence_ids is not None:
        cv.evidence_ids = [str(i) for i in evidence_ids]
    if "photo_evidence_id" in changes:
        cv.photo_evidence_id = photo
    if changes.get("competency_ids") is not None:
        cv.competency_ids = require_items(
            session, dossier.owner, changes["competency_ids"], "competency_ids"
        )
    for key in ("headline", "introduction", "email", "phone", "education", "work"):
        if key in changes:
            setattr(cv, key, changes[key])
    # Checked by app.confirmations (it reads the reports): ids as strings, like the others.
    for key in ("report_ids", "level_ids"):
        if changes.get(key) is not None:
            setattr(cv, key, [str(i) for i in changes[key]])
    session.flush()
    return cv


# --- links ----------------------------------------------------------------------------


def create_link(
    session: Session, cv: CV, *, label: str = "", expires_at: datetime | None = None
) -> tuple[ShareLink, str]:
    if expires_at is not None and expires_at <= utcnow():
        raise Invalid("The end date has passed already.", {"expires_at": ["In the past."]})
    token = secrets.token_urlsafe(24)
    link = ShareLink(cv_id=cv.id, token_hash=hash_token(token), label=label.strip(),
                     expires_at=expires_at)  # fmt: skip
    session.add(link)
    session.flush()
    return link, token


def links_of(session: Session, cv: CV) -> list[ShareLink]:
    return list(
        session.scalars(
            select(ShareLink)
            .where(ShareLink.cv_id == cv.id, ShareLink.revoked_at.is_(None))
            .order_by(ShareLink.created_at)
        )
    )


def revoke_link(session: Session, link: ShareLink) -> None:
    link.revoked_at = utcnow()
    session.flush()


#: Link previews: chat apps and social sites fetch a shared link to show a card, and search
#: engines may follow one. Their fetches are no reader, so they are not counted as views.
#: A part of the User-Agent, compared without case.
PREVIEW_BOTS = (
    "facebookexternalhit", "facebot", "twitterbot", "slackbot", "whatsapp", "linkedinbot",
    "telegrambot", "discordbot", "googlebot", "bingbot", "applebot", "skypeuripreview",
    "pinterestbot", "redditbot", "embedly", "mastodon", "signal", "iframely", "yandexbot",
    "duckduckbot", "baiduspider",
)  # fmt: skip


def is_preview_bot(user_agent: str | None) -> bool:
    agent = (user_agent or "").lower()
    return any(bot in agent for bot in PREVIEW_BOTS)


def open_link(session: Session, token: str, *, count_view: bool) -> tuple[ShareLink, CV]:
    """A live link and the CV behind it; a revoked or expired link is simply not there."""
    link = live_share_link(session, hash_token(token))
    if count_view:
        link.view_count += 1
        link.last_viewed_at = utcnow()
        session.flush()
    return link, session.get(CV, link.cv_id)


# --- what the CV shows ------------------------------------------------------------------


def cv_content(session: Session, cv: CV) -> dict:
    dossier = session.get(Dossier, cv.dossier_id)
    ids = [uuid.UUID(i) for i in cv.evidence_ids]
    # Only what the owner shares: an item hidden (or not yet kept) since it was chosen is left out.
    evidence = {
        e.id: e
        for e in session.scalars(select(Evidence).where(Evidence.id.in_(ids)))
        if shared_with_others(e)
    }
    shown = [evidence[i] for i in ids if i in evidence]
    item_ids = [uuid.UUID(i) for i in cv.competency_ids]
    items = {
        i.id: i
        for i in session.scalars(select(FrameworkItem).where(FrameworkItem.id.in_(item_ids)))
    }
    links = session.execute(
        select(EvidenceLink.item_id, EvidenceLink.evidence_id).where(
            EvidenceLink.item_id.in_(item_ids), EvidenceLink.evidence_id.in_(ids)
        )
    ).all()
    photo = session.get(Evidence, cv.photo_evidence_id) if cv.photo_evidence_id else None
    if photo is not None and not shared_with_others(photo):
        photo = None
    return {
        "name": dossier.owner.display_name,
        "language": dossier.owner.locale,
        "cv": cv,
        "photo": photo.asset("display") if photo else None,
        "evidence": shown,
        "competencies": [
            {
                "item": items[i],
                "evidence": [evidence[e] for item_id, e in links if item_id == i and e in evidence],
            }
            for i in item_ids
            if i in items
        ],
    }


def json_resume(content: dict, *, url: str | None = None) -> dict:
    """The CV in the JSON Resume schema (jsonresume.org, v1)."""
    cv: CV = content["cv"]
    basics: dict = {"name": content["name"]}
    if cv.headline:
        basics["label"] = cv.headline
    if cv.introduction:
        basics["summary"] = cv.introduction
    if cv.email:
        basics["email"] = cv.email
    if cv.phone:
        basics["phone"] = cv.phone
    if url:
        basics["url"] = url

    def period(entry: dict) -> dict:
        return {k2: entry[k1] for k1, k2 in (("start", "startDate"), ("end", "endDate"))
                if entry.get(k1)}  # fmt: skip

    return {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": basics,
        "work": [
            {
                "name": w.get("name", ""),
                "position": w.get("position", ""),
                **({"summary": w["summary"]} if w.get("summary") else {}),
                **period(w),
            }
            for w in cv.work
        ],  # fmt: skip
        "education": [
            {
                "institution": e.get("institution", ""),
                **({"area": e["area"]} if e.get("area") else {}),
                **({"studyType": e["study_type"]} if e.get("study_type") else {}),
                **period(e),
            }
            for e in cv.education
        ],  # fmt: skip
        "skills": [
            {
                "name": c["item"].full_statement,
                "keywords": [e.title for e in c["evidence"] if e.title],
            }
            for c in content["competencies"]
        ],  # fmt: skip
        "projects": [
            {
                "name": e.title or e.kind,
                # Only the owner's own words: the kind of file is no description.
                **({"description": e.description} if e.description else {}),
                "startDate": e.occurred_at.date().isoformat(),
            }
            for e in content["evidence"]
        ],  # fmt: skip
        "meta": {
            "canonical": url or "",
            "version": "v1.0.0",
            "lastModified": cv.updated_at.isoformat(),
        },
    }
