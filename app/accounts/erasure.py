"""Deleting an account (GDPR art. 17): every row of the person and every stored file of
their dossiers, on local disk and S3 alike, their unfinished uploads and their exports.

The rule for what they added to someone else's dossier: it stays there, because it is part
of that person's dossier, but without their name (the author becomes "former user"). Whoever
wants it gone removes it first, or asks the dossier's owner to. The same for a learning line
they made that another dossier uses; one nobody else uses is deleted.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.db import db
from app.dossiers.models import Dossier, Evidence
from app.portability.models import DataJob
from competencies.models import DossierFramework, EvidenceLink, Framework, FrameworkItem
from media.models import MediaAsset, ResumableUpload
from media.storage import get_storage

log = logging.getLogger(__name__)


def _forget_their_learning_lines(session: Session, user: User) -> None:
    """Learning lines they made or brought in go with them, unless another dossier uses one:
    then it stays for that dossier, without their name."""
    made = session.scalars(select(Framework).where(Framework.created_by_id == user.id)).all()
    for framework in made:
        chosen = select(DossierFramework.dossier_id).where(
            DossierFramework.framework_id == framework.id
        )
        linked = (
            select(EvidenceLink.id)
            .join(FrameworkItem, FrameworkItem.id == EvidenceLink.item_id)
            .where(FrameworkItem.framework_id == framework.id)
        )
        if session.scalar(chosen.limit(1)) is None and session.scalar(linked.limit(1)) is None:
            session.delete(framework)
        else:
            framework.creator = ""


def delete_account(session: Session, user: User) -> None:
    """Delete the user, their dossiers with all evidence, and (after the commit) all files."""
    storage = get_storage()
    dossiers = session.scalars(select(Dossier).where(Dossier.owner_id == user.id)).all()
    prefixes = [f"{d.id.hex}/" for d in dossiers]
    # Keys of every file row too, in case a file lives outside its dossier's prefix.
    keys = list(
        session.scalars(
            select(MediaAsset.storage_key)
            .join(Evidence, Evidence.id == MediaAsset.evidence_id)
            .where(Evidence.dossier_id.in_([d.id for d in dossiers]))
        )
    )
    uploads = session.scalars(
        select(ResumableUpload).where(ResumableUpload.user_id == user.id)
    ).all()
    from media.resumable import part_path

    parts = [part_path(u) for u in uploads]
    # Finished exports and imports waiting for their job: zips of the whole dossier.
    exports = session.scalars(select(DataJob.path).where(DataJob.user_id == user.id))
    parts += [Path(p) for p in exports if p]
    for dossier in dossiers:
        session.delete(dossier)  # the database cascades to evidence, media rows, grants, ...
    session.flush()
    _forget_their_learning_lines(session, user)
    session.delete(user)  # ... and to sessions, tokens, memberships, notifications
    session.flush()

    def remove_files() -> None:
        for key in keys:
            storage.delete(key)
        for prefix in prefixes:  # every key under the dossier, orphans included
            for key in storage.list_keys(prefix):
                storage.delete(key)
        for path in parts:
            path.unlink(missing_ok=True)
        log.info("deleted the files of %d dossiers", len(prefixes))

    db.after_commit(remove_files)
