"""The ASGI application: GraphQL on /graphql (GraphiQL on GET), health and readiness probes, the
public reporting page on /report and the static files on /static."""

from __future__ import annotations

import datetime
import gc
import json
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from cross_web import HTTPException
from graphql import GraphQLError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from tortoise import connections
from tortoise.exceptions import ValidationError

from api import access_log, housekeeping, throttle
from api.auth import TokenError, bearer_token, decode_token
from api.coherence import coherence
from api.context import Context
from api.db import close_db, init_db, is_postgres
from api.errors import (
    RETRY_AFTER_SECONDS,
    UNAVAILABLE_MESSAGE,
    ApiError,
    ErrorCode,
    is_outage,
)
from api.exports import export_routes
from api.graphiql import graphiql_page, static_routes
from api.metrics import CODE, ObserveRequests, metrics_endpoint
from api.report import report_routes
from api.settings import Settings, get_settings
from schema import build_schema
from schema.extensions import forget_expired_claims
from schema.limits import LIST_WIDTHS
from schema.loaders import Loaders

log = logging.getLogger("cadre_api")

_SUGGESTION = re.compile(r"\s*Did you mean .*?\?")
_TOKEN_LIMIT = "tokens. Parsing aborted"
MAX_JSON_DEPTH = 32  # nesting of the request body; no operation needs more than a few levels


def error_response(
    status: int, code: ErrorCode, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """An HTTP error with the body every GraphQL error has (CONTRACT.md)."""
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code.value}}]},
        status_code=status,
        headers=headers,
    )


def unavailable() -> JSONResponse:
    return error_response(
        503,
        ErrorCode.SERVICE_UNAVAILABLE,
        UNAVAILABLE_MESSAGE,
        {"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def _nesting(value: object) -> int:
    """How deeply `value` nests, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


class CadreGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(
            build_schema(settings),
            graphql_ide="graphiql" if settings.graphiql_enabled else None,
            allow_queries_via_get=True,
            multipart_uploads_enabled=False,
        )
        self.settings = settings

    async def render_graphql_ide(self, request: Request) -> Response:
        return graphiql_page()  # the server's own files, nothing from outside

    def encode_json(self, data: object) -> bytes:
        """Responses written by orjson (the view's overridable encoder): a 50-row page is encoded
        several times faster than by the standard library, as compact UTF-8 JSON."""
        return orjson.dumps(data)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A request that is not one well-formed operation is HTTP 400 with the contract's error
        body (never strawberry's plain text); a database outage is HTTP 503 with `Retry-After`."""
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        request = Request(scope=scope, receive=receive)
        response: Response
        try:
            response = await self.run(request)
        except HTTPException as exc:
            response = error_response(
                400 if exc.status_code in (400, 405) else exc.status_code,
                ErrorCode.BAD_USER_INPUT,
                exc.reason,
            )
        except Exception as exc:
            if not is_outage(exc):  # say, while reading the caller's role assignments
                raise
            log.warning("database not reachable: %s", exc)
            response = unavailable()
        if getattr(request.state, "unavailable", False):
            response.status_code = 503
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        await response(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        """One operation, as a JSON object nested no deeper than `MAX_JSON_DEPTH`."""
        try:
            value = json.loads(data)
        except RecursionError:
            raise HTTPException(400, "the request body is nested too deeply") from None
        if isinstance(value, list):
            raise HTTPException(400, "batches are not accepted: send one operation per request")
        if not isinstance(value, dict):
            raise HTTPException(400, "the request body must be a JSON object")
        if _nesting(value) > MAX_JSON_DEPTH:
            raise HTTPException(400, "the request body is nested too deeply")
        return value

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        context = Context(
            request=request,
            response=response,
            settings=self.settings,
            principal=None,
            loaders=Loaders(),
        )
        try:
            token = bearer_token(request.headers.get("authorization"))
            if token is not None:
                principal = await coherence.principal(decode_token(token, self.settings))
                if principal is None:
                    raise TokenError("unknown or deactivated user")
                context.principal = principal
        except TokenError as exc:
            context.auth_error = f"not authenticated: {exc}"
            if isinstance(response, Response):
                response.status_code = 401
                response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return context

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        data: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            errors = [self.format_error(e) for e in result.errors]
            codes = {e["extensions"]["code"] for e in errors}
            if ErrorCode.SERVICE_UNAVAILABLE in codes:
                request.state.unavailable = True  # HTTP 503 and Retry-After, in `run`
            complex_ = [e for e in errors if e["extensions"]["code"] == ErrorCode.QUERY_TOO_COMPLEX]
            data["errors"] = list[object](complex_ or errors)  # refused whole when too complex
            request.scope.setdefault("state", {})[CODE] = errors[0]["extensions"]["code"]
        if result.extensions:
            data["extensions"] = result.extensions
        return data

    def format_error(self, error: GraphQLError) -> dict[str, Any]:
        """Give every error a code from CONTRACT.md; show no internals."""
        formatted: dict[str, Any] = dict(error.formatted)
        extensions = dict(formatted.get("extensions") or {})
        original = error.original_error
        if "code" in extensions:
            pass
        elif is_outage(original):
            formatted = {"message": UNAVAILABLE_MESSAGE, "path": formatted.get("path")}
            extensions = {"code": ErrorCode.SERVICE_UNAVAILABLE.value}
        elif isinstance(original, ApiError):
            extensions.update(original.extensions)
        elif isinstance(original, ValidationError):  # a value longer than its column, say
            formatted["message"] = "a value does not fit the field it is stored in"
            extensions["code"] = ErrorCode.BAD_USER_INPUT.value
        elif error.path is None:  # before execution: the document, or the variables sent with it
            if _TOKEN_LIMIT in error.message:
                extensions["code"] = ErrorCode.QUERY_TOO_COMPLEX.value
            elif error.message.startswith("Variable '$"):
                extensions["code"] = ErrorCode.BAD_USER_INPUT.value  # a value that won't coerce
            else:
                extensions["code"] = ErrorCode.GRAPHQL_VALIDATION_FAILED.value
        else:  # during execution and not ours: a fault of the server, never shown
            formatted = {"message": "internal error", "path": formatted.get("path")}
            extensions = {"code": ErrorCode.INTERNAL.value}
        if self.settings.production and "message" in formatted:
            formatted["message"] = _SUGGESTION.sub("", formatted["message"])
        formatted["extensions"] = extensions
        return {k: v for k, v in formatted.items() if v is not None}


async def healthz(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(_: Request) -> Response:
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:  # the probe reports, it does not raise
        log.warning("database not reachable", exc_info=True)
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await init_db(settings)
        try:
            await access_log.refuse_retired_key()
        except access_log.RetiredKeyError:
            await close_db()
            raise
        gc.freeze()  # what start-up built lives for good: spare it every full collection
        window = datetime.timedelta(seconds=settings.duplicate_window_seconds)
        jobs: dict[str, housekeeping.Job] = {
            "measure the list widths": LIST_WIDTHS.refresh,
            "forget expired request claims": lambda: forget_expired_claims(window),
            "forget stale rate-limit buckets": throttle.forget_stale,
        }
        listen = settings.database_listen_url or settings.database_url
        await coherence.start(settings, listen if is_postgres(settings) else None)
        try:
            with housekeeping.running(jobs):
                yield
        finally:
            await coherence.stop()
            await close_db()

    graphql = CadreGraphQL(settings)
    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            *report_routes(graphql),
            *static_routes(),
            *export_routes(graphql),
            Route("/metrics", metrics_endpoint(settings)),
        ],
        middleware=[Middleware(ObserveRequests, settings.trust_proxy_headers)],
        lifespan=lifespan,
    )
