"""The GraphQL schema: one root Query and Mutation assembled from the domains."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from api.errors import ApiError, is_outage
from api.settings import Settings
from schema.admin.mutations import AdminMutations
from schema.admin.types import RoleAssignment
from schema.audits.mutations import AuditMutations
from schema.audits.queries import AuditQueries
from schema.audits.types import AuditCommission, AuditFinding, AuditPlan, RectificationItem
from schema.cadres.queries import CadreQueries
from schema.cadres.types import Cadre, PersonSummary
from schema.cases.mutations import CaseMutations
from schema.cases.notices import CaseNoticeQueries
from schema.cases.queries import CaseQueries
from schema.cases.types import Case
from schema.compiled import check_compiled
from schema.daily.filings import PersonalMattersReport, TopLeaderReport
from schema.daily.information import SupervisionInformation
from schema.daily.instruments import Admonishment, InquiryLetter, Talk
from schema.daily.mutations import DailyMutations
from schema.daily.queries import DailyQueries
from schema.daily.team import LifeMeeting, LifeMeetingProblem, MajorDecision
from schema.dashboard.staffing import StaffingQueries
from schema.dashboard.statistics import StatisticsQueries
from schema.execution import check_fast_path
from schema.extensions import LogReads, OneEffect, RefuseBadToken
from schema.file.deadlines import DeadlineQueries
from schema.limits import MeasureListWidths, checked_execution, limits_rule
from schema.node import NodeQueries
from schema.protected import check_schema
from schema.routing import RouteReads
from schema.scalars import SCALAR_MAP
from schema.selection.appraisal_types import IntegrityAppraisalRequest
from schema.selection.meetings import DecisionMeeting
from schema.selection.mutations import SelectionMutations
from schema.selection.queries import SelectionQueries
from schema.selection.types import Selection
from schema.tipoffs.mutations import TipoffMutations
from schema.tipoffs.public import PublicTipoffMutations, PublicTipoffQueries
from schema.tipoffs.queries import TipoffQueries
from schema.tipoffs.types import Tipoff
from schema.units.queries import UnitQueries
from schema.units.types import OrgUnit
from schema.viewer.types import ViewerQueries


@strawberry.type(
    description=(
        "Everything a caller may read. Anonymous callers may use only `tipoffStatus`; every "
        "other field needs `Authorization: Bearer <token>` and shows only what the caller's roles "
        "grant (J3-J7). Reads of protected records are logged (J8)."
    )
)
class Query(
    ViewerQueries,
    NodeQueries,
    UnitQueries,
    CadreQueries,
    PublicTipoffQueries,
    TipoffQueries,
    CaseQueries,
    CaseNoticeQueries,
    AuditQueries,
    SelectionQueries,
    StatisticsQueries,
    StaffingQueries,
    DailyQueries,
    DeadlineQueries,
):
    pass


@strawberry.type(
    description=(
        "Every change, each one transaction together with its access-log entry (J8). Anonymous "
        "callers may use only `submitTipoff` and `replyToTipoff`. A refused domain rule is "
        "`PRECONDITION_FAILED` with `extensions.rule`."
    )
)
class Mutation(
    PublicTipoffMutations,
    TipoffMutations,
    CaseMutations,
    AuditMutations,
    SelectionMutations,
    DailyMutations,
    AdminMutations,
):
    pass


NODE_TYPES: list[Any] = [
    OrgUnit,
    Cadre,
    PersonSummary,
    RoleAssignment,
    AuditCommission,
    AuditFinding,
    RectificationItem,
    AuditPlan,
    Tipoff,
    Case,
    Selection,
    IntegrityAppraisalRequest,
    DecisionMeeting,
    Talk,
    InquiryLetter,
    Admonishment,
    PersonalMattersReport,
    TopLeaderReport,
    MajorDecision,
    LifeMeeting,
    LifeMeetingProblem,
    SupervisionInformation,
]
log = logging.getLogger("cadre_api")


class CadreSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log what went wrong unexpectedly; refusals meant for the client are not incidents."""
        for error in errors:
            original = error.original_error
            if is_outage(original):
                log.warning("database not reachable in %s: %s", error.path, original)
            elif original is not None and not isinstance(original, ApiError | GraphQLError):
                log.error("unexpected error in %s", error.path, exc_info=original)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The schema with the limits of `settings` (the defaults when None, as for the SDL export)."""
    depth, aliases, tokens, objects, introspection = (
        (10, 30, 2000, 50_000, True)
        if settings is None
        else (
            settings.max_depth,
            settings.max_aliases,
            settings.max_tokens,
            settings.max_objects,
            settings.introspection_enabled,
        )
    )
    limits = limits_rule(depth, aliases)  # one class, so validation results can be cached
    extensions: list[Any] = [
        RefuseBadToken,
        MeasureListWidths,
        LogReads,
        OneEffect,
        RouteReads,  # after LogReads: the read entry is written once replica reads are off
        lambda: AddValidationRules([limits]),
        lambda: MaxTokensLimiter(max_token_count=tokens),
        # Portals send the same few documents over and over: parse and validate each once.
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
    ]
    if not introspection:
        extensions.append(DisableIntrospection)
    built = CadreSchema(
        query=Query,
        mutation=Mutation,
        types=NODE_TYPES,
        extensions=extensions,
        config=StrawberryConfig(relay_max_results=100, scalar_map=SCALAR_MAP),
        execution_context_class=checked_execution(
            objects, fast=settings is None or settings.execution == "fast"
        ),
    )
    check_schema(built)  # every protected record through the one layer, or no schema
    if settings is None or settings.execution == "fast":
        check_fast_path(built.execution_context_class)  # pinned graphql-core, overrides in place
        check_compiled(built)  # the pages it exists for compile against this schema
    return built


schema: strawberry.Schema = build_schema()
