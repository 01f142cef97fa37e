"""D3: every top leader of a team files a yearly report with the superior committee, due on a
fixed day of the following year (31 January unless CADRE_TOP_LEADER_REPORT_DUE says otherwise)."""

from __future__ import annotations

import calendar
import datetime

from api.settings import Settings


def report_due(year: int, settings: Settings) -> datetime.date:
    """D3: the day by which the report for `year` is due (a 29 February that the next year lacks
    falls back to the last day of February)."""
    month, day = (int(part) for part in settings.top_leader_report_due.split("-"))
    following = year + 1
    return datetime.date(following, month, min(day, calendar.monthrange(following, month)[1]))


def report_overdue(year: int, settings: Settings, today: datetime.date) -> bool:
    """D3: a report not filed is overdue once its due day has passed."""
    return today > report_due(year, settings)
