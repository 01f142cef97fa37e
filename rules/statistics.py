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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count
from tortoise.models import Model
from tortoise.queryset import ValuesQuery

from api.sql import compiled, dialect, fetch
from models import OrgUnit, UnitKind
from policies.resources import Resource
from policies.scope import Scope, restrict
from rules.calendar import office_day_start, office_today

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

    @property
    def names(self) -> tuple[str, ...]:
        """The name of its count, then those of its narrower counts."""
        return (self.name, *(name for name, _ in self.narrower))


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


def _grouped(counted: Counted, scope: Scope, root_path: str, year: int) -> ValuesQuery[Any]:
    """Counts per (unit, key) of the records `scope` admits under the unit at `root_path`, with
    a column per narrower count (`n0`, `n1` …)."""
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
    return qs.annotate(**counts).group_by(*columns).values(*columns, *counts)


@lru_cache(maxsize=256)
def _statement(
    counting: tuple[tuple[Counted, Scope], ...],
    root_path: str,
    year: int,
    day: datetime.date,
    dialect: str,
) -> tuple[str, tuple[Any, ...]]:
    """The UNION ALL of the kinds' GROUP BYs and its parameters: the same for the same scopes,
    unit, year and office day (the overdue conditions name today), so it is built once for them
    rather than on every request (tortoise and pypika take milliseconds to build seven)."""
    keys = max(len(c.keys) for c, _ in counting)
    narrower = max(len(c.narrower) for c, _ in counting)
    postgres = dialect == "postgres"
    parts: list[str] = []
    params: list[Any] = []
    for counted, scope in counting:
        sql, values = compiled(_grouped(counted, scope, root_path, year), len(params) * postgres)
        params += values
        named = [*counted.keys, *[None] * (keys - len(counted.keys))]
        narrowed = [f"n{i}" if i < len(counted.narrower) else None for i in range(narrower)]
        columns = [
            f"'{counted.name}' AS kind",
            f"{_cell(counted.unit, 'NULL')} AS unit",
            *(f"CAST({_cell(k, 'NULL')} AS TEXT) AS k{i}" for i, k in enumerate(named)),
            f"{_cell('n', '0')} AS n",
            *(f"{_cell(c, '0')} AS n{i}" for i, c in enumerate(narrowed)),
        ]
        parts.append(f"SELECT {', '.join(columns)} FROM ({sql}) b")
    return " UNION ALL ".join(parts), tuple(params)


def _cell(column: str | None, otherwise: str) -> str:
    """A column of a kind's grouped rows (`b`), or a constant where that kind has none."""
    return otherwise if column is None else f'b."{column}"'


async def tally(
    kinds: Sequence[tuple[Counted, Scope]], root_path: str, year: int
) -> dict[str, list[Tally]]:
    """Counts per (unit, key) of each kind (and of each of its narrower counts) that its scope
    admits under the unit at `root_path`: every kind's GROUP BY in one UNION ALL statement,
    none for a kind its scope admits nothing of (no statement when no scope admits any)."""
    found: dict[str, list[Tally]] = {}
    for counted, _ in kinds:
        found.update({name: [] for name in counted.names})
    counting = [(counted, scope) for counted, scope in kinds if not scope.empty]
    if not counting:
        return found
    by_name = {counted.name: counted for counted, _ in counting}
    sql, params = _statement(tuple(counting), root_path, year, office_today(), dialect())
    for row in await fetch(sql, params):
        counted = by_name[row["kind"]]
        key = tuple(row[f"k{i}"] for i in range(len(counted.keys)))
        counts = [row["n"], *(row[f"n{i}"] for i in range(len(counted.narrower)))]
        for name, n in zip(counted.names, counts, strict=True):
            if n:
                found[name].append(Tally(row["unit"], key, int(n)))
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


# The unit with a code and every unit below it, in one statement: units whose path starts with
# its path (an exact prefix comparison; the unit table is small, a few hundred rows).
_TREE = (
    "SELECT u.id, u.parent_id, u.code, u.name, u.kind, u.is_jurisdiction, u.path "
    "FROM org_unit r JOIN org_unit u ON substr(u.path, 1, length(r.path)) = r.path "
    "WHERE r.code = $1"
)


_KINDS = {kind.value: kind for kind in UnitKind}  # a lookup, not an Enum call per row


def _unit(row: dict[str, Any]) -> Unit:
    return Unit(
        row["id"],
        row["parent_id"],
        row["code"],
        row["name"],
        _KINDS[row["kind"]],
        bool(row["is_jurisdiction"]),
    )


@dataclass
class UnitTree:
    """The units at and below one unit, with the jurisdictions "directly below" each (J4)."""

    root: Unit
    units: dict[int, Unit]
    path: str  # the root's
    children: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    subtrees: dict[int, frozenset[int]] = field(default_factory=dict)

    @classmethod
    async def of(cls, code: str) -> UnitTree | None:
        """The tree below the unit with `code` (None: no such unit), read as rows."""
        rows = await fetch(_TREE, [code])
        top = next((row for row in rows if row["code"] == code), None)
        if top is None:
            return None
        units = {row["id"]: _unit(row) for row in rows}
        tree = cls(units[top["id"]], units, top["path"])
        for unit in sorted(units.values(), key=lambda u: u.code):
            if unit.id != tree.root.id and unit.parent_id is not None:
                tree.children[unit.parent_id].append(unit.id)
        return tree

    def subtree(self, unit_id: int) -> frozenset[int]:
        """`unit_id` and every unit below it (walked once per unit and request)."""
        known = self.subtrees.get(unit_id)
        if known is not None:
            return known
        found, todo = {unit_id}, [unit_id]
        while todo:
            for child in self.children.get(todo.pop(), []):
                found.add(child)
                todo.append(child)
        known = self.subtrees[unit_id] = frozenset(found)
        return known

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
