"""Checks every rule makes on the text and dates a client sends, written once."""

from __future__ import annotations

import datetime

from api.errors import BadUserInput
from rules.calendar import office_today


def text(value: str | None, argument: str, limit: int = 10_000, *, required: bool = True) -> str:
    """The text stripped; blank is bad input when `required`, and so is more than `limit`."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise BadUserInput(f"`{argument}` must not be blank", argument=argument)
    if len(cleaned) > limit:
        raise BadUserInput(f"`{argument}` is longer than {limit} characters", argument=argument)
    return cleaned


def not_future(day: datetime.date, argument: str) -> datetime.date:
    if day > office_today():
        raise BadUserInput(f"`{argument}` cannot be in the future", argument=argument)
    return day
