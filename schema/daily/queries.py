"""The lists of the cadre's file (D1–D6): each a connection under the caller's read scope (J3,
J4, J5), with the common filter (cadre, area, days) and its own."""

from __future__ import annotations

from typing import Annotated

import strawberry
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from api.errors import BadUserInput
from api.settings import get_settings
from models import Admonishment as AdmonishmentModel
from models import AdmonishmentStatus as AdmonishmentStatusModel
from models import Cadre as CadreModel
from models import InquiryLetter as InquiryLetterModel
from models import InquiryStatus as InquiryStatusModel
from models import LifeMeeting as LifeMeetingModel
from models import LifeMeetingAttendee as LifeMeetingAttendeeModel
from models import LifeMeetingProblem as ProblemModel
from models import MajorDecision as MajorDecisionModel
from models import MajorDecisionAttendee as MajorDecisionAttendeeModel
from models import PersonalMattersReport as PersonalMattersReportModel
from models import SupervisionInformation as InformationModel
from models import Talk as TalkModel
from models import TopLeaderReport as TopLeaderReportModel
from policies.resources import TOP_LEADER_REPORT
from policies.scope import restrict
from rules.calendar import office_today
from rules.personal_matters import FIRST_YEAR
from rules.top_leader_reports import report_overdue
from schema.daily.enums import (
    AdmonishmentStatus,
    InformationSource,
    InquiryStatus,
    MajorMatterKind,
    Severity,
    TalkKind,
)
from schema.daily.filings import PersonalMattersReport, TopLeaderReport
from schema.daily.filters import RecordFilter, narrow, units_at_or_below
from schema.daily.information import SupervisionInformation
from schema.daily.instruments import Admonishment, InquiryLetter, Talk
from schema.daily.team import LifeMeeting, MajorDecision
from schema.info import Info
from schema.protected import select, through_layer
from schema.relay import After, Connection, Edge, First, paginate, restricted_page


@strawberry.input(description="Which talks to list.")
class TalkFilter(RecordFilter):
    kind: TalkKind | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only talks of this kind."
    )


@strawberry.input(description="Which letters of inquiry to list.")
class InquiryLetterFilter(RecordFilter):
    status: InquiryStatus | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only letters in this state."
    )
    overdue: bool | None = strawberry.field(
        default=None, description="Only letters whose reply is overdue (true) or not (false)."
    )


@strawberry.input(description="Which admonishments to list.")
class AdmonishmentFilter(RecordFilter):
    status: AdmonishmentStatus | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only admonishments in this state."
    )
    overdue_review: bool | None = strawberry.field(
        default=None, description="Only those whose review is overdue (true) or not (false)."
    )


@strawberry.input(description="Which personal matters reports to list.")
class PersonalMattersReportFilter(RecordFilter):
    year: int | None = strawberry.field(default=None, description="Only reports for this year.")


@strawberry.input(description="Which top leaders' yearly reports to list.")
class TopLeaderReportFilter(RecordFilter):
    year: int | None = strawberry.field(
        default=None,
        description=(
            "The reports for this year, with a row (`submittedOn: null`) for each top leader "
            "the caller may read who has not filed one (D3); `from`/`to` then do not apply."
        ),
    )
    overdue: bool | None = strawberry.field(
        default=None,
        description="With `year`: only the rows of reports not filed past their due day.",
    )


@strawberry.input(description="Which collective decisions on major matters to list.")
class MajorDecisionFilter(RecordFilter):
    kind: MajorMatterKind | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only decisions of this kind."
    )


@strawberry.input(description="Which democratic life meetings to list.")
class LifeMeetingFilter(RecordFilter):
    open_rectifications: bool | None = strawberry.field(
        default=None,
        description="Only meetings with a rectification not yet done (true) or none (false).",
    )
    reviewed: bool | None = strawberry.field(
        default=None, description="Only meetings the superior has reviewed (true) or not (false)."
    )


@strawberry.input(description="Which supervision information to list.")
class SupervisionInformationFilter(RecordFilter):
    source: InformationSource | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only information from this source."
    )
    severity: Severity | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only information of this severity."
    )


async def _talks(qs: QuerySet[TalkModel], f: TalkFilter | None) -> QuerySet[TalkModel]:
    qs = await narrow(qs, f, date="held_on")
    if f is not None and f.kind is not None:
        qs = qs.filter(kind=f.kind)
    return qs


async def _letters(
    qs: QuerySet[InquiryLetterModel], f: InquiryLetterFilter | None
) -> QuerySet[InquiryLetterModel]:
    qs = await narrow(qs, f, date="sent_on")
    if f is not None and f.status is not None:
        qs = qs.filter(status=f.status)
    if f is not None and f.overdue is not None:
        late = Q(status=InquiryStatusModel.AWAITING_REPLY, reply_due__lt=office_today())
        qs = qs.filter(late) if f.overdue else qs.filter(~late)
    return qs


async def _admonishments(
    qs: QuerySet[AdmonishmentModel], f: AdmonishmentFilter | None
) -> QuerySet[AdmonishmentModel]:
    qs = await narrow(qs, f, date="issued_on")
    if f is not None and f.status is not None:
        qs = qs.filter(status=f.status)
    if f is not None and f.overdue_review is not None:
        late = Q(status=AdmonishmentStatusModel.CORRECTING, correct_by__lt=office_today())
        qs = qs.filter(late) if f.overdue_review else qs.filter(~late)
    return qs


async def _personal_matters(
    qs: QuerySet[PersonalMattersReportModel], f: PersonalMattersReportFilter | None
) -> QuerySet[PersonalMattersReportModel]:
    qs = await narrow(qs, f, date="submitted_on")
    if f is not None and f.year is not None:
        qs = qs.filter(year=f.year)
    return qs


async def _decisions(
    qs: QuerySet[MajorDecisionModel], f: MajorDecisionFilter | None
) -> QuerySet[MajorDecisionModel]:
    qs = await narrow(
        qs, f, date="decided_on", attendance=(MajorDecisionAttendeeModel, "decision_id")
    )
    if f is not None and f.kind is not None:
        qs = qs.filter(kind=f.kind)
    return qs


async def _meetings(
    qs: QuerySet[LifeMeetingModel], f: LifeMeetingFilter | None
) -> QuerySet[LifeMeetingModel]:
    qs = await narrow(qs, f, date="held_on", attendance=(LifeMeetingAttendeeModel, "meeting_id"))
    if f is not None and f.open_rectifications is not None:
        open_ = Subquery(ProblemModel.filter(done_on__isnull=True).values("meeting_id"))
        qs = qs.filter(id__in=open_) if f.open_rectifications else qs.exclude(id__in=open_)
    if f is not None and f.reviewed is not None:
        qs = qs.filter(review_verdict__isnull=not f.reviewed)
    return qs


async def _information(
    qs: QuerySet[InformationModel], f: SupervisionInformationFilter | None
) -> QuerySet[InformationModel]:
    qs = await narrow(qs, f, date="received_on")
    if f is not None and f.source is not None:
        qs = qs.filter(source=f.source)
    if f is not None and f.severity is not None:
        qs = qs.filter(severity=f.severity)
    return qs


@strawberry.type
class DailyQueries:
    @strawberry.field(
        description="Talks with cadres (D3, D4) the caller may read (J3–J5), newest first."
    )
    @through_layer
    async def talks(
        self,
        info: Info,
        filter: Annotated[
            TalkFilter | None, strawberry.argument(description="Which talks.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Talk]:
        return await restricted_page(
            info,
            Talk,
            TalkModel.all(),
            first=first,
            after=after,
            narrow=lambda qs: _talks(qs, filter),
            newest_by="held_on",
        )

    @strawberry.field(
        description="Letters of inquiry (D4) the caller may read (J3–J5), newest first."
    )
    @through_layer
    async def inquiry_letters(
        self,
        info: Info,
        filter: Annotated[
            InquiryLetterFilter | None, strawberry.argument(description="Which letters.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[InquiryLetter]:
        return await restricted_page(
            info,
            InquiryLetter,
            InquiryLetterModel.all(),
            first=first,
            after=after,
            narrow=lambda qs: _letters(qs, filter),
            newest_by="sent_on",
        )

    @strawberry.field(description="Admonishments (D4) the caller may read (J3–J5), newest first.")
    @through_layer
    async def admonishments(
        self,
        info: Info,
        filter: Annotated[
            AdmonishmentFilter | None, strawberry.argument(description="Which admonishments.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Admonishment]:
        return await restricted_page(
            info,
            Admonishment,
            AdmonishmentModel.all(),
            first=first,
            after=after,
            narrow=lambda qs: _admonishments(qs, filter),
            newest_by="issued_on",
        )

    @strawberry.field(
        description="Personal matters reports (D4) the caller may read (J3, J4), newest first."
    )
    @through_layer
    async def personal_matters_reports(
        self,
        info: Info,
        filter: Annotated[
            PersonalMattersReportFilter | None, strawberry.argument(description="Which reports.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[PersonalMattersReport]:
        return await restricted_page(
            info,
            PersonalMattersReport,
            PersonalMattersReportModel.all(),
            first=first,
            after=after,
            narrow=lambda qs: _personal_matters(qs, filter),
            newest_by="submitted_on",
        )

    @strawberry.field(
        description=(
            "Top leaders' yearly reports (D3) the caller may read (J3, J4), newest first; with "
            "`filter.year`, one row per top leader for that year, filed or not, by cadre."
        )
    )
    @through_layer
    async def top_leader_reports(
        self,
        info: Info,
        filter: Annotated[
            TopLeaderReportFilter | None, strawberry.argument(description="Which reports.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[TopLeaderReport]:
        if filter is not None and filter.year is not None:
            return await _year_of_top_leaders(info, filter, filter.year, first, after)
        return await restricted_page(
            info,
            TopLeaderReport,
            TopLeaderReportModel.all(),
            first=first,
            after=after,
            narrow=lambda qs: narrow(qs, filter, date="submitted_on"),
            newest_by="submitted_on",
        )

    @strawberry.field(
        description="Collective decisions on major matters (D1) the caller may read, newest first."
    )
    @through_layer
    async def major_decisions(
        self,
        info: Info,
        filter: Annotated[
            MajorDecisionFilter | None, strawberry.argument(description="Which decisions.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[MajorDecision]:
        return await restricted_page(
            info,
            MajorDecision,
            MajorDecisionModel.all(),
            first=first,
            after=after,
            narrow=lambda qs: _decisions(qs, filter),
            newest_by="decided_on",
        )

    @strawberry.field(
        description="Democratic life meetings (D2) the caller may read (J3, J4), newest first."
    )
    @through_layer
    async def life_meetings(
        self,
        info: Info,
        filter: Annotated[
            LifeMeetingFilter | None, strawberry.argument(description="Which meetings.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[LifeMeeting]:
        return await restricted_page(
            info,
            LifeMeeting,
            LifeMeetingModel.all(),
            first=first,
            after=after,
            narrow=lambda qs: _meetings(qs, filter),
            newest_by="held_on",
        )

    @strawberry.field(
        description="Supervision information (D6) the caller may read (J3–J5), newest first."
    )
    @through_layer
    async def supervision_information(
        self,
        info: Info,
        filter: Annotated[
            SupervisionInformationFilter | None,
            strawberry.argument(description="Which information."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[SupervisionInformation]:
        return await restricted_page(
            info,
            SupervisionInformation,
            InformationModel.all(),
            first=first,
            after=after,
            narrow=lambda qs: _information(qs, filter),
            newest_by="received_on",
        )


async def _year_of_top_leaders(
    info: Info,
    f: TopLeaderReportFilter,
    year: int,
    first: int | None,
    after: str | None,
) -> Connection[TopLeaderReport]:
    """D3: per top leader under the caller's scope (and each cadre who filed for `year`), the
    report for that year or a row for the report not filed; a page of cadres, then their reports
    for the year in one query."""
    if not FIRST_YEAR <= year <= office_today().year + 1:
        raise BadUserInput(
            f"`year` must lie between {FIRST_YEAR} and next year", argument="filter.year"
        )
    scope = await info.context.scope(TOP_LEADER_REPORT, "read")
    if scope.empty:
        return Connection.empty()
    filers = Subquery(
        restrict(TopLeaderReportModel.filter(year=year), scope, TOP_LEADER_REPORT).values(
            "cadre_id"
        )
    )
    # Top leaders placed by their managing unit, as their reports are (J2), and whoever filed.
    cadres = CadreModel.filter(
        Q(is_top_leader=True, managing_unit_id__in=sorted(scope.jurisdiction_ids))
        | Q(id__in=filers)
    )
    if f.cadre_code:
        cadres = cadres.filter(code=f.cadre_code.strip())
    if f.unit_code:
        units = await units_at_or_below(f.unit_code)
        cadres = (
            cadres.filter(id__in=[]) if units is None else cadres.filter(work_unit_id__in=units)
        )
    if f.overdue is not None:
        past_due = report_overdue(year, get_settings(), office_today())
        if f.overdue:
            cadres = cadres.exclude(id__in=filers) if past_due else cadres.filter(id__in=[])
        elif past_due:
            cadres = cadres.filter(id__in=filers)
    page: list[CadreModel] = []
    connection = await paginate(
        cadres,
        kind=f"top_leader_year_{year}",
        key="id",
        first=first,
        after=after,
        parse_key=int,
        on_page=page.extend,
        to_node=lambda c: c,
    )
    ids = [c.id for c in page]
    reports = await select(info, TopLeaderReport, lambda qs: qs.filter(year=year, cadre_id__in=ids))
    filed = {r._cadre_id: r for r in reports}
    return Connection(
        edges=[
            Edge(
                cursor=edge.cursor,
                node=filed.get(edge.node.id)
                or TopLeaderReport.missing(edge.node.id, edge.node.managing_unit_id, year),
            )
            for edge in connection.edges
        ],
        page_info=connection.page_info,
        _count=connection._count,
    )
