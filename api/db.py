"""Database configuration and lifecycle for tortoise-orm."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise

from api.settings import Settings

MODEL_MODULES = ["models"]


def tortoise_config(settings: Settings) -> dict[str, Any]:
    url = settings.database_url
    if url.startswith("postgresql://"):
        url = "postgres://" + url.removeprefix("postgresql://")
    credentials: dict[str, Any]
    if url.startswith("postgres://"):
        connection: dict[str, Any] = {"engine": "tortoise.backends.asyncpg"}
        credentials = _postgres_credentials(url, settings)
    else:
        connection = {"engine": "tortoise.backends.sqlite"}
        credentials = {
            "file_path": url.removeprefix("sqlite://") or "cadre.sqlite3",
            "journal_mode": "WAL",
        }
    connection["credentials"] = credentials
    return {
        "connections": {"default": connection},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "models.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _postgres_credentials(url: str, settings: Settings) -> dict[str, Any]:
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    return {
        "host": parsed.hostname or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": unquote(parsed.username or "postgres"),
        "password": unquote(parsed.password or ""),
        "database": parsed.path.lstrip("/") or "postgres",
        "minsize": 1,
        "maxsize": settings.db_pool_max,
        "reset": _keep_session,
    }


async def _keep_session(connection: Any) -> None:
    """Give a connection back to the pool without asyncpg's reset statement.

    By default asyncpg sends `pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL` every
    time a connection goes back to the pool, and tortoise takes a connection for each statement:
    a second round trip for every statement of a request. This application never leaves session
    state behind (no advisory locks, cursors outside a transaction, LISTEN or SET), so there is
    nothing to undo. A transaction left open is still rolled back by the pool before this runs.
    """


def is_postgres(settings: Settings) -> bool:
    return settings.database_url.startswith(("postgres://", "postgresql://"))


async def init_db(settings: Settings) -> None:
    from api import access_log

    access_log.configure(settings.log_key)
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)


async def close_db() -> None:
    """Close every connection and release the global context, so another init may follow."""
    await Tortoise.close_connections()
