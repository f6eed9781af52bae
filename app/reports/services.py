"""Internship reports (stageverslagen) made from the dossier."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from app import clock, events
from app.access import (
    Access,
    live_video_link,
    may_compose,
    report_signers,
    shared_condition,
    signs_report,
    team_reflections_condition,
    visible_evidence_condition,
)
from app.accounts.models import User
from app.accounts.services import hash_token
from app.db import utcnow
from app.dossiers.models import Dossier, Evidence, Reflection
from app.dossiers.services import require_own_evidence
from app.errors import Conflict, Forbidden, Invalid
from app.forgetting import DELETED_ACCOUNT
from app.mail import send_after_commit
from app.organisations import organisation_profile
from app.people.mail_texts import signature_request_mail
from app.people.models import Grant, Internship, Membership, Organisation
from app.people.services import notify
from app.people.workplace import issue_workplace_link
from app.reports.models import InternshipReport, VideoLink
from competencies.models import EvidenceLink, FrameworkItem

#: A report goes round again (a reminder) at most once a day.
RESEND_AFTER = timedelta(days=1)

#: The languages a report is written and printed in.
LANGUAGES = ("nl", "en")


def permissions(access: Access, viewer: User, report: InternshipReport) -> dict:
    """What the viewer may do with the report, so an app offers only that."""
    return {
        "may_compose": may_compose(access),
        "may_sign": signs_report(access, report),
        "signed": any(s["user_id"] == str(viewer.id) for s in report.signoffs or []),
    }


def signer_name(grant: Grant) -> str:
    """An internship's supervisor who has not proved their address yet goes by the name the
    coordinator gave, not one an account at that address chose."""
    if grant.internship is not None and not grant.grantee.email_verified:
        return grant.internship.supervisor_name
    return grant.grantee.display_name


def state_of(
    session: Session, report: InternshipReport, reachable: list[Grant] | None = None
) -> dict:
    """The report at a glance: draft, waiting for signatures, or signed, and by whom
    (`reachable`: the dossier's `reachable_grants`, for a list of its reports)."""
    signed = {s["user_id"]: s for s in report.signoffs or [] if s.get("user_id")}
    people = [
        {
            "name": signer_name(grant),
            "role": grant.role,
            "signed_at": signed[str(grant.grantee_id)]["signed_at"]
            if str(grant.grantee_id) in signed
            else None,
        }
        for grant in report_signers(session, report, reachable)
    ]
    # Signing may start before the author sends it round: a signature counts as started.
    if people and all(p["signed_at"] for p in people):
        state = "signed"
    elif report.ready_at is not None or any(p["signed_at"] for p in people):
        state = "awaiting_signatures"
    else:
        state = "draft"
    return {"state": state, "signers": people}


def send_for_signature(
    session: Session, actor: User, access: Access, report: InternshipReport
) -> list[Grant]:
    """The author says the report is ready: each signer is told in the app, by push and by
    e-mail, with a link that opens it (a supervisor gets a fresh account-free link)."""
    if not may_compose(access):
        raise Forbidden("Only its author's side sends a report for signature.")
    if report.ready_at is not None and report.ready_at > utcnow() - RESEND_AFTER:
        raise Conflict(
            "This report was sent for signature less than a day ago; its signers have it.",
            code="sent_recently",
        )
    to_tell = [g for g in report_signers(session, report) if g.grantee_id != actor.id]
    if not to_tell and not any(g.grantee_id == actor.id for g in report_signers(session, report)):
        raise Invalid(
            "Nobody can sign this report yet: give the workplace or the school access first.",
            code="no_signers",
        )
    report.ready_at = utcnow()
    session.flush()
    _ask_to_sign(session, actor, report, to_tell)
    changed(session, report)
    return to_tell


def _ask_to_sign(session: Session, actor: User, report: InternshipReport, grants) -> None:
    dossier = session.get(Dossier, report.dossier_id)
    payload = {"report_id": str(report.id), "title": report.title, "by": actor.display_name,
               "owner": dossier.owner.display_name}  # fmt: skip
    for grant in grants:
        # The mail goes to the address; the app and push only to someone who proved it is
        # theirs (or a guest, whose only way in is the link).
        if grant.grantee.email_verified or grant.grantee.is_guest:
            notify(session, grant.grantee_id, "signature_request", dossier.id, payload)
        signature_mail(session, actor, report, grant)


def signature_mail(session: Session, actor: User, report: InternshipReport, grant: Grant) -> None:
    """The signer's mail, in their language. The supervisor of the report's internship gets
    a fresh account-free link (only hashes of links are kept) that opens the report."""
    signer = grant.grantee
    own_supervisor = grant.internship_id is not None and grant.internship_id == report.internship_id

    def mail(link: str) -> tuple[str, str]:
        return signature_request_mail(
            lang=signer.locale, signer=signer.display_name, by=actor.display_name,
            pupil=session.get(Dossier, report.dossier_id).owner.display_name,
            title=report.title, link=link, link_only=own_supervisor,
        )  # fmt: skip

    if own_supervisor:
        internship = session.get(Internship, grant.internship_id)
        expires_at = grant.expires_at or report_link_expiry()
        issue_workplace_link(session, internship, signer, expires_at=expires_at, by=actor,
                             then=f"/report/{report.id}", mail=mail)  # fmt: skip
        return
    subject, body = mail(f"{current_app.config['PUBLIC_URL'].rstrip('/')}/#/report/{report.id}")
    key = f"signature:{report.id}:{signer.id}:{uuid.uuid4()}"  # one mail per request to sign
    send_after_commit(signer.email, subject, body, key=key)


def report_link_expiry():
    return utcnow() + timedelta(days=current_app.config["INVITATION_DAYS"])


def changed(session: Session, report: InternshipReport) -> None:
    """Open report pages, report lists and caseloads show the change without a reload."""
    events.publish(session, report.dossier_id, "report_changed", {"id": str(report.id)})


def create_report(session: Session, actor: User, dossier: Dossier, data: dict) -> InternshipReport:
    _check_period(data["period_start"], data["period_end"])
    require_own_evidence(session, dossier, data.get("evidence_ids"), "evidence_ids")
    if data.get("internship_id") is not None:
        _require_internship(session, dossier, data["internship_id"])
    report = InternshipReport(dossier_id=dossier.id, created_by_id=actor.id, signoffs=[], **data)
    if data.get("evidence_ids") is not None:
        report.evidence_ids = [str(i) for i in data["evidence_ids"]]
    session.add(report)
    session.flush()
    changed(session, report)
    return report


def _require_internship(session: Session, dossier: Dossier, internship_id) -> None:
    internship = session.get(Internship, internship_id)
    if internship is None or internship.dossier_id != dossier.id or internship.status not in (
        "approved", "ended"
    ):  # fmt: skip
        raise Invalid(
            "That is not an internship of this dossier.", {"internship_id": ["Not found."]}
        )


def update_report(
    session: Session, actor: User, access: Access, report: InternshipReport, changes: dict
) -> InternshipReport:
    start = changes.get("period_start", report.period_start)
    end = changes.get("period_end", report.period_end)
    _check_period(start, end)
    dossier = session.get(Dossier, report.dossier_id)
    if changes.get("internship_id") is not None:
        _require_internship(session, dossier, changes["internship_id"])
    if changes.get("evidence_ids") is not None:
        require_own_evidence(session, dossier, changes["evidence_ids"], "evidence_ids")
        # A composer who sees only part of the dossier chooses among what they see; what the
        # report held beyond that stays in it.
        chosen = [str(i) for i in changes["evidence_ids"]]
        changes["evidence_ids"] = chosen + [
            i for i in _unseen_in_report(session, report, access, actor) if i not in chosen
        ]
    for key, value in changes.items():
        setattr(report, key, [str(i) for i in value] if key == "evidence_ids" and value else value)
    had_signed = {s.get("user_id") for s in report.signoffs or []}
    report.signoffs = []  # a changed report must be confirmed again
    session.flush()
    if report.ready_at is not None:  # those who confirmed the old text are asked again
        again = [g for g in report_signers(session, report) if str(g.grantee_id) in had_signed]
        _ask_to_sign(session, actor, report, [g for g in again if g.grantee_id != actor.id])
    changed(session, report)
    return report


def _unseen_in_report(
    session: Session, report: InternshipReport, access: Access, viewer: User
) -> list[str]:
    """Ids of the evidence the report holds now that the viewer may not see."""
    start, end = period_instants(report)
    query = select(Evidence.id).where(
        Evidence.dossier_id == report.dossier_id, ~visible_evidence_condition(access, viewer)
    )
    if report.evidence_ids is None:  # everything in the period
        query = query.where(Evidence.occurred_at >= start, Evidence.occurred_at < end)
    else:
        query = query.where(Evidence.id.in_([uuid.UUID(i) for i in report.evidence_ids]))
    return [str(i) for i in session.scalars(query)]


def period_instants(report: InternshipReport) -> tuple[datetime, datetime]:
    """From the first instant of the period's first local day to the first after its last."""
    start, end = clock.day_start(report.period_start), clock.day_end(report.period_end)
    return start.astimezone(UTC), end.astimezone(UTC)


def chosen_evidence(
    session: Session, reports: list[InternshipReport], access: Access, viewer: User
) -> dict[str, Evidence]:
    """The evidence the reports (of one dossier) chose that the viewer sees, by id: one
    query for a whole list of reports."""
    wanted = {uuid.UUID(i) for report in reports for i in report.evidence_ids or []}
    if not wanted:
        return {}
    found = session.scalars(
        select(Evidence)
        .where(Evidence.dossier_id == reports[0].dossier_id)
        .where(Evidence.id.in_(wanted))
        .where(visible_evidence_condition(access, viewer))
    )
    return {str(evidence.id): evidence for evidence in found}


def warnings_of(
    session: Session,
    report: InternshipReport,
    access: Access,
    viewer: User,
    chosen: dict[str, Evidence] | None = None,
) -> list[dict]:
    """What the composer should know: chosen evidence that lies outside the period is kept in
    the choice but not shown, so the report says so instead of dropping it silently.
    `chosen`: `chosen_evidence` of a list of reports this one is in."""
    if not report.evidence_ids:
        return []
    if chosen is None:
        chosen = chosen_evidence(session, [report], access, viewer)
    start, end = period_instants(report)
    outside = sorted(
        (
            chosen[i]
            for i in dict.fromkeys(report.evidence_ids)
            if i in chosen and not start <= chosen[i].occurred_at < end
        ),
        key=lambda evidence: evidence.occurred_at,
    )
    if not outside:
        return []
    return [{
        "code": "evidence_outside_period",
        "message": f"{len(outside)} chosen item(s) lie outside the period and are not shown.",
        "evidence": [{"id": e.id, "title": e.title, "occurred_at": e.occurred_at}
                     for e in outside],
    }]  # fmt: skip


def _check_period(start, end) -> None:
    if end < start:
        raise Invalid("The period ends before it starts.", {"period_end": ["Before the start."]})


def sign_off(session: Session, actor: User, access: Access, report: InternshipReport) -> None:
    """The employer or coordinator confirms the report, with their name and the date."""
    if not signs_report(access, report):
        raise Forbidden("Only the employer or the coordinator confirms a report.")
    entry = {"role": access.grant.role, "name": actor.display_name, "user_id": str(actor.id),
             "signed_at": utcnow().isoformat()}  # fmt: skip
    report.signoffs = [s for s in report.signoffs if s["user_id"] != str(actor.id)] + [entry]
    session.flush()
    changed(session, report)


def reports_of(session: Session, dossier: Dossier) -> list[InternshipReport]:
    return list(
        session.scalars(
            select(InternshipReport)
            .where(InternshipReport.dossier_id == dossier.id)
            .order_by(InternshipReport.period_start.desc())
        )
    )


#: The columns of the progress table: the pupil first, then the workplace and the school.
ROLE_ORDER = ("owner", "employer", "coordinator", "mentor", "teacher", "coach", "other")


def _role_order(role: str) -> tuple[int, str]:
    return (ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER), role)


def school_of(session: Session, report: InternshipReport) -> Organisation | None:
    """The school the report speaks for: the one that set up its internship; else the
    school of its author (a coordinator writing it); else the pupil's own school. With more
    than one, the membership accepted first."""
    if report.internship_id is not None:
        internship = session.get(Internship, report.internship_id)
        if internship is not None and internship.organisation is not None:
            return internship.organisation
    owner_id = session.get(Dossier, report.dossier_id).owner_id
    for person_id in (report.created_by_id, owner_id):
        if person_id is None:
            continue
        school = session.scalar(
            select(Organisation)
            .join(Membership, Membership.organisation_id == Organisation.id)
            .where(Membership.user_id == person_id, Membership.active())
            .where(Organisation.kind == "education")
            .order_by(Membership.accepted_at, Membership.id)
            .limit(1)
        )
        if school is not None:
            return school
    return None


def report_content(session: Session, report: InternshipReport, access: Access, viewer: User):
    """Everything the report shows, limited to what the viewer may see."""
    dossier = session.get(Dossier, report.dossier_id)
    start, end = period_instants(report)
    query = (
        select(Evidence)
        .where(Evidence.dossier_id == dossier.id, Evidence.occurred_at >= start)
        # A report goes to third parties: only what the owner shares, seen by this viewer.
        .where(Evidence.occurred_at < end, shared_condition())
        .where(visible_evidence_condition(access, viewer))
        .order_by(Evidence.occurred_at)
    )
    if report.evidence_ids is not None:
        query = query.where(Evidence.id.in_([uuid.UUID(i) for i in report.evidence_ids]))
    evidence = list(session.scalars(query))
    ids = [e.id for e in evidence]
    reflections = list(
        session.scalars(
            select(Reflection)
            .where(Reflection.evidence_id.in_(ids), Reflection.withdrawn_at.is_(None))
            # A report is read by others, whoever prints it: no coaching the owner kept.
            .where(team_reflections_condition())
            .order_by(Reflection.created_at)
        )
    )
    links = session.execute(
        select(EvidenceLink.evidence_id, FrameworkItem)
        .join(FrameworkItem, FrameworkItem.id == EvidenceLink.item_id)
        .where(EvidenceLink.evidence_id.in_(ids))
    ).all()
    progress: dict = {}
    for reflection in reflections:
        if reflection.item_id and reflection.level:
            item = session.get(FrameworkItem, reflection.item_id)
            progress.setdefault(item, {}).setdefault(reflection.author_role, []).append(reflection)
    return {
        "report": report,
        "school": organisation_profile(school_of(session, report)),
        "owner": dossier.owner.display_name,
        "evidence": [
            {
                "item": e,
                "picture": e.asset("poster") or e.asset("display") or e.asset("thumbnail"),
                "reflections": [r for r in reflections if r.evidence_id == e.id],
                "competencies": [i for evidence_id, i in links if evidence_id == e.id],
            }
            for e in evidence
        ],
        "progress": [
            {"item": item, "roles": roles}
            for item, roles in sorted(progress.items(), key=lambda p: p[0].human_code)
        ],
        "roles": sorted({r.author_role for r in reflections}, key=_role_order),
    }


# --- video links of printed reports ---------------------------------------------------------

#: How long a printed report's video stays watchable without an account, unless revoked.
VIDEO_LINK_DAYS = 365


def video_link_url(session: Session, report: InternshipReport, evidence, *, owner: bool) -> str:
    """The address a printed report's QR code opens for one video: the live link of this
    report and video, or a new one. Once the owner withdrew a link, only the owner's own print
    makes another; anyone else's print points into the app (a login), so a withdrawal holds."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    pair = (VideoLink.report_id == report.id, VideoLink.evidence_id == evidence.id)
    link = session.scalar(
        select(VideoLink)
        .where(*pair, VideoLink.revoked_at.is_(None), VideoLink.expires_at > utcnow())
        .order_by(VideoLink.created_at.desc())
        .limit(1)
    )
    withdrawn = session.scalar(
        select(VideoLink.id).where(*pair, VideoLink.revoked_at.is_not(None)).limit(1)
    )
    if link is None and withdrawn is not None and not owner:
        return f"{base}/#/item/{evidence.id}"
    if link is None:
        token = secrets.token_urlsafe(24)
        link = VideoLink(report_id=report.id, evidence_id=evidence.id, token=token,
                         token_hash=hash_token(token),
                         expires_at=utcnow() + timedelta(days=VIDEO_LINK_DAYS))  # fmt: skip
        session.add(link)
        session.flush()
    return f"{base}/watch/{link.token}"


def video_links_of(session: Session, dossier: Dossier) -> list[dict]:
    """The live video links of the dossier's reports, for the owner to see and revoke."""
    rows = session.execute(
        select(VideoLink, InternshipReport.title, Evidence.title)
        .join(InternshipReport, InternshipReport.id == VideoLink.report_id)
        .join(Evidence, Evidence.id == VideoLink.evidence_id)
        .where(InternshipReport.dossier_id == dossier.id, VideoLink.revoked_at.is_(None))
        .where(VideoLink.expires_at > utcnow())
        .order_by(VideoLink.created_at)
    ).all()
    return [
        {"id": link.id, "report_id": link.report_id, "report_title": report_title,
         "evidence_id": link.evidence_id, "video_title": video_title,
         "created_at": link.created_at, "expires_at": link.expires_at,
         "view_count": link.view_count, "last_viewed_at": link.last_viewed_at}
        for link, report_title, video_title in rows
    ]  # fmt: skip


def revoke_video_link(session: Session, link: VideoLink) -> None:
    link.revoked_at = utcnow()
    session.flush()


def open_video_link(session: Session, token: str, *, count_view: bool):
    """The video behind a live link and its playable file (None while it is being made)."""
    link = live_video_link(session, hash_token(token))
    if count_view:
        link.view_count += 1
        link.last_viewed_at = utcnow()
        session.flush()
    evidence = session.get(Evidence, link.evidence_id)
    return link, evidence, evidence.asset("playable")


def forget_person(session: Session, user: User) -> None:
    """A signature is part of the pupil's record: it keeps the name and role it was given,
    but no longer links to the account. Reports they wrote name a deleted account."""
    for report in session.scalars(
        select(InternshipReport).where(
            cast(InternshipReport.signoffs, Text).contains(str(user.id), autoescape=True)
        )
    ):
        signoffs = report.signoffs or []
        if any(s.get("user_id") == str(user.id) for s in signoffs):
            report.signoffs = [
                {**s, "user_id": None} if s.get("user_id") == str(user.id) else s for s in signoffs
            ]
    for report in session.scalars(
        select(InternshipReport).where(InternshipReport.created_by_id == user.id)
    ):
        report.created_by_name = DELETED_ACCOUNT
    session.flush()
