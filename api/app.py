"""The ASGI application: GraphQL on /graphql (GraphiQL on GET), health and readiness probes."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from graphql import GraphQLError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from tortoise import connections

from api.auth import TokenError, bearer_token, decode_token
from api.coherence import coherence
from api.context import Context
from api.db import close_db, init_db, is_postgres
from api.errors import ApiError, ErrorCode
from api.metrics import CODE, ObserveRequests, metrics_endpoint
from api.settings import Settings, get_settings
from schema import build_schema
from schema.loaders import Loaders

log = logging.getLogger("cadre_api")

_SUGGESTION = re.compile(r"\s*Did you mean .*?\?")
_TOKEN_LIMIT = "tokens. Parsing aborted"


class CadreGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(
            build_schema(settings),
            graphql_ide="graphiql" if settings.graphiql_enabled else None,
            allow_queries_via_get=True,
            multipart_uploads_enabled=False,
        )
        self.settings = settings

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
        elif isinstance(original, ApiError):
            extensions.update(original.extensions)
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
        listen = settings.database_listen_url or settings.database_url
        await coherence.start(settings, listen if is_postgres(settings) else None)
        try:
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
            Route("/metrics", metrics_endpoint(settings)),
        ],
        middleware=[Middleware(ObserveRequests, settings.trust_proxy_headers)],
        lifespan=lifespan,
    )
