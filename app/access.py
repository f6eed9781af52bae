"""THE access policy: may this user do this to this dossier or evidence item?

Everything is private to the owner until the owner grants access (grants arrive with the
people issue and are checked here, nowhere else). A dossier or item the user may not see is
reported as not found, so its existence does not leak.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.accounts.models import User
from app.dossiers.models import Dossier, Evidence
from app.errors import NotFound


def can_view_dossier(user: User, dossier: Dossier) -> bool:
    return dossier.owner_id == user.id


def can_contribute(user: User, dossier: Dossier) -> bool:
    return dossier.owner_id == user.id


def can_edit_evidence(user: User, evidence: Evidence) -> bool:
    return evidence.dossier.owner_id == user.id


def can_view_original(user: User, evidence: Evidence) -> bool:
    """Originals may carry location and device data: the owner's eyes only."""
    return evidence.dossier.owner_id == user.id


def viewable_dossier(session: Session, user: User, dossier_id: uuid.UUID) -> Dossier:
    dossier = session.get(Dossier, dossier_id)
    if dossier is None or not can_view_dossier(user, dossier):
        raise NotFound("No such dossier.")
    return dossier


def owned_dossier(session: Session, user: User, dossier_id: uuid.UUID) -> Dossier:
    """Decisions about the dossier itself (its frameworks, later its grants): owner only."""
    dossier = viewable_dossier(session, user, dossier_id)
    if dossier.owner_id != user.id:
        raise NotFound("No such dossier.")
    return dossier


def contributable_dossier(session: Session, user: User, dossier_id: uuid.UUID) -> Dossier:
    dossier = viewable_dossier(session, user, dossier_id)
    if not can_contribute(user, dossier):
        raise NotFound("No such dossier.")
    return dossier


def viewable_evidence(session: Session, user: User, evidence_id: uuid.UUID) -> Evidence:
    evidence = session.get(Evidence, evidence_id)
    if evidence is None or not can_view_dossier(user, evidence.dossier):
        raise NotFound("No such evidence.")
    return evidence


def editable_evidence(session: Session, user: User, evidence_id: uuid.UUID) -> Evidence:
    evidence = viewable_evidence(session, user, evidence_id)
    if not can_edit_evidence(user, evidence):
        raise NotFound("No such evidence.")
    return evidence
