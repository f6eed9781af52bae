"""Every read of dossier content by someone other than the owner lands in the access log.

A view that answers with dossier content is marked `@reading.logged` and calls `record` (or
`record_link`, for a recruiter's CV link) once it knows what is read. The mark checks, on
every successful answer, that the view did record (the request commits the entry); a test walks the
URL map and refuses a GET route on a dossier or its content that is neither marked nor
listed as no content, with the reason.
"""

from __future__ import annotations

import functools
import uuid

from flask import g
from flask_login import current_user

from app.auth import acting_user
from app.db import db
from app.dossiers.models import Dossier
from app.people import services as people

#: The attribute that marks a view as one whose reads are logged.
MARK = "logs_reads"


def record(dossier: Dossier, action: str, subject_id, label: str = "") -> None:
    """The acting user reads `subject_id` (a short `label` says what it is) in `dossier`."""
    people.log_read(db.session(), dossier, acting_user(), action, subject_id, label)
    g.read_recorded = True


def record_link(dossier: Dossier, link_id: uuid.UUID, link_label: str, action: str, subject_id):
    """Someone without an account reads through a CV link: the link is who (unless the owner,
    logged in, looks at their own link)."""
    if not (current_user.is_authenticated and current_user.id == dossier.owner_id):
        people.log_read(
            db.session(), dossier, None, action, subject_id, link_id=link_id, link_label=link_label
        )
    g.read_recorded = True


def logged(view):
    """Mark a view that answers with dossier content. A success that recorded no read fails
    loudly, so a handler cannot forget its entry."""

    @functools.wraps(view)
    def checked(*args, **kwargs):
        g.read_recorded = False
        response = view(*args, **kwargs)
        status = response[1] if isinstance(response, tuple) and len(response) > 1 else None
        status = status if isinstance(status, int) else getattr(response, "status_code", 200)
        if status < 400 and not g.read_recorded:
            raise RuntimeError(f"{view.__qualname__} answered dossier content without a log entry")
        return response

    setattr(checked, MARK, True)
    return checked
