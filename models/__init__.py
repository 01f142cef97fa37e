"""Tortoise models. The app label is `models`; migrations live in `models/migrations`."""

from models.access_log import AccessLogEntry
from models.appraisals import (
    AppraisalStatus,
    AppraisalVerdict,
    IntegrityAppraisalAnswer,
    IntegrityAppraisalRequest,
)
from models.audits import (
    AuditCommission,
    AuditFeedback,
    AuditFinding,
    AuditKind,
    AuditPlan,
    AuditPlanItem,
    AuditRating,
    AuditResult,
    AuditStatus,
    FindingSeverity,
    PlanStatus,
    RectificationItem,
    RectificationStatus,
)
from models.cadres import Cadre, CadreRank, CadreStatus, Gender
from models.committees import CommitteeRoll, CommitteeRollMember
from models.compliance import ComplianceCheck, ComplianceCheckKind, SelectionReport, SelfCheck
from models.decisions import (
    AccountabilityRecord,
    DecisionMeeting,
    MeetingResult,
    MeetingVote,
    ResponsibilityRole,
    Revocation,
    Vote,
)
from models.reviews import InspectionRecord, IntegrityOpinion, SupervisionOpinion
from models.selections import (
    CandidateChoice,
    FeedbackChannel,
    InspectionFeedback,
    InspectionNotice,
    RecommendationRound,
    RoundTally,
    Selection,
    SelectionKind,
    SelectionStatus,
)
from models.units import OrgUnit, UnitKind
from models.users import RoleAssignment, User

__all__ = [
    "AccessLogEntry",
    "AccountabilityRecord",
    "AppraisalStatus",
    "AppraisalVerdict",
    "AuditCommission",
    "AuditFeedback",
    "AuditFinding",
    "AuditKind",
    "AuditPlan",
    "AuditPlanItem",
    "AuditRating",
    "AuditResult",
    "AuditStatus",
    "Cadre",
    "CadreRank",
    "CadreStatus",
    "CandidateChoice",
    "CommitteeRoll",
    "CommitteeRollMember",
    "ComplianceCheck",
    "ComplianceCheckKind",
    "DecisionMeeting",
    "FeedbackChannel",
    "FindingSeverity",
    "Gender",
    "InspectionFeedback",
    "InspectionNotice",
    "InspectionRecord",
    "IntegrityAppraisalAnswer",
    "IntegrityAppraisalRequest",
    "IntegrityOpinion",
    "MeetingResult",
    "MeetingVote",
    "OrgUnit",
    "PlanStatus",
    "RecommendationRound",
    "RectificationItem",
    "RectificationStatus",
    "ResponsibilityRole",
    "Revocation",
    "RoleAssignment",
    "RoundTally",
    "Selection",
    "SelectionKind",
    "SelectionReport",
    "SelectionStatus",
    "SelfCheck",
    "SupervisionOpinion",
    "UnitKind",
    "User",
    "Vote",
]
