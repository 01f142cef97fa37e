"""Deadlines as the discipline commissions count them: working days on the official holiday
calendar, adjusted working weekends included (`chinese_calendar`); for a year the calendar does not
cover yet, plain weekdays, and the result says so."""

from __future__ import annotations

import datetime
from functools import lru_cache

import chinese_calendar

from models import DeadlineBasis


def is_working_day(day: datetime.date) -> tuple[bool, DeadlineBasis]:
    try:
        return chinese_calendar.is_workday(day), DeadlineBasis.OFFICIAL_CALENDAR
    except NotImplementedError:
        return day.weekday() < 5, DeadlineBasis.WEEKDAYS_FALLBACK


@lru_cache(maxsize=1024)
def add_working_days(start: datetime.date, days: int) -> tuple[datetime.date, DeadlineBasis]:
    """The `days`-th working day after `start`; the basis is the fallback if any day needed it.
    Remembered: the calendar is the installed package's, fixed for the life of the process, and
    every submission of a day asks the same."""
    basis = DeadlineBasis.OFFICIAL_CALENDAR
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        working, used = is_working_day(day)
        if used is DeadlineBasis.WEEKDAYS_FALLBACK:
            basis = used
        if working:
            counted += 1
    return day, basis


def working_days_left(today: datetime.date, due: datetime.date) -> tuple[int, DeadlineBasis]:
    """Working days from `today` until `due`: 0 on the due day (or when only rest days lie
    between), n when `due` is the n-th working day after today, -n when n working days have
    passed since it (tip-off routing and acknowledgement count official working days, J6, D5)."""
    earlier, later, sign = (today, due, 1) if due >= today else (due, today, -1)
    basis = DeadlineBasis.OFFICIAL_CALENDAR
    counted = 0
    day = earlier
    while day < later:
        day += datetime.timedelta(days=1)
        working, used = is_working_day(day)
        if used is DeadlineBasis.WEEKDAYS_FALLBACK:
            basis = used
        counted += working
    return sign * counted, basis
