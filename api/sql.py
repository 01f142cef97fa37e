"""A few fixed statements on every request's path, sent as written rather than built by the ORM.

Building a statement with tortoise (filters resolved, joins planned, pypika rendering it) costs more
than PostgreSQL takes to answer these; they are written once here, with PostgreSQL's `$n`
placeholders, turned into SQLite's numbered `?n` when that is the database. The statements go
through the tortoise connection (its pool, its transaction if one is open, its statement
log), and asyncpg prepares each text once per connection.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import AwaitableQuery

_PLACEHOLDER = re.compile(r"\$\d+")
_sqlite: dict[str, str] = {}


def _text(dialect: str, sql: str) -> str:
    if dialect != "sqlite":
        return sql
    text = _sqlite.get(sql)
    if text is None:
        text = _sqlite[sql] = _PLACEHOLDER.sub(lambda m: "?" + m.group()[1:], sql)
    return text


def sql_for(client: BaseDBAsyncClient, sql: str) -> str:
    """`sql` as `client`'s database takes it (for a statement sent on a transaction's
    connection)."""
    return _text(client.capabilities.dialect, sql)


async def fetch(sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """The rows of one statement, as dicts keyed by column name."""
    client = connections.get("default")
    rows: list[dict[str, Any]] = await client.execute_query_dict(
        _text(client.capabilities.dialect, sql), list(args)
    )
    return rows


def escape_like(value: str) -> str:
    """A LIKE pattern matching `value` literally (with `ESCAPE '\\'`), as tortoise escapes it."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def dialect() -> str:
    name: str = connections.get("default").capabilities.dialect
    return name


def compiled(query: AwaitableQuery[Any], offset: int = 0) -> tuple[str, list[Any]]:
    """The statement tortoise would send for `query`, and its parameters, to be sent as part of
    a larger one (several GROUP BYs as one UNION ALL): PostgreSQL's placeholders start at
    `$offset+1`; SQLite's are positional (`?`) already. Built by tortoise's public `sql()`,
    which leaves the query it built in `query.query`, whose parameters pypika gives."""
    query.sql()
    sql, params = query.query.get_parameterized_sql()
    if offset:
        sql = _PLACEHOLDER.sub(lambda m: f"${int(m.group()[1:]) + offset}", sql)
    return sql, list(params)


def on_postgres() -> bool:
    """Whether the database is PostgreSQL (some statements are written once for it alone)."""
    return dialect() == "postgres"
