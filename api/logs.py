"""Logs an operator can search: one JSON object per line on stderr, each with the request id.

The standard library's logging with python-json-logger's formatter, not structlog: uvicorn,
tortoise, asyncpg and this project all log through the standard library already, so one
`logging.config.dictConfig` (handed to uvicorn as its `log_config`) turns every one of them into
JSON with no second logging system and no wrapper around each library's logger.

The request id is the load balancer's `X-Request-ID` when proxy headers are trusted (and it is
well formed), otherwise one made here; it is returned in the response's `X-Request-ID`, put on
every log record written while the request runs, and into the access log entry's detail (J8), so
an entry, the server's log lines and the balancer's line for one request are found together.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from api.settings import Settings

_request_id: ContextVar[str | None] = ContextVar("cadre_request_id", default=None)
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def current_request_id() -> str | None:
    return _request_id.get()


@contextmanager
def request_id(offered: str | None) -> Iterator[str]:
    """Within the block, the request id: the one `offered` (a trusted proxy's) if well formed,
    else a new one."""
    rid = offered if offered and _WELL_FORMED.fullmatch(offered) else uuid.uuid4().hex
    token = _request_id.set(rid)
    try:
        yield rid
    finally:
        _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        record.__dict__.pop("color_message", None)  # uvicorn's terminal copy of the message
        return True


def logging_config(settings: Settings) -> dict[str, Any]:
    """A dictConfig for the server: JSON lines (or plain text, CADRE_LOG_FORMAT=text)."""
    formatter: dict[str, Any]
    if settings.log_format == "json":
        formatter = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "ts",
            "json_ensure_ascii": False,
        }
    else:
        formatter = {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"default": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": settings.log_level.upper()},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": False},
            # tortoise's statement log is DEBUG on every statement: opt in with CADRE_LOG_LEVEL.
            "tortoise": {"level": "WARNING" if settings.log_level.upper() != "DEBUG" else "DEBUG"},
            # casbin prints the whole policy at INFO whenever an enforcer is built.
            "casbin": {"level": "WARNING"},
        },
    }


def with_request_id(detail: Mapping[str, object] | None) -> dict[str, object] | None:
    """An access log entry's detail with the current request's id under `request` (if any)."""
    rid = _request_id.get()
    if rid is None:
        return None if detail is None else dict(detail)
    return {**(detail or {}), "request": rid}
