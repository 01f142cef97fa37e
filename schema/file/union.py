"""One statement for a page merged from many tables.

Each source of a merged list is a SELECT of the same columns from its own table, restricted by
the caller's scope for its own resource (`Scope.sql`, the same condition `restrict()` puts on a
queryset); each source is cut to the page on the keyset (`WHERE (key…) < (cursor…) ORDER BY
key… LIMIT n+1`), the cuts are joined with UNION ALL and cut again the same way, so the database
merges, orders and cuts the page, whatever its size, in one round trip. The statements go
through `api.sql.fetch`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from api.sql import dialect, fetch
from policies.resources import Resource
from policies.scope import Scope
from rules.calendar import office_zone

# Instants are compared as UTC text of one fixed shape, the same on both databases.
_PG_TEXT = "YYYY-MM-DD HH24:MI:SS.US"
_SQLITE_TEXT = "%Y-%m-%d %H:%M:%f"


@dataclass
class Statement:
    """A statement's parameters, numbered `$1, $2, …` in the order the text is written (as
    `api.sql` requires)."""

    dialect: str = field(default_factory=dialect)
    params: list[Any] = field(default_factory=list)
    # A value bound again is the same parameter: a merged list names the cadre and the scope's
    # units once per branch, and the statement must stay short enough for asyncpg to keep it
    # prepared (its statement cache skips texts over 15 KiB: each would be parsed and planned
    # again on every request).
    _bound: dict[tuple[type, Any], str] = field(default_factory=dict)

    def bind(self, value: Any) -> str:
        if self.dialect == "sqlite" and isinstance(value, datetime.date):
            value = value.isoformat()
        key = (type(value), value)
        placeholder = self._bound.get(key)
        if placeholder is None:
            self.params.append(value)
            placeholder = self._bound[key] = f"${len(self.params)}"
        return placeholder

    def within(self, column: str, ids: frozenset[int]) -> str:
        """`column` is one of `ids`: on PostgreSQL one array parameter (bound once however
        many branches name the set, so the text does not grow with the caller's units)."""
        if self.dialect == "postgres":
            return f"{column} = ANY({self.bind(tuple(sorted(ids)))})"
        return f"{column} IN ({', '.join(self.bind(i) for i in sorted(ids))})"

    def bind_day(self, day: datetime.date) -> str:
        """A date parameter standing where the database must know it is a date."""
        placeholder = self.bind(day)
        return placeholder if self.dialect == "sqlite" else f"CAST({placeholder} AS DATE)"

    def instant(self, column: str) -> str:
        """A timestamp column as comparable UTC text."""
        if self.dialect == "sqlite":
            return f"strftime('{_SQLITE_TEXT}', {column})"
        return f"to_char({column} AT TIME ZONE 'UTC', '{_PG_TEXT}')"

    def day_start(self, column: str) -> str:
        """A date column as the first instant of that office day, as comparable UTC text."""
        zone = office_zone()
        if self.dialect == "sqlite":
            # SQLite knows no time zones: the office zone's offset now (exact for zones
            # without daylight saving time, such as Asia/Shanghai).
            offset = datetime.datetime.now(zone).utcoffset() or datetime.timedelta()
            minutes = -int(offset.total_seconds() // 60)
            return f"strftime('{_SQLITE_TEXT}', {column}, '{minutes:+d} minutes')"
        name = str(zone.key).replace("'", "''")
        return (
            f"to_char((CAST({column} AS TIMESTAMP) AT TIME ZONE '{name}') AT TIME ZONE 'UTC', "
            f"'{_PG_TEXT}')"
        )

    def instant_text(self, at: datetime.datetime) -> str:
        """An aware datetime in the shape `instant()` produces, for comparisons and cursors."""
        text = at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        return text[:-3] if self.dialect == "sqlite" else text


def parse_instant(text: str) -> datetime.datetime:
    """The UTC instant of `instant()`'s text."""
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=datetime.UTC)


class Placed(Protocol):
    """A source of a merged list: the resource whose scope decides who sees its rows, and the SQL
    expressions standing for that resource's columns in the source's statement (`own_id`: the id
    of the resource's own record, as the access log names it)."""

    @property
    def resource(self) -> Resource: ...
    @property
    def jurisdiction(self) -> str | None: ...
    @property
    def addressee(self) -> str | None: ...
    @property
    def subject(self) -> str | None: ...
    @property
    def own_id(self) -> str | None: ...


def scope_condition(scope: Scope, source: Placed, statement: Statement) -> str | None:
    """The scope as a WHERE condition on the source's rows (None: it grants nothing there)."""
    return scope.sql(
        source.resource,
        statement.bind,
        jurisdiction=source.jurisdiction,
        addressee=source.addressee,
        subject=source.subject,
        record=source.own_id,
        within=statement.within,
    )


def grants(scope: Scope, source: Placed) -> bool:
    """Whether the scope admits any of the source's rows (else the source is left out)."""
    return scope_condition(scope, source, Statement(dialect="none")) is not None


def text_column(expression: str | None) -> str:
    return f"CAST({expression or 'NULL'} AS TEXT)"


Part = Callable[[Statement], str]
Conditions = Callable[[Statement], list[str]]


def _filtered(statement: Statement, branch: Part, conditions: Conditions) -> tuple[str, list[str]]:
    return branch(statement), conditions(statement)


async def merged_page(
    statement: Statement,
    branches: Sequence[Part],
    conditions: Conditions,
    key: Sequence[str],
    *,
    descending: bool,
    after: Sequence[Any] | None,
    size: int,
) -> list[dict[str, Any]]:
    """Up to `size` rows of the UNION ALL of `branches`, ordered by `key` (unique over the merged
    rows), after the row whose key is `after`, each row meeting `conditions` (written on the
    merged columns, `b.`). Each branch is cut to `size` rows before the merge, on the same key,
    so the database never merges more than branches × size rows (and can walk an index)."""
    direction = " DESC" if descending else ""
    parts = []
    for branch in branches:
        text, where = _filtered(statement, branch, conditions)
        if after is not None:
            columns = ", ".join(f"b.{k}" for k in key)
            values = ", ".join(statement.bind(v) for v in after)
            where.append(f"({columns}) {'<' if descending else '>'} ({values})")
        order = ", ".join(f"b.{k}{direction}" for k in key)
        parts.append(
            f"SELECT * FROM (SELECT * FROM ({text}) b"
            + (f" WHERE {' AND '.join(where)}" if where else "")
            + f" ORDER BY {order} LIMIT {statement.bind(size)}) b"
        )
    order = ", ".join(f"u.{k}{direction}" for k in key)
    sql = (
        f"SELECT * FROM ({' UNION ALL '.join(parts)}) u ORDER BY {order} "
        f"LIMIT {statement.bind(size)}"
    )
    return await fetch(sql, statement.params)


async def merged_count(
    statement: Statement, branches: Sequence[Part], conditions: Conditions
) -> int:
    """How many rows of the UNION ALL of `branches` meet `conditions`."""
    parts = []
    for branch in branches:
        text, where = _filtered(statement, branch, conditions)
        parts.append(
            f"SELECT 1 AS one FROM ({text}) b" + (f" WHERE {' AND '.join(where)}" if where else "")
        )
    rows = await fetch(
        f"SELECT COUNT(*) AS n FROM ({' UNION ALL '.join(parts)}) u", statement.params
    )
    return int(rows[0]["n"])
