"""Database configuration and lifecycle for tortoise-orm."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise

from api import pg
from api.settings import Settings

MODEL_MODULES = ["models"]


def tortoise_config(settings: Settings) -> dict[str, Any]:
    connection: dict[str, Any]
    if is_postgres(settings):
        credentials = pg.credentials(settings.database_url, settings.db_pool_max)
        if settings.database_replica_url:
            credentials["replica"] = pg.credentials(
                settings.database_replica_url, settings.db_pool_max
            )
        connection = {"engine": "api.pg", "credentials": credentials}
    else:
        url = settings.database_url
        connection = {
            "engine": "tortoise.backends.sqlite",
            "credentials": {
                "file_path": url.removeprefix("sqlite://") or "cadre.sqlite3",
                "journal_mode": "WAL",
            },
        }
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


def is_postgres(settings: Settings) -> bool:
    return settings.database_url.startswith(("postgres://", "postgresql://"))


async def init_db(settings: Settings) -> None:
    from api import access_log

    access_log.configure(settings.log_key, settings.retired_log_keys)
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)


async def close_db() -> None:
    """Close every connection and release the global context, so another init may follow."""
    await Tortoise.close_connections()
