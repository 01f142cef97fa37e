"""Tortoise models. The app label is `models`; migrations live in `models/migrations`."""

from models.access_log import AccessLogEntry
from models.cadres import Cadre, CadreRank, CadreStatus, Gender
from models.units import OrgUnit, UnitKind
from models.users import RoleAssignment, User

__all__ = [
    "AccessLogEntry",
    "Cadre",
    "CadreRank",
    "CadreStatus",
    "Gender",
    "OrgUnit",
    "RoleAssignment",
    "UnitKind",
    "User",
]
