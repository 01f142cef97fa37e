"""Errors clients can rely on: every one carries `extensions.code` from CONTRACT.md."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import asyncpg
from tortoise.exceptions import DBConnectionError


class ErrorCode(StrEnum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    CONFLICT = "CONFLICT"
    PRECONDITION_FAILED = "PRECONDITION_FAILED"
    RATE_LIMITED = "RATE_LIMITED"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    INTERNAL = "INTERNAL"


class ApiError(Exception):
    """An error meant for the client: its message and extensions are shown as they are."""

    code: ErrorCode = ErrorCode.INTERNAL

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.extensions: dict[str, Any] = {"code": self.code.value, **extensions}


class Unauthenticated(ApiError):
    code = ErrorCode.UNAUTHENTICATED


class Forbidden(ApiError):
    code = ErrorCode.FORBIDDEN


class NotFound(ApiError):
    code = ErrorCode.NOT_FOUND


class BadUserInput(ApiError):
    code = ErrorCode.BAD_USER_INPUT


class Conflict(ApiError):
    code = ErrorCode.CONFLICT


class PreconditionFailed(ApiError):
    """A domain rule refuses the step; `rule` is its id in DOMAIN.md."""

    code = ErrorCode.PRECONDITION_FAILED

    def __init__(self, rule: str, message: str, **extensions: Any) -> None:
        super().__init__(message, rule=rule, **extensions)


class QueryTooComplex(ApiError):
    code = ErrorCode.QUERY_TOO_COMPLEX


class ServiceUnavailable(ApiError):
    """The database cannot be reached: nothing was written; the same request may be sent again
    (HTTP 503 with `Retry-After`)."""

    code = ErrorCode.SERVICE_UNAVAILABLE


RETRY_AFTER_SECONDS = 10  # no shorter than CADRE_DUPLICATE_WINDOW_SECONDS's default
UNAVAILABLE_MESSAGE = (
    "the database cannot be reached; nothing was written, send the same request again later"
)

# What a database outage looks like from here: the connection refused, reset or closed under
# us, or the server shutting down, starting up or in recovery (SQLSTATE class 08, and 57P01 …
# 57P03), and asyncpg's client-side protocol error on a connection broken mid-operation by the
# server going away ("cannot switch to state …"). A fault of ours (a bad statement, a
# constraint) is none of these.
_OUTAGES: tuple[type[BaseException], ...] = (
    OSError,  # ConnectionRefusedError, ConnectionResetError, socket.gaierror, TimeoutError
    DBConnectionError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.TooManyConnectionsError,
)


def is_outage(error: BaseException | None) -> bool:
    """Whether `error`, or anything it was raised from, means the database is unreachable."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, (ServiceUnavailable, *_OUTAGES)):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False
