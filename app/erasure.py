"""Deleting an account (GDPR art. 17): every row of the person and every stored file of
their dossiers, on local disk and S3 alike, their unfinished uploads and their exports.

What they added to someone else's dossier stays there, because it is part of that person's
dossier, but without their name: others read "verwijderd account" (app.forgetting). Whoever
wants it gone removes it first, or asks the dossier's owner to. Their e-mail address and id
are left nowhere. The one exception: a report they signed keeps the name and role of the
signature (part of the pupil's record), no longer linked to an account.

Each domain forgets the person in its own rows (`forget_person(session, user)`); a new domain
with people's names, addresses or ids adds its own to FORGET below.
"""

from __future__ import annotations

import logging

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.db import db
from app.dossiers import services as dossiers
from app.dossiers.models import Dossier, Evidence
from app.growth import services as growth
from app.people import services as people
from app.portability import services as portability
from app.reports import services as reports
from competencies import services as competencies
from media.models import MediaAsset, ResumableUpload
from media.resumable import part_path
from media.storage import get_storage

log = logging.getLogger(__name__)

#: Every domain's forget_person, run while the account and its own dossiers still exist.
FORGET = (
    dossiers.forget_person,
    people.forget_person,
    reports.forget_person,
    growth.forget_person,
    competencies.forget_person,
    portability.forget_person,
)


def delete_account(session: Session, user: User) -> None:
    """Delete the user, their dossiers with all evidence, and (after the commit) all files;
    every domain forgets them in what others keep."""
    remove_files = _own_files(session, user)
    for forget in FORGET:
        forget(session, user)
    _delete_own_dossiers(session, user)
    session.delete(user)  # ... and to sessions, tokens, memberships, notifications
    session.flush()
    db.after_commit(remove_files)


def delete_own_dossiers(session: Session, user: User) -> None:
    """Empty an account of what it made itself: its dossiers with all evidence and (after
    the commit) their files and its unfinished uploads. For an address taken over by the one
    who proved it is theirs (a workplace link's code): what a stranger put there is not theirs
    to inherit."""
    remove_files = _own_files(session, user)
    session.execute(delete(ResumableUpload).where(ResumableUpload.user_id == user.id))
    _delete_own_dossiers(session, user)
    db.after_commit(remove_files)


def _delete_own_dossiers(session: Session, user: User) -> None:
    for dossier in session.scalars(select(Dossier).where(Dossier.owner_id == user.id)).all():
        session.delete(dossier)  # the database cascades to evidence, media rows, grants, ...
    session.flush()


def _own_files(session: Session, user: User):
    """A function that removes every file of the user's dossiers and unfinished uploads;
    the keys are gathered now, while the rows that name them exist."""
    storage = get_storage()
    dossier_ids = list(session.scalars(select(Dossier.id).where(Dossier.owner_id == user.id)))
    prefixes = [f"{dossier_id.hex}/" for dossier_id in dossier_ids]
    # Keys of every file row too, in case a file lives outside its dossier's prefix.
    keys = list(
        session.scalars(
            select(MediaAsset.storage_key)
            .join(Evidence, Evidence.id == MediaAsset.evidence_id)
            .where(Evidence.dossier_id.in_(dossier_ids))
        )
    )
    uploads = session.scalars(
        select(ResumableUpload).where(ResumableUpload.user_id == user.id)
    ).all()
    parts = [part_path(u) for u in uploads]

    def remove_files() -> None:
        for key in keys:
            storage.delete(key)
        for prefix in prefixes:  # every key under the dossier, orphans included
            for key in storage.list_keys(prefix):
                storage.delete(key)
        for path in parts:
            path.unlink(missing_ok=True)
        log.info("deleted the files of %d dossiers", len(prefixes))

    return remove_files
