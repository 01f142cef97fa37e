"""Annual compliance of selection work (S9): each county and city department's yearly self-check
and special report (due by 30 November), and the superior's checks and spot checks."""

from __future__ import annotations

import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from api import access_log
from api.errors import BadUserInput, Conflict
from models import (
    ComplianceCheck,
    ComplianceCheckKind,
    OrgUnit,
    SelectionReport,
    SelfCheck,
    UnitKind,
)
from policies.principal import Principal
from policies.resources import SELECTION_COMPLIANCE
from policies.scope import Scope
from rules.guard import actor, require
from rules.inputs import not_future, text
from rules.selection_common import as_superior, today, unit_by_code

REPORTING_KINDS = (UnitKind.COUNTY_COMMITTEE, UnitKind.CITY_DEPARTMENT)


def report_due(year: int) -> datetime.date:
    """S9: the special report on selection work is due by the end of November."""
    return datetime.date(year, 11, 30)


def report_overdue(year: int, submitted_on: datetime.date | None, on: datetime.date) -> bool:
    """Late if not submitted once the due day has passed, or submitted after it."""
    due = report_due(year)
    return submitted_on > due if submitted_on is not None else on > due


async def _reporting_unit(
    principal: Principal, unit_code: str, year: int, act: str
) -> tuple[OrgUnit, Scope]:
    unit = await unit_by_code(unit_code, "unitCode")
    if unit.kind not in REPORTING_KINDS:
        raise BadUserInput("S9 covers county committees and city departments", argument="unitCode")
    if not 2000 <= year <= today().year:
        raise BadUserInput("no such reporting year", argument="year")
    scope = await require(principal, SELECTION_COMPLIANCE, act, {"unit_id": unit.id}, what="unit")
    return unit, scope


async def record_self_check(
    principal: Principal, unit_code: str, year: int, completed_on: datetime.date, findings: str
) -> SelfCheck:
    written = text(findings, "findings")
    not_future(completed_on, "completedOn")
    unit, scope = await _reporting_unit(principal, unit_code, year, "comply")
    async with in_transaction() as conn:
        if await SelfCheck.filter(unit_id=unit.id, year=year).using_db(conn).exists():
            raise Conflict(f"{unit.code} has already recorded its self-check for {year}")
        try:
            row = await SelfCheck.create(
                unit_id=unit.id,
                year=year,
                completed_on=completed_on,
                findings=written,
                recorded_by_id=principal.user_id,
                using_db=conn,
            )
        except IntegrityError:  # a concurrent recording won the race
            raise Conflict(f"{unit.code} has already recorded its self-check for {year}") from None
        await access_log.append(
            actor(principal, scope),
            "selection:self_check",
            "selection",
            [row.id],
            {"unit": unit.code, "year": year},
            connection=conn,
        )
    return row


async def submit_report(
    principal: Principal, unit_code: str, year: int, content: str
) -> SelectionReport:
    written = text(content, "content", 200_000)
    unit, scope = await _reporting_unit(principal, unit_code, year, "comply")
    async with in_transaction() as conn:
        if await SelectionReport.filter(unit_id=unit.id, year=year).using_db(conn).exists():
            raise Conflict(f"{unit.code} has already submitted its {year} report")
        try:
            row = await SelectionReport.create(
                unit_id=unit.id,
                year=year,
                content=written,
                submitted_on=today(),
                submitted_by_id=principal.user_id,
                using_db=conn,
            )
        except IntegrityError:  # a concurrent submission won the race
            raise Conflict(f"{unit.code} has already submitted its {year} report") from None
        await access_log.append(
            actor(principal, scope),
            "selection:report",
            "selection",
            [row.id],
            {
                "unit": unit.code,
                "year": year,
                "late": report_overdue(year, row.submitted_on, today()),
            },
            connection=conn,
        )
    return row


async def record_check(
    principal: Principal,
    unit_code: str,
    year: int,
    kind: ComplianceCheckKind,
    checked_on: datetime.date,
    findings: str,
) -> ComplianceCheck:
    """S9: the superior organisation department checks or spot-checks a unit's selection work."""
    written = text(findings, "findings")
    not_future(checked_on, "checkedOn")
    unit, scope = await _reporting_unit(principal, unit_code, year, "check")
    superior = await as_superior(principal, "check", unit.id, "check this unit")
    async with in_transaction() as conn:
        row = await ComplianceCheck.create(
            unit_id=unit.id,
            checking_unit_id=superior.unit_id,
            year=year,
            kind=kind,
            checked_on=checked_on,
            findings=written,
            recorded_by_id=principal.user_id,
            using_db=conn,
        )
        await access_log.append(
            actor(principal, scope),
            "selection:check",
            "selection",
            [row.id],
            {"unit": unit.code, "year": year, "kind": kind.value},
            connection=conn,
        )
    return row
