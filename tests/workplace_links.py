"""An approved internship with its supervisor's grant and a mailed workplace link, for the tests
of the supervisor without an account (the API's and the browser's).

Made here as the coordinator's proposal and the pupil's yes leave them, until those have a
service of their own to call."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from app import clock
from app.accounts.models import User
from app.db import db, utcnow
from app.dossiers.models import Dossier
from app.people.models import Grant, Internship
from app.people.workplace import issue_workplace_link, supervisor_account

SCOPES = ["contribute", "reflect", "view"]


def internship_with_link(
    app, dossier_id: str, email: str, *, days: int = 60, then: str | None = None
) -> dict:
    """What the coordinator's proposal and the pupil's yes leave behind: an approved
    internship, the supervisor's grant for it (ending with it) and a mailed workplace link."""
    with app.app_context():
        session = db.session()
        dossier = session.get(Dossier, uuid.UUID(dossier_id))
        today = clock.today()
        internship = Internship(
            dossier_id=dossier.id,
            workplace="Bakkerij De Korenaar",
            supervisor_name="Jan Bakker",
            supervisor_email=email,
            starts_on=today,
            ends_on=today + timedelta(days=days),
            scopes=SCOPES,
            status="approved",
            decided_at=utcnow(),
        )
        session.add(internship)
        session.flush()
        supervisor = supervisor_account(session, email, "Jan Bakker")
        expires_at = utcnow() + timedelta(days=days)
        grant = Grant(
            dossier_id=dossier.id,
            grantee_id=supervisor.id,
            scopes=SCOPES,
            role="employer",
            expires_at=expires_at,
            internship_id=internship.id,
        )
        session.add(grant)
        session.flush()
        owner = session.get(User, dossier.owner_id)
        link = issue_workplace_link(
            session, internship, supervisor, expires_at=expires_at, by=owner, then=then
        )
        ids = {"internship": internship.id, "grant": grant.id, "link": link.id}
        db.commit()
    mail = [m for m in app.extensions["mail_outbox"] if m["to"] == email][-1]["body"]
    token = re.search(r"#/werkplek/([A-Za-z0-9_-]+)", mail).group(1)
    return {**ids, "token": token, "email": email, "mail": mail}
