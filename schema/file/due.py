"""What falls due across a jurisdiction, as plain functions (no GraphQL): the `deadlines` query,
reminders and overdue counts all read it here.

Every source of `deadline_sources.DEADLINE_SOURCES` becomes one branch of a UNION ALL, restricted
by the scope for its own resource; the page is a keyset on (due day, kind, source, id), soonest
first. `scope_of` gives the scope for a resource: a request's `Context.read_scope`, or a fixed
scope for a job that works per jurisdiction (`Scope.for_every_kind`).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from policies.resources import Resource
from policies.scope import Scope, ScopeOf
from rules.deadlines import working_days_left
from schema.file.deadline_sources import BY_NAME, DEADLINE_SOURCES, DeadlineKind, DeadlineSource
from schema.file.union import (
    Part,
    Statement,
    grants,
    merged_count,
    merged_page,
    scope_condition,
    text_column,
)

KEY = ("d_due", "d_kind", "d_src", "d_id")
TEXTS = 3


@dataclass(frozen=True, slots=True)
class Criteria:
    """Which deadlines: all of them when every field is None."""

    today: datetime.date
    due_before: datetime.date | None = None
    unit_code: str | None = None
    kinds: Collection[DeadlineKind] | None = None
    overdue: bool | None = None

    def years(self) -> tuple[int, ...]:
        """The filing years a missing yearly report is listed for: last year's and this year's."""
        return (self.today.year - 1, self.today.year)


@dataclass(frozen=True, slots=True)
class Due:
    source: DeadlineSource
    due_on: datetime.date
    row_id: int
    record_id: int | None
    cadre_id: int | None
    unit_id: int
    today: datetime.date
    texts: tuple[str | None, ...] = ()

    @property
    def summary(self) -> str:
        return self.source.summary(self.texts, self.due_on)

    @property
    def kind(self) -> DeadlineKind:
        return self.source.kind

    @property
    def overdue(self) -> bool:
        return self.due_on < self.today

    @property
    def days_left(self) -> int:
        """Working days where the rule counts working days, else calendar days; negative once
        past."""
        if self.source.working_days:
            return working_days_left(self.today, self.due_on)[0]
        return (self.due_on - self.today).days

    @property
    def key(self) -> tuple[datetime.date, str, str, int]:
        """Its place in the list: `due_page(…, after=due.key)` continues after it."""
        return self.due_on, self.kind.name, self.source.name, self.row_id

    def cursor_key(self) -> str:
        return "|".join(str(part) for part in self.key)


@dataclass(frozen=True, slots=True)
class _Plan:
    criteria: Criteria
    sources: tuple[DeadlineSource, ...]
    scopes: dict[Resource, Scope]

    def branches(self) -> list[Part]:
        return [
            partial(self._branch, source=source, year=year)
            for source in self.sources
            for year in (self.criteria.years() if source.yearly else (None,))
        ]

    def conditions(self, statement: Statement) -> list[str]:
        """The criteria on a branch's rows (`b`), bound where they are written."""
        conditions = []
        c = self.criteria
        if c.due_before is not None:
            conditions.append(f"b.d_due < {statement.bind(c.due_before)}")
        if c.unit_code is not None:
            conditions.append(
                f"b.d_unit IN (SELECT id FROM org_unit WHERE code = {statement.bind(c.unit_code)})"
            )
        if c.overdue is not None:
            conditions.append(f"b.d_due {'<' if c.overdue else '>='} {statement.bind(c.today)}")
        return conditions

    def _branch(self, statement: Statement, *, source: DeadlineSource, year: int | None) -> str:
        if source.yearly is not None and year is not None:
            due = statement.bind_day(source.yearly(year))
        else:
            due = str(source.due)
        columns = ", ".join(
            [
                f"{due} AS d_due",
                f"'{source.kind.name}' AS d_kind",
                f"'{source.name}' AS d_src",
                f"{source.row} AS d_id",
                f"CAST({source.record or 'NULL'} AS INTEGER) AS d_record",
                f"CAST({source.cadre or 'NULL'} AS INTEGER) AS d_cadre",
                f"{source.unit} AS d_unit",
                *(
                    f"{text_column(t)} AS d_t{n}"
                    for n, t in enumerate([*source.texts, *[None] * (TEXTS - len(source.texts))])
                ),
            ]
        )
        pending = source.pending
        if year is not None:
            pending = pending.replace("{year}", statement.bind(year))
        condition = scope_condition(self.scopes[source.resource], source, statement)
        assert condition is not None  # sources without a scope were left out
        return f"SELECT {columns} FROM {source.table} WHERE {pending} AND {condition}"


async def _plan(scope_of: ScopeOf, criteria: Criteria) -> _Plan:
    scopes: dict[Resource, Scope] = {}
    sources = []
    for source in DEADLINE_SOURCES:
        if criteria.kinds is not None and source.kind not in criteria.kinds:
            continue
        if source.resource not in scopes:
            scopes[source.resource] = await scope_of(source.resource)
        if grants(scopes[source.resource], source):
            sources.append(source)
    return _Plan(criteria, tuple(sources), scopes)


def parse_cursor_key(key: str) -> tuple[datetime.date, str, str, int]:
    """The key `Due.cursor_key` wrote; ValueError or KeyError when it is not one."""
    due, kind, name, row = key.split("|")
    return datetime.date.fromisoformat(due), DeadlineKind[kind].name, BY_NAME[name].name, int(row)


def _day(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


async def due_page(
    scope_of: ScopeOf,
    criteria: Criteria,
    size: int,
    after: tuple[datetime.date, str, str, int] | None = None,
) -> tuple[list[Due], bool]:
    """Up to `size` deadlines, soonest first, after the one whose key is `after`; and whether
    more follow. One statement (none when the scopes grant nothing)."""
    plan = await _plan(scope_of, criteria)
    if not plan.sources or size == 0:
        return [], False
    rows = await merged_page(
        Statement(),
        plan.branches(),
        plan.conditions,
        KEY,
        descending=False,
        after=after,
        size=size + 1,
    )
    found = [
        Due(
            source=BY_NAME[row["d_src"]],
            due_on=_day(row["d_due"]),
            row_id=row["d_id"],
            record_id=row["d_record"],
            cadre_id=row["d_cadre"],
            unit_id=row["d_unit"],
            today=criteria.today,
            texts=tuple(row[f"d_t{n}"] for n in range(TEXTS)),
        )
        for row in rows
    ]
    return found[:size], len(found) > size


async def due_count(scope_of: ScopeOf, criteria: Criteria) -> int:
    """How many deadlines `criteria` selects (one statement)."""
    plan = await _plan(scope_of, criteria)
    if not plan.sources:
        return 0
    return await merged_count(Statement(), plan.branches(), plan.conditions)


def records_shown(dues: Sequence[Due]) -> dict[Resource, list[int]]:
    """The records each resource showed (J8): the record, or the cadre or unit owing a filing."""
    shown: dict[Resource, list[int]] = {}
    for due in dues:
        shown.setdefault(due.source.resource, []).append(
            due.record_id if due.record_id is not None else due.row_id
        )
    return shown
