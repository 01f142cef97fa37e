"""`UnitCompliance` (S9): one county's or city department's selection work in one year."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import strawberry

from models import ComplianceCheck as CheckModel
from models import ComplianceCheckKind as CheckKindModel
from models import OrgUnit as OrgUnitModel
from models import SelectionReport as ReportModel
from models import SelfCheck as SelfCheckModel
from policies.resources import UNIT_SELECTION_WORK
from rules.compliance import report_due, report_overdue
from rules.selection_common import today
from schema.enums import described_enum
from schema.info import Info
from schema.protected import protected
from schema.selection.people import unit
from schema.units.types import OrgUnit

ComplianceCheckKind = described_enum(
    CheckKindModel,
    name="ComplianceCheckKind",
    description="How the city organisation department examined a unit's selection work (S9).",
    values={
        CheckKindModel.CHECK: "A full check (检查).",
        CheckKindModel.SPOT_CHECK: "A spot check (抽查).",
    },
)


@strawberry.type(description="A unit's yearly self-check of its selection work (S9).")
class SelfCheckRecord:
    completed_on: datetime.date = strawberry.field(description="The offices' day it was completed.")
    findings: str = strawberry.field(description="What it found.")


@strawberry.type(
    description="A unit's special report on its selection work, due by 30 November (S9)."
)
class SelectionWorkReport:
    submitted_on: datetime.date = strawberry.field(description="The offices' day it was submitted.")
    content: str = strawberry.field(description="The report's text.")
    late: bool = strawberry.field(description="Submitted after 30 November of its year.")


@strawberry.type(description="A superior's check or spot check of a unit's selection work (S9).")
class ComplianceCheckRecord:
    kind: ComplianceCheckKind = strawberry.field(  # type: ignore[valid-type]
        description="Check or spot check."
    )
    checked_on: datetime.date = strawberry.field(description="The offices' day of the check.")
    findings: str = strawberry.field(description="What it found.")
    _checking_unit_id: strawberry.Private[int]

    @strawberry.field(description="The unit that checked (the city committee).")
    async def checking_unit(self, info: Info) -> OrgUnit:
        return await unit(info, self._checking_unit_id)


def _by_unit_and_year(model: Any, year: int, order: str = "id") -> Any:
    async def load(keys: list[int]) -> Sequence[list[Any]]:
        rows = await model.filter(unit_id__in=keys, year=year).order_by(order)
        groups: dict[int, list[Any]] = {k: [] for k in keys}
        for row in rows:
            groups[row.unit_id].append(row)
        return [groups[k] for k in keys]

    return load


@protected(
    UNIT_SELECTION_WORK, OrgUnitModel, present=lambda u, _: UnitCompliance(year=0, _unit_id=u.id)
)
@strawberry.type(description="A unit's selection work in a year (S9).")
class UnitCompliance:
    year: int = strawberry.field(description="The calendar year.")
    _unit_id: strawberry.Private[int]

    @strawberry.field(description="The county committee or city department.")
    async def unit(self, info: Info) -> OrgUnit:
        return await unit(info, self._unit_id)

    async def _rows(self, info: Info, model: Any, order: str = "id") -> list[Any]:
        name = (model.__name__, self.year)
        loader = info.context.loaders.get(
            (f"compliance:{name}", self.year), _by_unit_and_year(model, self.year, order)
        )
        rows: list[Any] = await loader.load(self._unit_id)
        return rows

    @strawberry.field(description="The yearly self-check.")
    async def self_check(self, info: Info) -> SelfCheckRecord | None:
        rows = await self._rows(info, SelfCheckModel)
        return (
            SelfCheckRecord(completed_on=rows[0].completed_on, findings=rows[0].findings)
            if rows
            else None
        )

    @strawberry.field(description="The special report on selection work.")
    async def report(self, info: Info) -> SelectionWorkReport | None:
        rows = await self._rows(info, ReportModel)
        if not rows:
            return None
        r = rows[0]
        late = report_overdue(self.year, r.submitted_on, today())
        return SelectionWorkReport(submitted_on=r.submitted_on, content=r.content, late=late)

    @strawberry.field(
        description="The day the special report is due: 30 November of the year (S9)."
    )
    def report_due_on(self) -> datetime.date:
        return report_due(self.year)

    @strawberry.field(description="The report is missing after its due day, or came after it.")
    async def overdue(self, info: Info) -> bool:
        rows = await self._rows(info, ReportModel)
        return report_overdue(self.year, rows[0].submitted_on if rows else None, today())

    @strawberry.field(description="The superior's checks and spot checks.")
    async def checks(self, info: Info) -> list[ComplianceCheckRecord]:
        return [
            ComplianceCheckRecord(
                kind=c.kind,
                checked_on=c.checked_on,
                findings=c.findings,
                _checking_unit_id=c.checking_unit_id,
            )
            for c in await self._rows(info, CheckModel, "checked_on")
        ]
