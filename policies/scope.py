"""The one answer to both questions every resolver asks (J1, J3, J4, J5, J7):

* under which units may this principal do `act` on records of a kind?  -> `Scope`, which
  `restrict()` turns into a WHERE clause on a queryset (lists, counts, cursors, `node`);
* may it do `act` on this record?  -> `Scope.admits(...)`, the same scope tested on one row.

Subtree reaches are resolved to unit ids with one indexed prefix query on the unit table, then
used as `IN (...)` on the records: measured faster than joining records to the unit path.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from api.coherence import coherence
from api.sql import escape_like, fetch
from policies.engine import Reach, reaches
from policies.principal import Assignment, Principal
from policies.resources import Resource

M = TypeVar("M", bound=Model)


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a principal may do one action on one kind of record."""

    jurisdiction_ids: frozenset[int]
    addressee_ids: frozenset[int]
    excluded_subject: int | None
    roles: tuple[str, ...]
    # J5 before routing: records that may concern the caller's own cadre by what they name
    excluded_ids: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.jurisdiction_ids and not self.addressee_ids

    def q(self, resource: Resource) -> Q | None:
        """The WHERE condition for this scope, or None when nothing is granted."""
        parts: list[Q] = []
        if self.jurisdiction_ids and resource.jurisdiction:
            parts.append(_q(f"{resource.jurisdiction}__in", sorted(self.jurisdiction_ids)))
        if self.addressee_ids and resource.addressee:
            parts.append(_q(f"{resource.addressee}__in", sorted(self.addressee_ids)))
        if not parts:
            return None
        condition = Q(*parts, join_type=Q.OR) if len(parts) > 1 else parts[0]
        if self.excluded_subject is not None and resource.subject:
            # J5: a user linked to a cadre never sees these records about that cadre.
            condition &= Q(
                _q(f"{resource.subject}__isnull", True),
                ~_q(resource.subject, self.excluded_subject),
                join_type=Q.OR,
            )
        if self.excluded_ids:
            condition &= ~_q("id__in", sorted(self.excluded_ids))
        return condition

    def sql(
        self,
        resource: Resource,
        bind: Callable[[Any], str],
        jurisdiction: str | None = None,
        addressee: str | None = None,
        subject: str | None = None,
        record: str | None = None,
        within: Callable[[str, frozenset[int]], str] | None = None,
    ) -> str | None:
        """The same condition as `q()`, written out for a statement sent as SQL (api/sql.py):
        `jurisdiction`, `addressee`, `subject` and `record` (the record's own id) are the SQL
        expressions standing for the resource's columns in that statement (None for the first
        two: the statement does not place its rows that way, so that reach grants nothing
        there); `bind` adds a parameter and returns its placeholder; `within` writes "the column
        is one of these ids" when the statement has its own way (one array parameter), else it
        is an `IN` list. None when nothing is granted."""

        def among(column: str, ids: frozenset[int]) -> str:
            return within(column, ids) if within is not None else _in_sql(column, ids, bind)

        parts: list[str] = []
        if self.jurisdiction_ids and resource.jurisdiction and jurisdiction:
            parts.append(among(jurisdiction, self.jurisdiction_ids))
        if self.addressee_ids and resource.addressee and addressee:
            parts.append(among(addressee, self.addressee_ids))
        if not parts:
            return None
        condition = parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
        if self.excluded_subject is not None and resource.subject:
            if subject is None:
                raise ValueError(f"{resource.kind}: J5 needs the subject column in the statement")
            # J5: a user linked to a cadre never sees these records about that cadre.
            excluded = bind(self.excluded_subject)
            condition += f" AND ({subject} IS NULL OR {subject} <> {excluded})"
        if self.excluded_ids:
            if record is None:
                raise ValueError(f"{resource.kind}: J5 needs the record's id in the statement")
            # J5 before routing: records that may concern the caller's cadre by what they name.
            condition += f" AND NOT {among(record, self.excluded_ids)}"
        return condition

    async def for_every_kind(self, _resource: Resource) -> Scope:
        """This one scope for every kind of record, as a `ScopeOf`: for a job of the system that
        reads under a scope of its own (`cadre-api remind`), not a caller's."""
        return self

    def admits(self, resource: Resource, record: Model | dict[str, Any]) -> bool:
        """Whether one loaded record lies in this scope: the same test as `q()`."""

        def get(column: str | None) -> Any:
            if column is None:
                return None
            if isinstance(record, dict):
                return record.get(column)
            return getattr(record, column, None)

        placed = (
            resource.jurisdiction is not None
            and get(resource.jurisdiction) in self.jurisdiction_ids
        ) or (resource.addressee is not None and get(resource.addressee) in self.addressee_ids)
        if not placed or get("id") in self.excluded_ids:
            return False
        return not (
            self.excluded_subject is not None
            and resource.subject is not None
            and get(resource.subject) == self.excluded_subject
        )


ScopeOf = Callable[[Resource], Awaitable[Scope]]
"""The read scope per kind of record that warnings, statistics and deadlines count under: a
request's `Context.read_scope`, or `Scope.for_every_kind` for a job of the system."""


class Subtrees:
    """Unit ids at or below sets of paths, each set queried once however many resolvers ask at
    the same time (one per request; across requests from the process cache that a change to the
    unit tree empties in every process, api/coherence.py)."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, ...], asyncio.Future[list[int]]] = {}

    async def ids(self, paths: list[str]) -> list[int]:
        if not paths:
            return []
        key = tuple(paths)
        pending = self._found.get(key)
        if pending is None:
            pending = asyncio.get_running_loop().create_future()
            self._found[key] = pending
            try:
                found = await coherence.units_below(key, lambda: _units_below(paths))
            except BaseException as exc:
                del self._found[key]
                if isinstance(exc, asyncio.CancelledError):
                    pending.cancel()
                elif not pending.done():
                    pending.set_exception(exc)
                raise
            if not pending.done():
                pending.set_result(found)
        # shielded: one waiter cancelled (its operation failed elsewhere) cancels no other
        return await asyncio.shield(pending)


async def resolve_scope(
    principal: Principal, resource: Resource, act: str, subtrees: Subtrees | None = None
) -> Scope:
    """Resolve the role assignments to the units where `act` on `resource` is allowed: once per
    principal (a request), however many resolvers and rules ask."""
    key = (resource, act)
    cached: Scope | None = principal.scopes.get(key)
    if cached is None:
        shared = subtrees or principal.scopes.setdefault(Subtrees, Subtrees())
        cached = principal.scopes[key] = await _resolve(principal, resource, act, shared)
    return cached


async def _resolve(principal: Principal, resource: Resource, act: str, subtrees: Subtrees) -> Scope:
    units: set[int] = set()
    addressed: set[int] = set()
    prefixes: set[str] = set()
    below: set[str] = set()
    roles: list[str] = []
    for assignment in principal.assignments:
        granted = reaches(assignment.role, resource.name, act)
        if not granted:
            continue
        roles.append(assignment.label)
        if Reach.SUBTREE in granted:
            prefixes.add(assignment.unit_path)
        if Reach.BELOW in granted:
            below.add(assignment.unit_path)
        if Reach.UNIT in granted:
            units.add(assignment.unit_id)
        if Reach.ADDRESSED in granted:
            addressed.add(assignment.unit_id)
    units.update(await subtrees.ids(_outermost(prefixes)))
    if below:
        # strictly below: the units under each outermost path, without the path's own unit
        outer = _outermost(below)
        own = {a.unit_id for a in principal.assignments if a.unit_path in outer}
        units.update(set(await subtrees.ids(outer)) - own)
    excluded = principal.cadre_id if resource.conflict_sensitive else None
    naming = resource.naming
    return Scope(
        jurisdiction_ids=frozenset(units),
        addressee_ids=frozenset(addressed),
        excluded_subject=excluded,
        roles=tuple(roles),
        excluded_ids=(
            await naming(excluded)
            if naming is not None and excluded is not None and (units or addressed)
            else frozenset()
        ),
    )


def superior_assignment(
    principal: Principal, resource: Resource, act: str, unit_path: str
) -> Assignment | None:
    """The assignment through which the caller does a superior's act (`below` reach: a take-over,
    a check, a revocation) on records under the unit at `unit_path`: the nearest one strictly
    above that unit. The one place the "strictly above" test is written (J4, S9)."""
    above = [
        a
        for a in principal.assignments
        if Reach.BELOW in reaches(a.role, resource.name, act)
        and unit_path.startswith(a.unit_path)
        and unit_path != a.unit_path
    ]
    return max(above, key=lambda a: len(a.unit_path), default=None)


def _outermost(prefixes: Iterable[str]) -> list[str]:
    """Drop paths already covered by a shorter one (a role at the city and at a county in it)."""
    kept: list[str] = []
    for path in sorted(prefixes, key=len):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


async def _units_below(paths: list[str]) -> list[int]:
    """Ids of the units at or below `paths`: the prefix condition that
    `OrgUnit.filter(path__startswith=…)` sends (the form the `org_unit_path_prefix` index
    serves), written out (see api/sql.py)."""
    if not paths:
        return []
    sql = _UNITS_BELOW.get(len(paths))
    if sql is None:
        condition = " OR ".join(
            f"CAST(path AS VARCHAR) LIKE ${n} ESCAPE '\\'" for n in range(1, len(paths) + 1)
        )
        sql = _UNITS_BELOW[len(paths)] = f"SELECT id FROM org_unit WHERE {condition}"
    rows = await fetch(sql, [escape_like(p) + "%" for p in paths])
    return [row["id"] for row in rows]


_UNITS_BELOW: dict[int, str] = {}


def _in_sql(column: str, ids: frozenset[int], bind: Callable[[Any], str]) -> str:
    return f"{column} IN ({', '.join(bind(i) for i in sorted(ids))})"


def _q(lookup: str, value: Any) -> Q:
    filters: dict[str, Any] = {lookup: value}
    return Q(**filters)


def restrict(queryset: QuerySet[M], scope: Scope, resource: Resource) -> QuerySet[M]:
    """Filter a queryset to the records the scope admits; nothing when it grants nothing."""
    condition = scope.q(resource)
    if condition is None:
        return queryset.filter(id__in=[])
    return queryset.filter(condition)
