"""Dashboard counts, computed by the database: per kind of record one `GROUP BY` over the records
the caller may read (its scope as a WHERE clause, J3-J5), placed under a jurisdiction of the unit's
subtree (a subquery on the unit path, not a list of ids) and dated in the year; the narrower counts
of a kind (the overdue ones, the decided ones) are `COUNT(...) FILTER` columns of the same
statement. The rows that come back are counts per (unit, key), so the number of statements and rows
depends on the tree and the enums, never on how many records there are; any unit's totals (and
those of the jurisdictions below it) are sums of those rows. The tree itself is read as rows, not
model objects.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count
from tortoise.models import Model

from api.sql import escape_like, fetch
from models import OrgUnit, UnitKind
from policies.resources import Resource
from policies.scope import Scope, restrict
from rules.calendar import office_day_start

Narrow = Callable[[], Q]


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
    # narrower counts of the same records, by name: the condition a list's filter applies
    # (e.g. the overdue ones), counted with `FILTER` in the same statement
    narrower: tuple[tuple[str, Narrow], ...] = ()


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


async def tally(
    counted: Counted, scope: Scope, root_path: str, year: int
) -> dict[str, list[Tally]]:
    """Counts per (unit, key) of the records `scope` admits under the unit at `root_path`, for
    `counted.name` and each of its narrower counts, in one statement; none when it admits none."""
    names = [counted.name, *(name for name, _ in counted.narrower)]
    if scope.empty:
        return {name: [] for name in names}
    first, after = year_bounds(year, counted.timestamped)
    subtree = OrgUnit.filter(path__startswith=root_path).values("id")
    qs = restrict(counted.model.all(), scope, counted.resource).filter(
        **{
            f"{counted.unit}__in": Subquery(subtree),
            f"{counted.dated}__gte": first,
            f"{counted.dated}__lt": after,
        }
    )
    counts = {"n": Count("id")}
    counts.update({f"n{i}": Count("id", _filter=c()) for i, (_, c) in enumerate(counted.narrower)})
    columns = (counted.unit, *counted.keys)
    rows = await qs.annotate(**counts).group_by(*columns).values(*columns, *counts)
    found: dict[str, list[Tally]] = {name: [] for name in names}
    for row in rows:
        key = tuple(None if row[k] is None else str(row[k]) for k in counted.keys)
        for name, column in zip(names, counts, strict=True):
            if row[column]:
                found[name].append(Tally(row[counted.unit], key, int(row[column])))
    return found


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of the tree as the dashboard needs it (a row, not a model object)."""

    id: int
    parent_id: int | None
    code: str
    name: str
    kind: UnitKind
    is_jurisdiction: bool


_UNIT_COLUMNS = "id, parent_id, code, name, kind, is_jurisdiction"
# the prefix condition `OrgUnit.filter(path__startswith=…)` sends (the `org_unit_path_prefix`
# index serves it), written out (api/sql.py)
_BELOW = f"SELECT {_UNIT_COLUMNS} FROM org_unit WHERE CAST(path AS VARCHAR) LIKE $1 ESCAPE '\\'"
_BY_CODE = f"SELECT {_UNIT_COLUMNS}, path FROM org_unit WHERE code = $1"


def _unit(row: dict[str, Any]) -> Unit:
    return Unit(
        row["id"],
        row["parent_id"],
        row["code"],
        row["name"],
        UnitKind(row["kind"]),
        bool(row["is_jurisdiction"]),
    )


async def unit_by_code(code: str) -> tuple[Unit, str] | None:
    """The unit with this code and its path, or None."""
    rows = await fetch(_BY_CODE, [code])
    return (_unit(rows[0]), rows[0]["path"]) if rows else None


@dataclass
class UnitTree:
    """The units at and below one unit, with the jurisdictions "directly below" each (J4)."""

    root: Unit
    units: dict[int, Unit]
    children: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    async def below(cls, root: Unit, path: str) -> UnitTree:
        units = {u.id: u for u in map(_unit, await fetch(_BELOW, [escape_like(path) + "%"]))}
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

    def jurisdictions_below(self, unit_id: int) -> list[Unit]:
        """The nearest jurisdictions under `unit_id`: a unit that is not a jurisdiction (a
        township) is looked through, a jurisdiction stops the walk (its own are below it)."""
        found: list[Unit] = []
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
