"""The offices' own date. Deadlines, "overdue" and "not in the future" are days in the offices'
time zone (Asia/Shanghai unless `CADRE_OFFICE_TIMEZONE` says otherwise), not in UTC: a tip-off
received at 07:30 on a Monday in Beijing was received on Monday."""

from __future__ import annotations

import datetime
from functools import cache
from zoneinfo import ZoneInfo

from api.settings import get_settings


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def office_today() -> datetime.date:
    return datetime.datetime.now(_zone(get_settings().office_timezone)).date()


def office_zone() -> ZoneInfo:
    return _zone(get_settings().office_timezone)


def office_day_start(day: datetime.date) -> datetime.datetime:
    """The first instant of an office day, in UTC (a filter `from`/`to` is in office days)."""
    start = datetime.datetime.combine(day, datetime.time(), office_zone())
    return start.astimezone(datetime.UTC)
