"""D4 个人有关事项报告: a cadre's yearly report of personal matters, one per cadre and year."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from api.errors import BadUserInput, Conflict
from models import PersonalMatter, PersonalMattersReport
from policies.principal import Principal
from policies.resources import PERSONAL_MATTERS_REPORT
from rules.daily_file import MAX_ITEMS, RECORD, cadre_to_record, log_decision
from rules.inputs import not_future, text

FIRST_YEAR = 1949  # no report in the file is older


@dataclass(frozen=True, slots=True)
class Matter:
    category: str
    detail: str


def report_year(year: int, submitted_on: datetime.date) -> int:
    """A yearly report covers a year that has begun, and is not submitted before that year."""
    not_future(submitted_on, "submittedOn")
    if year < FIRST_YEAR or year > submitted_on.year:
        raise BadUserInput(
            "`year` must be a year that had begun when the report was submitted", argument="year"
        )
    return year


async def record_report(
    principal: Principal,
    cadre_code: str,
    year: int,
    submitted_on: datetime.date,
    matters: Sequence[Matter],
) -> PersonalMattersReport:
    """D4: the report as submitted (a report with nothing to declare has no matters)."""
    cadre, scope = await cadre_to_record(principal, PERSONAL_MATTERS_REPORT, cadre_code)
    report_year(year, submitted_on)
    if len(matters) > MAX_ITEMS:
        raise BadUserInput(f"at most {MAX_ITEMS} matters per report", argument="matters")
    rows = [
        (text(m.category, "matters.category", 100), text(m.detail, "matters.detail"))
        for m in matters
    ]
    try:
        async with in_transaction() as conn:
            if (
                await PersonalMattersReport.filter(cadre_id=cadre.id, year=year)
                .using_db(conn)
                .exists()
            ):
                raise Conflict(f"{cadre.code} already has a personal matters report for {year}")
            report = await PersonalMattersReport.create(
                cadre_id=cadre.id,
                jurisdiction_id=cadre.managing_unit_id,
                year=year,
                submitted_on=submitted_on,
                recorded_by_id=principal.user_id,
                using_db=conn,
            )
            await PersonalMatter.bulk_create(
                [PersonalMatter(report_id=report.id, category=c, detail=d) for c, d in rows],
                using_db=conn,
            )
            await log_decision(
                principal,
                scope,
                PERSONAL_MATTERS_REPORT,
                RECORD,
                report.id,
                {"cadre": cadre.code, "year": year, "matters": len(rows)},
                conn,
            )
    except IntegrityError:  # the same report recorded twice at the same moment
        raise Conflict(f"{cadre.code} already has a personal matters report for {year}") from None
    return report
