"""Dashboard counts, computed by the database: per kind of record one `GROUP BY` over the records
the caller may read (its scope as a WHERE clause, J3-J5), placed under a jurisdiction of the unit's
subtree and dated in the year. The rows that come back are counts per (unit, key), so the number of
statements and rows depends on the tree and the enums, never on how many records there are; any
unit's totals (and those of the jurisdictions below it) are sums of those rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.functions import Count
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models import OrgUnit
from policies.resources import Resource
from policies.scope import Scope, restrict
from rules.calendar import office_day_start

Narrow = Callable[[QuerySet[Any]], QuerySet[Any]]


@dataclass(frozen=True, slots=True)
class Counted:
    """One kind of record the dashboard counts."""

    name: str
    resource: Resource
    model: type[Model]
    unit: str  # the column placing a record under a jurisdiction (J2)
    dated: str  # the column whose year selects it
    keys: tuple[str, ...] = ()  # the columns it is counted by
    timestamped: bool = False  # `dated` holds an instant, not a day
    narrow: Narrow | None = None  # only these records (e.g. the overdue ones)


@dataclass(frozen=True, slots=True)
class Tally:
    unit_id: int
    key: tuple[str | None, ...]
    count: int


def year_bounds(year: int, timestamped: bool) -> tuple[Any, Any]:
    first, after = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    if timestamped:
        return office_day_start(first), office_day_start(after)
    return first, after


async def tally(counted: Counted, scope: Scope, unit_ids: Sequence[int], year: int) -> list[Tally]:
    """Counts per (unit, key) of the records `scope` admits; no statement when it admits none."""
    if scope.empty or not unit_ids:
        return []
    first, after = year_bounds(year, counted.timestamped)
    qs = restrict(counted.model.all(), scope, counted.resource).filter(
        **{
            f"{counted.unit}__in": list(unit_ids),
            f"{counted.dated}__gte": first,
            f"{counted.dated}__lt": after,
        }
    )
    if counted.narrow is not None:
        qs = counted.narrow(qs)
    columns = (counted.unit, *counted.keys)
    rows = await qs.annotate(n=Count("id")).group_by(*columns).values(*columns, "n")
    return [
        Tally(
            row[counted.unit],
            tuple(None if row[k] is None else str(row[k]) for k in counted.keys),
            int(row["n"]),
        )
        for row in rows
    ]


@dataclass
class UnitTree:
    """The units at and below one unit, with the jurisdictions "directly below" each (J4)."""

    root: OrgUnit
    units: dict[int, OrgUnit]
    children: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    async def below(cls, root: OrgUnit) -> UnitTree:
        units = {u.id: u for u in await OrgUnit.filter(path__startswith=root.path)}
        units[root.id] = root
        tree = cls(root, units)
        for unit in sorted(units.values(), key=lambda u: u.code):
            if unit.id != root.id and unit.parent_id is not None:
                tree.children[unit.parent_id].append(unit.id)
        return tree

    def subtree(self, unit_id: int) -> frozenset[int]:
        found, todo = {unit_id}, [unit_id]
        while todo:
            for child in self.children.get(todo.pop(), []):
                found.add(child)
                todo.append(child)
        return frozenset(found)

    def jurisdictions_below(self, unit_id: int) -> list[OrgUnit]:
        """The nearest jurisdictions under `unit_id`: a unit that is not a jurisdiction (a
        township) is looked through, a jurisdiction stops the walk (its own are below it)."""
        found: list[OrgUnit] = []
        todo = list(self.children.get(unit_id, []))
        while todo:
            unit = self.units[todo.pop(0)]
            if unit.is_jurisdiction:
                found.append(unit)
            else:
                todo.extend(self.children.get(unit.id, []))
        return sorted(found, key=lambda u: u.code)


def by_key(
    tallies: Iterable[Tally], units: frozenset[int], position: int, known: Iterable[str]
) -> list[tuple[str, int]]:
    """Counts by the key at `position`, every known value listed (zero included), in order."""
    counts: dict[str, int] = dict.fromkeys(known, 0)
    for t in tallies:
        value = t.key[position]
        if t.unit_id in units and value is not None:
            counts[value] = counts.get(value, 0) + t.count
    return list(counts.items())
