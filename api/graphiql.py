"""GraphiQL (`GET /graphql` in development) from the server's own files: a pinned build committed
under `api/static/graphiql/` (refreshed by `scripts/refresh-graphiql`), so it works on a closed
network. Its page and script load nothing from an outside address, and the browser is told so."""

from __future__ import annotations

from pathlib import Path

from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
PAGE = (STATIC / "graphiql" / "index.html").read_text()
POLICY = (
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def graphiql_page() -> Response:
    return HTMLResponse(PAGE, headers={"Content-Security-Policy": POLICY})


def static_routes() -> list[BaseRoute]:
    """The page's own scripts, styles and the GraphiQL build, under /static."""
    return [Mount("/static", StaticFiles(directory=STATIC), name="static")]
