"""D3: every top leader of a team files a yearly report with the superior committee, due on a
fixed day of the following year (31 January unless CADRE_TOP_LEADER_REPORT_DUE says otherwise)."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from api.errors import Conflict, PreconditionFailed
from api.settings import Settings
from models import TopLeaderReport
from policies.principal import Principal
from policies.resources import TOP_LEADER_REPORT
from rules.daily_file import RECORD, cadre_to_record, log_decision
from rules.inputs import text
from rules.personal_matters import report_year


def report_due(year: int, settings: Settings) -> datetime.date:
    """D3: the day by which the report for `year` is due (a 29 February that the next year lacks
    falls back to the last day of February)."""
    month, day = (int(part) for part in settings.top_leader_report_due.split("-"))
    following = year + 1
    return datetime.date(following, month, min(day, calendar.monthrange(following, month)[1]))


def report_overdue(year: int, settings: Settings, today: datetime.date) -> bool:
    """D3: a report not filed is overdue once its due day has passed."""
    return today > report_due(year, settings)


@dataclass(frozen=True, slots=True)
class ReportText:
    thought: str
    work: str
    style: str
    integrity: str
    responsibility: str
    team_building: str


async def submit(
    principal: Principal,
    cadre_code: str,
    year: int,
    submitted_on: datetime.date,
    report: ReportText,
) -> TopLeaderReport:
    """D3: a top leader's yearly report (thought, work, style, integrity and self-discipline,
    the clean-government responsibility system, team building), one per year."""
    cadre, scope = await cadre_to_record(principal, TOP_LEADER_REPORT, cadre_code)
    if not cadre.is_top_leader:
        raise PreconditionFailed("D3", f"{cadre.code} is not the top leader of a team")
    report_year(year, submitted_on)
    parts = {
        name: text(getattr(report, name), _ARGUMENT.get(name, name))
        for name in ("thought", "work", "style", "integrity", "responsibility", "team_building")
    }
    try:
        async with in_transaction() as conn:
            if await TopLeaderReport.filter(cadre_id=cadre.id, year=year).using_db(conn).exists():
                raise Conflict(f"{cadre.code} already filed the report for {year}")
            row = await TopLeaderReport.create(
                cadre_id=cadre.id,
                jurisdiction_id=cadre.managing_unit_id,
                year=year,
                submitted_on=submitted_on,
                recorded_by_id=principal.user_id,
                using_db=conn,
                **parts,
            )
            await log_decision(
                principal,
                scope,
                TOP_LEADER_REPORT,
                RECORD,
                row.id,
                {"cadre": cadre.code, "year": year},
                conn,
            )
    except IntegrityError:  # the same report filed twice at the same moment
        raise Conflict(f"{cadre.code} already filed the report for {year}") from None
    return row


_ARGUMENT = {"team_building": "teamBuilding"}
