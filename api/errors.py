"""Errors clients can rely on: every one carries `extensions.code` from CONTRACT.md."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


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
