"""`GET /exports/{list}.csv` and `.xlsx`: a list as a spreadsheet, for offices that report upward.

An export *is* the list's connection: it runs the same GraphQL query a portal would send
(`cadres(filter: $filter, first: 100, after: $after)` and so on) with the caller's token, page
after page, so its rows, their order, what the caller may see of them (the protected layer:
scope, J5, J6, J7) and the access-log entry of every page (J8) are exactly the connection's,
by construction. The filter is the list's own filter type, sent as JSON (`?filter={...}`), and
checked by GraphQL itself: a bad one is refused with HTTP 400 before anything is sent.

Memory stays flat however long the list: one page (100 rows) is held at a time, with fresh
dataloaders per page. CSV is streamed as it is read (UTF-8 with a byte-order mark, so Excel shows
Chinese text correctly; a cell that Excel would run as a formula is prefixed with `'`). XLSX is
written by XlsxWriter in constant-memory mode to a temporary file, which is then streamed and
removed (an XLSX file is a zip archive: it cannot be sent before it is complete).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio
import xlsxwriter
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from api.context import Context
from api.errors import ErrorCode
from rules.calendar import office_today
from schema.loaders import Loaders

if TYPE_CHECKING:
    from api.app import CadreGraphQL

PAGE = 100
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class ExportedList:
    """A connection that can be exported, and the columns of its rows (dotted field paths)."""

    field: str
    filter_type: str
    columns: tuple[str, ...]

    def query(self) -> str:
        return (
            f"query export_{self.field}($filter: {self.filter_type}, $after: String) {{ "
            f"{self.field}(filter: $filter, first: {PAGE}, after: $after) {{ "
            f"edges {{ node {{ {selection_of(self.columns)} }} }} "
            "pageInfo { hasNextPage endCursor } } }"
        )


def selection_of(paths: Sequence[str]) -> str:
    """`a b.c b.d` -> `a b { c d }`: the selection set that reads each dotted path."""
    tree: dict[str, Any] = {}
    for path in paths:
        node = tree
        for part in path.split("."):
            node = node.setdefault(part, {})

    def render(node: dict[str, Any]) -> str:
        return " ".join(k if not v else f"{k} {{ {render(v)} }}" for k, v in node.items())

    return render(tree)


EXPORTS: dict[str, ExportedList] = {
    "cadres": ExportedList(
        "cadres",
        "CadreFilter",
        (
            "code", "name", "gender", "birthDate", "post", "rank", "isTopLeader", "managesFunds",
            "status", "managingUnit.code", "workUnit.code", "warning.level",
        ),
    ),
    "tipoffs": ExportedList(
        "tipoffs",
        "TipoffFilter",
        (
            "id", "receivedAt", "channel", "status", "subject.name", "subject.post",
            "subject.unit", "subject.cadre.code", "jurisdiction.code", "receivingUnit.code",
            "routingDue", "acknowledgementDue", "acknowledgedAt", "overdue", "content",
        ),
    ),
    "cases": ExportedList(
        "cases",
        "CaseFilter",
        (
            "id", "kind", "status", "openedAt", "subject.code", "subject.name",
            "jurisdiction.code", "originalJurisdiction.code", "referredTo.code", "conclusionDue",
            "overdue", "outcome", "measures", "decidedAt", "decisionReason",
        ),
    ),
    "auditCommissions": ExportedList(
        "auditCommissions",
        "AuditCommissionFilter",
        (
            "id", "cadre.code", "cadre.name", "cadre.post", "kind", "status", "periodStart",
            "periodEnd", "dueDate", "overdue", "managingUnit.code", "addressedTo.code",
            "result.rating", "updatedAt",
        ),
    ),
    "selections": ExportedList(
        "selections",
        "SelectionFilter",
        (
            "id", "postTitle", "kind", "positions", "status", "managingUnit.code",
            "workUnit.code", "candidates.code", "candidatesFixedOn", "decidedOn", "createdAt",
        ),
    ),
    "deadlines": ExportedList(
        "deadlines",
        "DeadlineFilter",
        (
            "kind", "dueOn", "overdue", "daysLeft", "countedIn", "summary", "cadre.code",
            "cadre.name", "unit.code", "record.id",
        ),
    ),
}  # fmt: skip


def cell(value: Any) -> str | int | bool:
    """A cell's value: lists joined with `;`, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(cell(v)) for v in value)
    if isinstance(value, bool | int):
        return value
    return str(value)


def row_of(node: dict[str, Any], columns: Sequence[str]) -> list[str | int | bool]:
    values: list[str | int | bool] = []
    for path in columns:
        values.append(cell(_walk(node, path.split("."))))
    return values


def _walk(value: Any, parts: list[str]) -> Any:
    if not parts:
        return value
    if isinstance(value, list):
        return [_walk(v, parts) for v in value]
    if not isinstance(value, dict):
        return None
    return _walk(value.get(parts[0]), parts[1:])


def csv_safe(value: str | int | bool) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class ExportRefused(Exception):
    def __init__(self, status: int, errors: list[dict[str, Any]]) -> None:
        super().__init__(status)
        self.status = status
        self.errors = errors


# The HTTP status of a refusal, by its code (CONTRACT.md); anything else is our fault: 500.
_STATUS = {
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "BAD_USER_INPUT": 400,
    "GRAPHQL_VALIDATION_FAILED": 400,
    "QUERY_TOO_COMPLEX": 400,
    "RATE_LIMITED": 429,
    "SERVICE_UNAVAILABLE": 503,
}


class Pages:
    """The list's pages for one caller, read one at a time through the GraphQL schema."""

    def __init__(self, graphql: CadreGraphQL, context: Context, exported: ExportedList) -> None:
        self.graphql = graphql
        self.context = context
        self.exported = exported
        self.query = exported.query()

    async def page(self, filter: Any, after: str | None) -> tuple[list[dict[str, Any]], str | None]:
        """One page's nodes and the cursor of the next page (None after the last)."""
        self.context.loaders = Loaders()  # nothing kept from earlier pages: memory stays flat
        result = await self.graphql.schema.execute(
            self.query,
            variable_values={"filter": filter, "after": after},
            context_value=self.context,
            operation_name=f"export_{self.exported.field}",
        )
        if result.errors:
            errors = [self.graphql.format_error(e) for e in result.errors]
            codes = [e["extensions"]["code"] for e in errors]
            raise ExportRefused(max(_STATUS.get(c, 500) for c in codes), errors)
        assert result.data is not None
        connection = result.data[self.exported.field]
        nodes = [edge["node"] for edge in connection["edges"]]
        info = connection["pageInfo"]
        return nodes, (info["endCursor"] if info["hasNextPage"] else None)


async def rows(pages: Pages, filter: Any) -> AsyncIterator[list[list[str | int | bool]]]:
    """Every page's rows, in the connection's order; the first page is read before anything is
    returned, so that a refusal can still answer with its own status."""
    nodes, after = await pages.page(filter, None)
    columns = pages.exported.columns
    yield [row_of(n, columns) for n in nodes]
    while after is not None:
        nodes, after = await pages.page(filter, after)
        yield [row_of(n, columns) for n in nodes]


def _csv_lines(batch: Sequence[Sequence[str | int | bool]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([[csv_safe(v) for v in row] for row in batch])
    return buffer.getvalue()


async def _csv(
    columns: Sequence[str],
    first: list[list[str | int | bool]],
    rest: AsyncIterator[list[list[str | int | bool]]],
) -> AsyncIterator[bytes]:
    """The CSV body: BOM and header, then each page as soon as it is read."""
    yield ("\ufeff" + _csv_lines([list(columns)])).encode()
    yield _csv_lines(first).encode()
    async for batch in rest:
        yield _csv_lines(batch).encode()


async def _xlsx_file(
    rest: AsyncIterator[list[list[str | int | bool]]],
    first: list[list[str | int | bool]],
    columns: Sequence[str],
    sheet: str,
) -> str:
    """The workbook written row by row in constant-memory mode; returns its temporary path."""
    handle, path = tempfile.mkstemp(prefix="cadre-export-", suffix=".xlsx")
    os.close(handle)
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "tmpdir": tempfile.gettempdir()})
    try:
        worksheet = workbook.add_worksheet(sheet[:31])
        bold = workbook.add_format({"bold": True})
        for col, name in enumerate(columns):
            worksheet.write_string(0, col, name, bold)
        row = 1
        batch = first
        while True:
            for values in batch:
                for col, value in enumerate(values):
                    if isinstance(value, bool):
                        worksheet.write_boolean(row, col, value)
                    elif isinstance(value, int):
                        worksheet.write_number(row, col, value)
                    else:
                        worksheet.write_string(row, col, value)  # never a formula
                row += 1
            try:
                batch = await anext(rest)
            except StopAsyncIteration:
                break
        worksheet.freeze_panes(1, 0)
        await anyio.to_thread.run_sync(workbook.close)
    except BaseException:
        os.unlink(path)
        raise
    return path


async def _file_chunks(path: str) -> AsyncIterator[bytes]:
    try:
        with open(path, "rb") as handle:  # noqa: ASYNC230 (a local temporary file)
            while chunk := handle.read(64 * 1024):
                yield chunk
    finally:
        os.unlink(path)


def _error(status: int, code: ErrorCode, message: str) -> JSONResponse:
    body = {"errors": [{"message": message, "extensions": {"code": code.value}}]}
    return JSONResponse(body, status_code=status)


async def export(request: Request, graphql: CadreGraphQL) -> Response:
    """One export: the list, the format and the filter from the URL, the caller from its token."""
    exported = EXPORTS.get(request.path_params["name"])
    fmt = request.path_params["fmt"]
    if exported is None or fmt not in ("csv", "xlsx"):
        return _error(
            404,
            ErrorCode.NOT_FOUND,
            f"no export {request.url.path!r}; lists: {', '.join(EXPORTS)}; formats: csv, xlsx",
        )
    context = await graphql.get_context(request, Response())
    if context.auth_error is not None or context.principal is None:
        response = _error(401, ErrorCode.UNAUTHENTICATED, context.auth_error or "sign in to export")
        response.headers["WWW-Authenticate"] = "Bearer"
        return response
    try:
        filter = json.loads(request.query_params.get("filter") or "null")
    except ValueError:
        return _error(400, ErrorCode.BAD_USER_INPUT, "`filter` must be JSON")
    if filter is not None and not isinstance(filter, dict):
        return _error(400, ErrorCode.BAD_USER_INPUT, f"`filter` must be a {exported.filter_type}")
    stream = rows(Pages(graphql, context, exported), filter)
    try:
        first = await anext(stream)
        filename = f"{exported.field}-{office_today()}.{fmt}"
        headers = {
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        }
        if fmt == "csv":
            return StreamingResponse(
                _csv(exported.columns, first, stream), media_type=CSV_TYPE, headers=headers
            )
        path = await _xlsx_file(stream, first, exported.columns, exported.field)
    except ExportRefused as refused:
        return JSONResponse({"errors": refused.errors}, status_code=refused.status)
    return StreamingResponse(_file_chunks(path), media_type=XLSX_TYPE, headers=headers)


def export_routes(graphql: CadreGraphQL) -> list[Route]:
    """The export routes, served with the same schema and token handling as `/graphql`."""

    async def endpoint(request: Request) -> Response:
        return await export(request, graphql)

    return [Route("/exports/{name}.{fmt}", endpoint, methods=["GET"])]
