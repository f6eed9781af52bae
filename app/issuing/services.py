"""Issuing Open Badges 3.0 credentials from confirmations given in the app, and revoking them.

Two things someone else confirmed can become a credential, at the owner's request:
- a signed internship report (kind "report"): the achievement is the internship, the signers
  are named in the evidence;
- a level a supervisor gave on a competency (kind "level"): the achievement is the competency,
  aligned to its CASE item, and the level is the result.
Both are `OpenBadgeCredential`s issued by the instance (README: Credentials says why not an
`EndorsementCredential`), signed with a Data Integrity proof (eddsa-rdfc-2022) and as a VC-JWT.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import asdict
from datetime import datetime
from urllib.parse import urlencode

from flask import has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.credentials.data_integrity import add_proof, format_datetime
from app.credentials.jsonld import CREDENTIALS_V2, OB_V3P0
from app.credentials.jwt import sign_vc_jwt
from app.credentials.sources import Sources
from app.credentials.verify import verify_credential
from app.db import db, utcnow
from app.dossiers.models import Dossier, Evidence, Reflection
from app.errors import Conflict, Invalid
from app.exchange import iso
from app.issuing import issuer
from app.issuing.models import Credential, StatusBit
from app.people.models import Grant, Internship
from app.reports.models import InternshipReport
from competencies.models import Framework, FrameworkItem

TEXTS = {
    "nl": {
        "internship": "Stage", "hours": "uur", "from": "van", "to": "tot en met",
        "report_description": "Stage {where}{period}{hours}. Het stageverslag met het bewijs "
                              "en de reflecties van de periode is bevestigd door {who}.",
        "report_criteria": "Een stageverslag dat de werkplek of de school heeft bevestigd.",
        "confirmed_by": "Bevestigd door {name} ({role})", "confirmed_on": "Bevestigd op {date}.",
        "level_name": "{competency}: niveau {level}",
        "level_criteria": "Het niveau dat {name} ({role}{where}) gaf op deze competentie.",
        "level_given": "Niveau {level} gegeven door {name} ({role}{where})",
        "given_on": "Gegeven op {date}.", "at": "bij",
        "roles": {"employer": "werkplekbegeleider", "coordinator": "stagecoördinator",
                  "mentor": "mentor", "teacher": "leraar"},
    },
    "en": {
        "internship": "Internship", "hours": "hours", "from": "from", "to": "to",
        "report_description": "Internship {where}{period}{hours}. The internship report with "
                              "the period's evidence and reflections was confirmed by {who}.",
        "report_criteria": "An internship report confirmed by the workplace or the school.",
        "confirmed_by": "Confirmed by {name} ({role})", "confirmed_on": "Confirmed on {date}.",
        "level_name": "{competency}: level {level}",
        "level_criteria": "The level {name} ({role}{where}) gave on this competency.",
        "level_given": "Level {level} given by {name} ({role}{where})",
        "given_on": "Given on {date}.", "at": "at",
        "roles": {"employer": "workplace supervisor", "coordinator": "internship coordinator",
                  "mentor": "mentor", "teacher": "teacher"},
    },
}  # fmt: skip


def _texts(owner: User) -> dict:
    return TEXTS.get(owner.locale, TEXTS["nl"])


def _role(t: dict, role: str) -> str:
    return t["roles"].get(role, role)


# --- issuing ------------------------------------------------------------------------------


def issue_from_report(
    session: Session, owner: User, dossier: Dossier, report: InternshipReport, *, name: str = ""
) -> Credential:
    """The owner makes a verifiable credential of their report once someone signed it here
    (a signature brought along by an import was not given in this Bagage: it does not count)."""
    signoffs = [s for s in report.signoffs or [] if s.get("user_id") and not s.get("imported")]
    if not signoffs:
        raise Conflict("Nobody has confirmed this report in Bagage yet.", code="not_confirmed")
    t = _texts(owner)
    workplace = report.internship
    if report.internship_id is not None:
        internship = session.get(Internship, report.internship_id)
        workplace = workplace or (internship.workplace if internship else "")
    who = ", ".join(f"{s['name']} ({_role(t, s['role'])})" for s in signoffs)
    period = f" {t['from']} {report.period_start.isoformat()} {t['to']} " \
             f"{report.period_end.isoformat()}"  # fmt: skip
    hours = f", {report.hours:g} {t['hours']}" if report.hours else ""
    title = f"{t['internship']}: {workplace or report.title}"
    achievement = {
        "id": f"urn:uuid:{report.id}",
        "type": ["Achievement"],
        "achievementType": "Fieldwork",
        "name": title,
        "description": t["report_description"].format(
            where=f"{t['at']} {workplace}" if workplace else report.title,
            period=period,
            hours=hours,
            who=who,
        ),  # fmt: skip
        "criteria": {"narrative": t["report_criteria"]},
    }
    evidence = [
        {
            "type": ["Evidence"],
            "name": t["confirmed_by"].format(name=s["name"], role=_role(t, s["role"])),
            "description": t["confirmed_on"].format(date=s["signed_at"][:10]),
        }
        for s in signoffs
    ]
    endorsers = [
        {"user_id": s["user_id"], "name": s["name"], "role": s["role"], "at": s["signed_at"]}
        for s in signoffs
    ]
    credential = Credential(dossier_id=dossier.id, kind="report", report_id=report.id,
                            title=title, endorsers=endorsers)  # fmt: skip
    return _sign(session, owner, credential, achievement, evidence, name=name)


def issue_from_level(
    session: Session, owner: User, dossier: Dossier, reflection: Reflection, *, name: str = ""
) -> Credential:
    """The owner makes a verifiable credential of a level a supervisor gave on a competency:
    the competency is the achievement, aligned to its CASE item, the level its result."""
    item = session.get(FrameworkItem, reflection.item_id)
    framework = session.get(Framework, item.framework_id)
    t = _texts(owner)
    author = session.get(User, reflection.author_id)
    workplace = _workplace(session, dossier, author)
    where = f", {workplace}" if workplace else ""
    level = reflection.level_label or str(reflection.level)
    competency = f"{item.human_code} {item.abbreviated_statement or item.full_statement}".strip()
    given = reflection.created_at.date().isoformat()
    achievement = {
        "id": item.uri or f"urn:uuid:{item.identifier}",
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": competency,
        "description": item.full_statement,
        "criteria": {
            "narrative": t["level_criteria"].format(
                name=author.display_name, role=_role(t, reflection.author_role), where=where
            )
        },
        **({"humanCode": item.human_code} if item.human_code else {}),
        "alignment": [
            {
                "type": ["Alignment"],
                "targetName": item.full_statement,
                "targetUrl": item.uri or framework.uri or f"urn:uuid:{item.identifier}",
                "targetCode": item.identifier,
                "targetFramework": framework.title,
                "targetType": "CFItem",
                **({"targetDescription": item.notes} if item.notes else {}),
            }
        ],
    }
    evidence = [
        {
            "type": ["Evidence"],
            "name": t["level_given"].format(
                level=level,
                name=author.display_name,
                role=_role(t, reflection.author_role),
                where=where,
            ),  # fmt: skip
            "description": t["given_on"].format(date=given),
        }
    ]
    result = [{"type": ["Result"], "value": level}]
    title = t["level_name"].format(competency=competency, level=level)
    credential = Credential(
        dossier_id=dossier.id, kind="level", reflection_id=reflection.id, title=title[:500],
        endorsers=[{"user_id": str(author.id), "name": author.display_name,
                    "role": reflection.author_role, "at": reflection.created_at.isoformat()}],
    )  # fmt: skip
    return _sign(session, owner, credential, achievement, evidence, name=name, result=result)


def _workplace(session: Session, dossier: Dossier, author: User) -> str:
    """Where the author gave the level from: their internship's workplace, else the
    organisation their grant came through."""
    grants = session.scalars(
        select(Grant)
        .where(Grant.dossier_id == dossier.id, Grant.grantee_id == author.id)
        .order_by(Grant.created_at.desc())
    )
    for grant in grants:
        if grant.internship_id is not None:
            return session.get(Internship, grant.internship_id).workplace
        if grant.organisation is not None:
            return grant.organisation.name
    return ""


def _sign(
    session: Session, owner: User, credential: Credential, achievement: dict, evidence: list,
    *, name: str, result: list | None = None,
) -> Credential:  # fmt: skip
    """Give the credential its status bit, then sign it as JSON-LD and as a VC-JWT."""
    credential.id = uuid.uuid4()
    credential.status_index = _free_index(session)
    credential.issued_at = utcnow()
    holder = (name or owner.display_name).strip()
    subject: dict = {
        "type": ["AchievementSubject"],
        # The holder as they chose to be named: no e-mail, no account id.
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": holder,
                "identityType": "name",
                "hashed": False,
            }
        ],  # fmt: skip
        "achievement": achievement,
    }
    if result:
        subject["result"] = result
    unsigned = {
        "@context": [CREDENTIALS_V2, OB_V3P0],
        "id": f"urn:uuid:{credential.id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer.issuer_profile(),
        "validFrom": format_datetime(credential.issued_at),
        "name": achievement["name"],
        "credentialSubject": subject,
        "evidence": evidence,
        "credentialStatus": issuer.status_entry(credential.status_index),
    }
    key = issuer.signing_key()
    credential.document = add_proof(unsigned, key.private, key.id, created=credential.issued_at)
    credential.jwt = sign_vc_jwt(unsigned, key.private, key.id)
    session.add(credential)
    session.flush()
    return credential


def _free_index(session: Session) -> int:
    """A random bit of the status list never given before (random, so neighbouring bits tell
    nothing of when or to whom a credential was issued). The primary key guards a race."""
    used = set(session.scalars(select(StatusBit.index)))
    if len(used) >= issuer.STATUS_LIST_SIZE:
        raise Conflict("The status list is full.", code="status_list_full")
    while True:
        index = secrets.randbelow(issuer.STATUS_LIST_SIZE)
        if index not in used:
            session.add(StatusBit(index=index))
            return index


def _set_revoked(session: Session, credential: Credential, actor: User, reason: str) -> None:
    credential.revoked_at = utcnow()
    credential.revoked_by_id = actor.id
    credential.revoked_by_name = actor.display_name
    credential.revocation_reason = reason
    session.get(StatusBit, credential.status_index).revoked = True


# --- revoking, removing, the CV -----------------------------------------------------------


def revoke(session: Session, actor: User, credential: Credential, reason: str) -> Credential:
    """The issuer's side withdraws its confirmation: the credential's bit in the status list
    is set, so every verifier from now on says it was revoked."""
    if credential.revoked_at is not None:
        raise Conflict("This credential was revoked already.", code="already_revoked")
    if not reason.strip():
        raise Invalid("Say why it is revoked.", {"reason": ["Missing."]})
    _set_revoked(session, credential, actor, reason.strip())
    # It stays at its address (a link to it says "revoked"), but leaves the CV.
    session.flush()
    return credential


def remove(session: Session, owner: User, credential: Credential) -> None:
    """The owner takes it back: it leaves the CV and the list, and, as copies may be out in
    the world, it is revoked too. The row stays, emptied, so its bit is never reused."""
    if credential.revoked_at is None:
        _set_revoked(session, credential, owner, "Withdrawn by its holder.")
    credential.removed_at = utcnow()
    credential.on_cv = False
    credential.document = {}
    credential.jwt = ""
    session.flush()


def show_on_cv(session: Session, credential: Credential, on_cv: bool) -> Credential:
    if on_cv and credential.revoked_at is not None:
        raise Conflict("A revoked credential cannot go on the CV.", code="revoked")
    credential.on_cv = on_cv
    session.flush()
    return credential


def export_credentials(session: Session, dossier: Dossier) -> list[dict]:
    """The owner's credentials for the dossier export: each signed credential and its VC-JWT,
    as issued, so they go along when the owner leaves (a copy verifies anywhere)."""
    return [
        {
            "title": c.title,
            "kind": c.kind,
            "issued_at": iso(c.issued_at),
            "revoked_at": iso(c.revoked_at),
            "credential": c.document,
            "jwt": c.jwt,
        }
        for c in credentials_of(session, dossier)
    ]


def credentials_of(session: Session, dossier: Dossier) -> list[Credential]:
    """The owner's credentials, newest first (not those they removed)."""
    return list(
        session.scalars(
            select(Credential)
            .where(Credential.dossier_id == dossier.id, Credential.removed_at.is_(None))
            .order_by(Credential.issued_at.desc())
        )
    )


def on_cv(session: Session, dossier_id: uuid.UUID) -> list[Credential]:
    """What the owner chose to show on the CV: nothing until they choose."""
    return list(
        session.scalars(
            select(Credential)
            .where(Credential.dossier_id == dossier_id, Credential.on_cv.is_(True))
            .where(Credential.removed_at.is_(None), Credential.revoked_at.is_(None))
            .order_by(Credential.issued_at.desc())
        )
    )


def revoked_indexes(session: Session) -> list[int]:
    return list(session.scalars(select(StatusBit.index).where(StatusBit.revoked)))


def holder_of(session: Session, credential: Credential) -> User:
    return session.get(Dossier, credential.dossier_id).owner


def source_dossier_id(session: Session, reflection: Reflection) -> uuid.UUID:
    return session.get(Evidence, reflection.evidence_id).dossier_id


def source_evidence(session: Session, credential: Credential) -> Evidence | None:
    if credential.reflection_id is None:
        return None
    reflection = session.get(Reflection, credential.reflection_id)
    return session.get(Evidence, reflection.evidence_id) if reflection else None


# --- checking ----------------------------------------------------------------------------


def check(document: dict) -> dict:
    """'Controleer' on the CV: the verifier's verdict on a credential this instance issued,
    read from this instance's own keys and status list (own_document), never the network."""
    verdict = verify_credential(document, Sources(remote=False))
    revoked = any(c.code in ("revoked", "suspended") for c in verdict.checks)
    return {
        "verified": verdict.valid,
        "status": "revoked" if revoked else ("valid" if verdict.valid else "invalid"),
        "summary": verdict.summary,
        "checks": [asdict(c) for c in verdict.checks],
    }


def own_document(url: str) -> dict | None:
    """The verifier's local source (app.credentials.sources): this instance's own DID
    document, keys, issuer profile and status list, answered without the network. Other URLs:
    None."""
    if not has_app_context():
        return None
    path = _without_scheme(url)
    base = _without_scheme(issuer.public_url())
    host = base.split("/", 1)[0]
    documents = {
        f"{host}/.well-known/did.json": issuer.did_document,
        f"{base}/.well-known/did.json": issuer.did_document,
        f"{base}/.well-known/jwks.json": issuer.jwks,
        f"{base}/credentials/issuer": issuer.issuer_profile_document,
        _without_scheme(issuer.status_list_url()): lambda: issuer.status_list_credential(
            revoked_indexes(db.session())
        ),
    }
    make = documents.get(path)
    return make() if make else None


def _without_scheme(url: str) -> str:
    return url.split("://", 1)[-1].split("#", 1)[0].rstrip("/")


# --- sharing -------------------------------------------------------------------------------


def public_url(credential: Credential) -> str:
    """Where anyone reads it, once the owner shows it (on the CV)."""
    return f"{issuer.public_url()}/credentials/{credential.id}"


def linkedin_url(credential: Credential) -> str:
    """LinkedIn's add-to-profile link (no API key): the credential as a certification."""
    issued: datetime = credential.issued_at
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": credential.title,
        "organizationName": issuer.issuer_profile()["name"],
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": public_url(credential),
        "certId": str(credential.id),
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(query)
