"""Prometheus metrics (prometheus-client) on GET /metrics, and the middleware that measures each
request, gives it its request id and writes one log line for it.

What is exported (all names start with `cadre_`):
* `requests_total{operation,code}` and `request_duration_seconds{operation}`: per GraphQL
  operation, labelled by its type and first root field (`query:cadres`, `mutation:revokeRole`;
  client-chosen operation names would let any client grow the label set), and by the CONTRACT.md
  code of its first error (`OK` without errors); other paths by `GET /healthz` and so on;
* `db_pool_connections{database,state}`: the asyncpg pools of this process (primary, replica):
  connections in use, idle, and the maximum;
* `access_log_append_seconds`: the time one access-log append takes (J8);
* `rate_limit_refusals_total{action}`: requests refused RATE_LIMITED; the rate limiter calls
  `RATE_LIMIT_REFUSALS.labels(action).inc()`;
* `replica_lag_seconds`: how far the replica's replay is behind (measured every second);
* `change_listener_up`: whether this process's principal caches are in use (1) or bypassed
  (0: it cannot hear role changes, see api/coherence.py);
* the client library's process and Python collectors (CPU, memory, open files, GC).

Each server process is scraped on its own (a job with one target per process). With
`cadre-api serve --workers N` set PROMETHEUS_MULTIPROC_DIR to an empty folder so that the workers
share one view (the pool gauges and `change_listener_up` are then left out: they are per process).
"""

from __future__ import annotations

import functools
import hmac
import logging
import os
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import logs
from api.coherence import coherence
from api.pg import POOLS
from api.settings import Settings

log = logging.getLogger("cadre_api.requests")
# No `_created` series beside every counter and histogram: Prometheus does not need them.
disable_created_metrics()  # type: ignore[no-untyped-call]
F = TypeVar("F", bound=Callable[..., Awaitable[Any]])

REQUESTS = Counter(
    "cadre_requests", "Requests by operation and outcome code.", ["operation", "code"]
)
REQUEST_SECONDS = Histogram(
    "cadre_request_duration_seconds",
    "Time from request to last response byte, by operation.",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
LOG_APPEND_SECONDS = Histogram(
    "cadre_access_log_append_seconds",
    "Time one access-log append takes (J8).",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1),
)
RATE_LIMIT_REFUSALS = Counter(
    "cadre_rate_limit_refusals", "Requests refused with RATE_LIMITED, by action.", ["action"]
)

# Set by schema/routing.py and api/app.py on the request's ASGI state, read here at the end.
OPERATION = "cadre_operation"
CODE = "cadre_code"
PATHS = frozenset({"/graphql", "/healthz", "/readyz"})  # others count as "other": bounded labels


def timed(histogram: Histogram) -> Callable[[F], F]:
    """Decorate a coroutine function: observe how long each call takes in `histogram`."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await func(*args, **kwargs)
            finally:
                histogram.observe(time.perf_counter() - started)

        return wrapper  # type: ignore[return-value]

    return decorate


class _ProcessState(Collector):
    """Per-process gauges read when scraped: the database pools and the change listener."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        pools = GaugeMetricFamily(
            "cadre_db_pool_connections",
            "Connections of this process's database pools.",
            labels=["database", "state"],
        )
        for name, pool in list(POOLS.items()):
            idle = pool.get_idle_size()
            pools.add_metric([name, "in_use"], pool.get_size() - idle)
            pools.add_metric([name, "idle"], idle)
            pools.add_metric([name, "max"], pool.get_max_size())
        yield pools
        if coherence.replica_lag is not None:
            yield GaugeMetricFamily(
                "cadre_replica_lag_seconds",
                "How far the read replica's replay is behind, as this process last measured it.",
                value=coherence.replica_lag,
            )
        yield GaugeMetricFamily(
            "cadre_change_listener_up",
            "1 while this process hears role and unit changes and uses its caches, else 0.",
            value=1 if coherence.trusted() else 0,
        )


if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
    REGISTRY.register(_ProcessState())


def metrics_endpoint(settings: Settings) -> Any:
    """GET /metrics in the Prometheus text format; behind CADRE_METRICS_TOKEN when set."""

    async def endpoint(request: Request) -> Response:
        if settings.metrics_token:
            sent = request.headers.get("authorization", "")
            if not hmac.compare_digest(sent, f"Bearer {settings.metrics_token}"):
                return Response("metrics need the metrics token\n", status_code=401)
        registry = REGISTRY
        if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return endpoint


class ObserveRequests:
    """ASGI middleware: the request id (api/logs.py), the request metrics and one log line."""

    def __init__(self, app: ASGIApp, trust_proxy_headers: bool = False) -> None:
        self.app = app
        self.trust_proxy_headers = trust_proxy_headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        offered = None
        if self.trust_proxy_headers:
            offered = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        state: dict[str, Any] = scope.setdefault("state", {})
        status = 500
        with logs.request_id(offered) as rid:

            async def send_with_id(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                    headers = [*message.get("headers", []), (b"x-request-id", rid.encode())]
                    message = {**message, "headers": headers}
                await send(message)

            started = time.perf_counter()
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                self._record(scope, state, status, time.perf_counter() - started)

    @staticmethod
    def _record(scope: Scope, state: dict[str, Any], status: int, elapsed: float) -> None:
        """Count the request, observe its latency and write its log line."""
        path = scope["path"]
        if path == "/metrics":
            return
        operation = state.get(OPERATION) or (
            f"{scope['method']} {path}" if path in PATHS else "other"
        )
        code = state.get(CODE) or ("OK" if status < 400 else f"HTTP_{status}")
        REQUESTS.labels(operation, code).inc()
        REQUEST_SECONDS.labels(operation).observe(elapsed)
        log.info(
            "request",
            extra={
                "method": scope["method"],
                "path": path,
                "status": status,
                "operation": operation,
                "code": code,
                "duration_ms": round(elapsed * 1000, 2),
            },
        )
