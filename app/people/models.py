"""Organisations, memberships, the grants an owner gives, invitations, notifications and
the access log."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, and_, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db import Base, new_id, utcnow

ORGANISATION_KINDS = ("education", "work")
MEMBER_ROLES = ("teacher", "student", "coordinator", "mentor", "coach", "administrator")
#: The role a person has towards the owner of a dossier, shown beside what they add.
GRANT_ROLES = ("coordinator", "employer", "mentor", "coach", "teacher", "other")
SCOPES = ("view", "reflect", "contribute")


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint("kind IN ('education', 'work')", name="kind"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    #: The postal address as it is printed under the name (lines separated by newlines).
    address: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: The logo in storage: a clean PNG made from the upload (no metadata), or None.
    logo_key: Mapped[str | None] = mapped_column(String(200))
    #: Faces in the dossiers of its pupils under 16 stay blurred for others, whatever the
    #: pupil chooses (only their own marked face may stay visible).
    blur_faces_under_16: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Membership(Base):
    """A person in an organisation with a role; ending it ends every access built on it.

    An administrator adding someone makes an offer: it counts (see :meth:`active`) only once
    the person accepted it, so nobody is put into an organisation without their yes."""

    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint(
            "role IN ('teacher', 'student', 'coordinator', 'mentor', 'coach', 'administrator')",
            name="role",
        ),
        Index("ix_memberships_org_user", "organisation_id", "user_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When the person said yes; None while the offer is pending.
    accepted_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    #: The class or group within the organisation ("4B", "Logistiek"), for finding people.
    group_name: Mapped[str] = mapped_column(String(60), default="", server_default="")

    organisation: Mapped[Organisation] = relationship()
    user: Mapped[User] = relationship()

    @classmethod
    def active(cls):
        """The condition for a membership that counts: accepted and not ended."""
        return and_(cls.accepted_at.is_not(None), cls.ended_at.is_(None))

    @property
    def status(self) -> str:
        if self.ended_at is not None:
            return "ended"
        return "active" if self.accepted_at is not None else "pending"


class Grant(Base):
    """What the owner of a dossier lets one person do in it.

    Nothing is visible to anyone but the owner until a grant exists. A grant made through an
    organisation lasts only while both the owner and the grantee are members of it.
    """

    __tablename__ = "grants"
    __table_args__ = (Index("ix_grants_dossier_grantee", "dossier_id", "grantee_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    grantee_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16), default="other")
    #: A list of "view", "reflect", "contribute".
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    expires_at: Mapped[datetime | None]
    #: None: the whole dossier; otherwise only these evidence ids (as strings).
    evidence_ids: Mapped[list | None] = mapped_column(JSON)
    #: None: every competency; otherwise evidence linked to these competencies.
    item_ids: Mapped[list | None] = mapped_column(JSON)
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )
    #: A coach gives level ratings only when the owner asks for it here.
    coach_may_rate: Mapped[bool] = mapped_column(default=False)
    #: Given for this internship (to its workplace supervisor); ends with it.
    internship_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("internships.id", ondelete="SET NULL"), index=True
    )
    #: Who asked for this grant when it was not the owner (a coordinator proposing a
    #: supervisor); the owner sees it beside the grant.
    proposed_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    revoked_at: Mapped[datetime | None]

    grantee: Mapped[User] = relationship(foreign_keys=[grantee_id])
    organisation: Mapped[Organisation | None] = relationship()
    internship: Mapped[Internship | None] = relationship(foreign_keys=[internship_id])
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])


INTERNSHIP_STATES = ("proposed", "approved", "declined", "ended")


class Internship(Base):
    """A pupil's internship at a workplace, proposed by a coordinator of the pupil's school.

    Once the pupil agrees (or had given the school a standing consent), the supervisor at the
    workplace gets a grant for the internship's period and a workplace link by e-mail."""

    __tablename__ = "internships"
    __table_args__ = (
        CheckConstraint("status IN ('proposed', 'approved', 'declined', 'ended')", name="status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    #: The school whose coordinator proposed it.
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    proposed_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    workplace: Mapped[str] = mapped_column(String(200))
    supervisor_name: Mapped[str] = mapped_column(String(120))
    supervisor_email: Mapped[str] = mapped_column(String(254))
    #: The language of the mail to a supervisor who has no account yet ("nl" or "en").
    supervisor_locale: Mapped[str] = mapped_column(String(8), default="nl", server_default="nl")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    #: What the supervisor may do: a list of "view", "reflect", "contribute".
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]

    organisation: Mapped[Organisation | None] = relationship()
    proposed_by: Mapped[User | None] = relationship()


class InternshipConsent(Base):
    """A pupil's standing yes to their school: its coordinators may set up internships
    (and so invite supervisors) without asking each time. Visible and revocable."""

    __tablename__ = "internship_consents"
    __table_args__ = (Index("ix_internship_consents_dossier_org", "dossier_id", "organisation_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship()


class WorkplaceLink(Base):
    """An e-mailed link that lets a workplace supervisor act without a password: bound to one
    address, one internship (so one pupil), expiring and revocable. Only its hash is stored;
    on a new device it is confirmed with a code sent to the same address."""

    __tablename__ = "workplace_links"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    internship_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("internships.id", ondelete="CASCADE"), index=True
    )
    #: The supervisor: a guest (User.is_guest) or someone with an account.
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    internship: Mapped[Internship] = relationship()
    user: Mapped[User] = relationship()


class DossierVisit(Base):
    """When a person last opened someone else's dossier: what came after is new to them."""

    __tablename__ = "dossier_visits"
    __table_args__ = (
        Index("uq_dossier_visits_user_dossier", "user_id", "dossier_id", unique=True),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class Invitation(Base):
    """An e-mailed link; whoever accepts it (logged in) receives the grant it describes."""

    __tablename__ = "invitations"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16), default="other")
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    grant_expires_at: Mapped[datetime | None]
    #: Every term of the grant to give (GrantTerms.to_json); role, scopes and
    #: grant_expires_at above repeat three of them for the list of pending invitations.
    terms: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    grant_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("grants.id", ondelete="SET NULL"))


class AccessLogEntry(Base):
    """Someone other than the owner read something, or a grant changed.

    Reads of the same thing by the same reader in the same clock hour fold into one entry
    (count and last_at go up): `fold_key` is unique, and NULL for entries never folded.
    """

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_dossier_last", "dossier_id", "last_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Who, in words, as stored at the time: a person's name or a CV link's label. Kept when
    #: the person is gone; erasure overwrites it.
    actor_label: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: Their standing towards the owner then: a grant role (employer, coach...), "owner" for
    #: the owner's own grant changes, "cv_link" for a recruiter through a CV link.
    actor_role: Mapped[str] = mapped_column(String(16), default="", server_default="")
    #: read_dossier, read_evidence, read_photo, read_report, ..., grant_created, grant_revoked
    action: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(64), default="")
    #: For reads: a short label of what was read (a title, a report's period); for grant
    #: changes: what changed.
    detail: Mapped[str] = mapped_column(Text, default="")
    fold_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    count: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The latest read folded into this entry (created_at for a single one).
    last_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship()


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_time", "user_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: on_behalf_evidence, reflection, mention, invitation
    kind: Mapped[str] = mapped_column(String(32))
    dossier_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE")
    )
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


class DossierEvent(Base):
    """What happened in a dossier, in order: the live stream replays from here."""

    __tablename__ = "dossier_events"
    __table_args__ = (Index("ix_dossier_events_dossier_seq", "dossier_id", "seq"),)

    #: Increasing number; the SSE event id, so a reconnecting client misses nothing.
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


NOTIFICATION_KINDS = (
    "on_behalf_evidence", "reflection", "mention", "invitation", "coaching_note", "membership",
    "internship_proposal", "internship_answer", "signature_request",
)  # fmt: skip


class PushSubscription(Base):
    """A browser's Web Push subscription (endpoint and keys from PushManager.subscribe)."""

    __tablename__ = "push_subscriptions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
