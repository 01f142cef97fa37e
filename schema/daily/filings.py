"""What cadres file (D3, D4): personal major-matters reports and top leaders' yearly reports.
Readable by the supervision office of the cadre's managing unit and, through oversight, those
above (J4)."""

from __future__ import annotations

import datetime

import strawberry
from strawberry import relay

from api.settings import get_settings
from models import PersonalMatter as PersonalMatterModel
from models import PersonalMattersReport as PersonalMattersReportModel
from models import TopLeaderReport as TopLeaderReportModel
from policies.resources import PERSONAL_MATTERS_REPORT, TOP_LEADER_REPORT
from rules.calendar import office_today
from rules.top_leader_reports import report_due, report_overdue
from schema.daily.common import AboutCadre, Recorded, StaffUser, staff_user
from schema.info import Info
from schema.loaders import grouped
from schema.protected import protected


@strawberry.type(description="One matter declared in a personal matters report (D4).")
class PersonalMatter:
    category: str = strawberry.field(
        description="What kind of matter (e.g. 婚姻变化, 房产, 投资, 配偶子女从业)."
    )
    detail: str = strawberry.field(description="The matter as declared.")


@protected(PERSONAL_MATTERS_REPORT, PersonalMattersReportModel)
@strawberry.type(
    name="PersonalMattersReport",
    description="A cadre's yearly report of personal major matters (个人有关事项报告, D4).",
)
class PersonalMattersReport(AboutCadre, Recorded, relay.Node):
    id: relay.NodeID[int]
    year: int = strawberry.field(description="The year it covers.")
    submitted_on: datetime.date = strawberry.field(description="The day it was submitted.")

    @classmethod
    def of(cls, row: PersonalMattersReportModel) -> PersonalMattersReport:
        return cls(
            id=row.id,
            year=row.year,
            submitted_on=row.submitted_on,
            recorded_at=row.recorded_at,
            _recorded_by_id=row.recorded_by_id,
            _jurisdiction_id=row.jurisdiction_id,
            _cadre_id=row.cadre_id,
        )

    @strawberry.field(description="The matters declared; empty when there was nothing to declare.")
    async def matters(self, info: Info) -> list[PersonalMatter]:
        loader = info.context.loaders.get(
            "personal_matters", grouped(PersonalMatterModel.all, "report_id")
        )
        return [
            PersonalMatter(category=m.category, detail=m.detail) for m in await loader.load(self.id)
        ]


MISSING = "due"


def missing_id(cadre_id: int, year: int) -> str:
    """The node id of the row that stands for a report not filed: it names the top leader and the
    year; `node` finds nothing under it, as no such report exists."""
    return f"{MISSING}-{cadre_id}-{year}"


@protected(TOP_LEADER_REPORT, TopLeaderReportModel)
@strawberry.type(
    name="TopLeaderReport",
    description=(
        "A top leader's yearly report to the superior committee (D3): thought, work, style, "
        "integrity and self-discipline, the clean-government responsibility system, team "
        "building. `topLeaderReports(filter: { year })` also lists a row for each top leader "
        "who has not filed for that year, with `submittedOn: null`."
    ),
)
class TopLeaderReport(AboutCadre, relay.Node):
    id: relay.NodeID[str]
    year: int = strawberry.field(description="The year it covers.")
    submitted_on: datetime.date | None = strawberry.field(
        description="The day it was submitted; null for a report not filed."
    )
    thought: str | None = strawberry.field(description="On political thought (思想).")
    work: str | None = strawberry.field(description="On the work done (工作).")
    style: str | None = strawberry.field(description="On work style (作风).")
    integrity: str | None = strawberry.field(
        description="On integrity and self-discipline (廉洁自律)."
    )
    responsibility: str | None = strawberry.field(
        description="On the clean-government responsibility system (党风廉政建设责任制)."
    )
    team_building: str | None = strawberry.field(description="On building the team (班子建设).")
    recorded_at: datetime.datetime | None = strawberry.field(
        description="When it was recorded; null for a report not filed."
    )
    _recorded_by_id: strawberry.Private[int | None]

    @strawberry.field(
        description="The supervision staff member who recorded it; null for a report not filed."
    )
    async def recorded_by(self, info: Info) -> StaffUser | None:
        return await staff_user(info, self._recorded_by_id)

    @strawberry.field(description="The day it is due: 31 January of the following year (D3).")
    def due_on(self) -> datetime.date:
        return report_due(self.year, get_settings())

    @strawberry.field(description="True for a report not filed after its due day (D3).")
    def overdue(self) -> bool:
        return self.submitted_on is None and report_overdue(
            self.year, get_settings(), office_today()
        )

    @classmethod
    def of(cls, row: TopLeaderReportModel) -> TopLeaderReport:
        return cls(
            id=str(row.id),
            year=row.year,
            submitted_on=row.submitted_on,
            thought=row.thought,
            work=row.work,
            style=row.style,
            integrity=row.integrity,
            responsibility=row.responsibility,
            team_building=row.team_building,
            recorded_at=row.recorded_at,
            _recorded_by_id=row.recorded_by_id,
            _jurisdiction_id=row.jurisdiction_id,
            _cadre_id=row.cadre_id,
        )

    @classmethod
    def missing(cls, cadre_id: int, jurisdiction_id: int, year: int) -> TopLeaderReport:
        """The row for a top leader without a report for `year`."""
        return cls(
            id=missing_id(cadre_id, year),
            year=year,
            submitted_on=None,
            thought=None,
            work=None,
            style=None,
            integrity=None,
            responsibility=None,
            team_building=None,
            recorded_at=None,
            _recorded_by_id=None,
            _jurisdiction_id=jurisdiction_id,
            _cadre_id=cadre_id,
        )
