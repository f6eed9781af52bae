"""Every model, imported in one place so Alembic and the app see the whole schema."""

from app.accounts.models import AccessToken, AccountCode, LoginSession, User
from app.cv.models import CV, ShareLink
from app.dossiers.models import Dossier, Evidence, Message, Reflection, ReflectionVersion
from app.growth.models import Activity, CoachingNote, Goal, GrowthSettings
from app.health import WorkerHeartbeat
from app.issuing.models import Credential
from app.people.models import (
    AccessLogEntry,
    DossierEvent,
    Grant,
    Invitation,
    Membership,
    Notification,
    Organisation,
    PushSubscription,
)
from app.portability.models import DataJob
from app.reports.models import InternshipReport
from competencies.models import (
    DossierFramework,
    EvidenceLink,
    Framework,
    FrameworkAssociation,
    FrameworkItem,
    FrameworkRubric,
)
from media.models import Face, MediaAsset, ResumableUpload

__all__ = [
    "Activity",
    "CoachingNote",
    "Goal",
    "GrowthSettings",
    "InternshipReport",
    "CV",
    "Credential",
    "ShareLink",
    "DataJob",
    "AccessLogEntry",
    "DossierEvent",
    "Grant",
    "Invitation",
    "Membership",
    "Message",
    "Notification",
    "Organisation",
    "PushSubscription",
    "Reflection",
    "ReflectionVersion",
    "DossierFramework",
    "EvidenceLink",
    "Framework",
    "FrameworkAssociation",
    "FrameworkItem",
    "FrameworkRubric",
    "AccessToken",
    "AccountCode",
    "Dossier",
    "Evidence",
    "Face",
    "LoginSession",
    "MediaAsset",
    "ResumableUpload",
    "User",
    "WorkerHeartbeat",
]
