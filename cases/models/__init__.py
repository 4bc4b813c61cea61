from .case import Case
from .choices import (
    OPEN_STATUSES,
    PUBLIC_REPORT_KINDS,
    ArchiveReason,
    Channel,
    Complexity,
    Kind,
    Outcome,
    ResponseMethod,
    Status,
)
from .deadlines import CalendarDay, DeadlineRule, DueSoonBasis
from .history import AppendOnlyError, CaseEvent, CaseExtension, CaseSequence, CaseSuspension
from .identity import IdentityAccess, ProtectedIdentity, ProtectedPetitionText
from .object_permissions import CaseGroupObjectPermission, CaseUserObjectPermission
from .organisation import Field, InspectionGrant, Level, Locality, Unit, User
from .petitions import Attachment, Petition, Petitioner
from .reception import ReceptionQuota, ReceptionSession

__all__ = [
    "OPEN_STATUSES",
    "PUBLIC_REPORT_KINDS",
    "AppendOnlyError",
    "ArchiveReason",
    "Attachment",
    "CalendarDay",
    "Case",
    "CaseEvent",
    "CaseExtension",
    "CaseGroupObjectPermission",
    "CaseSequence",
    "CaseSuspension",
    "CaseUserObjectPermission",
    "Channel",
    "Complexity",
    "DeadlineRule",
    "DueSoonBasis",
    "Field",
    "IdentityAccess",
    "InspectionGrant",
    "Kind",
    "Level",
    "Locality",
    "Outcome",
    "Petition",
    "Petitioner",
    "ProtectedIdentity",
    "ProtectedPetitionText",
    "ReceptionQuota",
    "ReceptionSession",
    "ResponseMethod",
    "Status",
    "Unit",
    "User",
]
