"""Tortoise models. The app label is `models`; migrations live in `models/migrations`."""

from models.access_log import AccessLogEntry
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
from models.units import OrgUnit, UnitKind
from models.users import RoleAssignment, User

__all__ = [
    "AccessLogEntry",
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
    "FindingSeverity",
    "Gender",
    "OrgUnit",
    "PlanStatus",
    "RectificationItem",
    "RectificationStatus",
    "RoleAssignment",
    "UnitKind",
    "User",
]
