"""GET /exports/{list}.csv|.xlsx: exactly the connection's rows, in its order, for every list and
demo user; streamed page by page; Chinese intact; formulas defused; refusals with their status;
every page logged as a read (J8)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import zipfile
from typing import Any

import pytest

from api.app import create_app
from api.exports import EXPORTS, ExportedList, csv_safe, row_of, selection_of
from demo.world import USERS
from models import AccessLogEntry
from tests.conftest import Client
from tests.tipoff_support import registered

USERNAMES = [username for username, *_ in USERS]
BOM = "\ufeff"


async def export(client: Client, path: str, user: str | None, **params: str) -> Any:
    headers = {"Authorization": f"Bearer {client.token(user)}"} if user else {}
    return await client.http.get(path, params=params, headers=headers)


async def connection_rows(
    client: Client, exported: ExportedList, user: str, filter: dict[str, Any] | None = None
) -> list[list[str]]:
    """The connection's nodes, every page, as the export's cells."""
    rows: list[list[str]] = []
    after = None
    while True:
        data = await client.data(exported.query(), {"filter": filter, "after": after}, user=user)
        connection = data[exported.field]
        rows += [
            [csv_safe(v) for v in row_of(e["node"], exported.columns)] for e in connection["edges"]
        ]
        if not connection["pageInfo"]["hasNextPage"]:
            return rows
        after = connection["pageInfo"]["endCursor"]


async def keys_in_order(client: Client, exported: ExportedList, user: str) -> list[str]:
    """The connection's records in its own order, walked in pages of 7, by the first column."""
    first = exported.columns[:1]
    found: list[str] = []
    after = None
    while True:
        data = await client.data(
            f"query($after: String) {{ {exported.field}(first: 7, after: $after) {{ "
            f"edges {{ node {{ {selection_of(first)} }} }} "
            "pageInfo { hasNextPage endCursor } } }",
            {"after": after},
            user=user,
        )
        connection = data[exported.field]
        found += [csv_safe(row_of(e["node"], first)[0]) for e in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return found
        after = connection["pageInfo"]["endCursor"]


def parsed(response: Any) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text.removeprefix(BOM))))


@pytest.mark.parametrize("name", list(EXPORTS))
@pytest.mark.parametrize("user", USERNAMES)
async def test_export_rows_equal_the_connections_nodes_for_every_list_and_user(
    client: Client, name: str, user: str
) -> None:
    exported = EXPORTS[name]
    response = await export(client, f"/exports/{name}.csv", user)
    assert response.status_code == 200, response.text
    header, *rows = parsed(response)
    assert header == list(exported.columns)
    assert rows == await connection_rows(client, exported, user)
    assert [r[0] for r in rows] == await keys_in_order(client, exported, user)


async def test_a_filter_narrows_the_export_as_it_narrows_the_list(client: Client) -> None:
    exported = EXPORTS["cadres"]
    filter = {"managingUnit": "county-a", "isTopLeader": False}
    response = await export(
        client, "/exports/cadres.csv", "city.supervisor", filter=json.dumps(filter)
    )
    _, *rows = parsed(response)
    assert rows and {r[exported.columns.index("managingUnit.code")] for r in rows} == {"county-a"}
    assert rows == await connection_rows(client, exported, "city.supervisor", filter)


async def test_chinese_text_arrives_intact_after_a_byte_order_mark(client: Client) -> None:
    response = await export(client, "/exports/cadres.csv", "city.supervisor")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM.encode())
    assert "王建国" in response.content.decode("utf-8")
    assert response.headers["content-disposition"].startswith('attachment; filename="cadres-')
    assert response.headers["cache-control"] == "no-store"


async def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_defused(client: Client) -> None:
    tipoff = await registered(
        client, cadre="C-0102", content='=HYPERLINK("http://evil.example","点我")'
    )
    response = await export(client, "/exports/tipoffs.csv", "county-a.supervisor")
    _, *rows = parsed(response)
    (row,) = [r for r in rows if r[0] == tipoff["id"]]
    assert row[-1] == '\'=HYPERLINK("http://evil.example","点我")'


async def test_the_csv_is_streamed_page_by_page(client: Client) -> None:
    """Given the city's 116 cadres, when the app answers the export, then the body leaves in
    several messages (header, then each page of at most 100 as it is read), not as one."""
    app = create_app(client.world.settings)
    token = client.token("city.supervisor").encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/exports/cadres.csv",
        "raw_path": b"/exports/cadres.csv",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"test"), (b"authorization", b"Bearer " + token)],
        "client": ("127.0.0.1", 1),
        "server": ("test", 80),
    }
    sent: list[dict[str, Any]] = []
    requested = False
    done = asyncio.Event()

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()  # the client stays until the whole body has arrived
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            done.set()

    await app(scope, receive, send)
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 200
    bodies = [m["body"] for m in sent if m["type"] == "http.response.body" and m.get("body")]
    assert len(bodies) >= 3
    assert bodies[0].startswith(BOM.encode()) and bodies[0].count(b"\r\n") == 1
    assert [b.count(b"\r\n") for b in bodies[1:]] == [100, 16]


async def test_the_xlsx_holds_the_same_rows_as_text_cells(client: Client) -> None:
    csv_rows = parsed(await export(client, "/exports/cadres.csv", "city.supervisor"))
    response = await export(client, "/exports/cadres.xlsx", "city.supervisor")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    rows = re.findall(r"<row [^>]*>(.*?)</row>", sheet)
    assert len(rows) == len(csv_rows)
    first_cells = [re.search(r"<t[^>]*>(.*?)</t>", r).group(1) for r in rows]  # type: ignore[union-attr]
    assert first_cells == [r[0] for r in csv_rows]
    assert "王建国" in sheet  # C-0001, written as text, intact
    assert "<f>" not in sheet  # no formula anywhere


async def test_every_page_of_an_export_is_logged_as_a_read(client: Client) -> None:
    before = await AccessLogEntry.all().order_by("-id").first()
    assert before is not None
    await export(client, "/exports/cadres.csv", "city.supervisor")
    entries = await AccessLogEntry.filter(id__gt=before.id).order_by("id")
    pages = [e for e in entries if '"export_cadres"' in e.detail]
    assert len(pages) == 2 and all(e.username == "city.supervisor" for e in pages)
    shown = [i for e in pages for i in e.record_ids.split(";")[0].split(":")[1].split(",")]
    assert len(shown) == 116


@pytest.mark.parametrize(
    ("path", "user", "params", "status", "code"),
    [
        ("/exports/cadres.csv", None, {}, 401, "UNAUTHENTICATED"),
        ("/exports/payroll.csv", "city.supervisor", {}, 404, "NOT_FOUND"),
        ("/exports/cadres.pdf", "city.supervisor", {}, 404, "NOT_FOUND"),
        ("/exports/cadres.csv", "city.supervisor", {"filter": "{not json"}, 400, "BAD_USER_INPUT"),
        ("/exports/cadres.csv", "city.supervisor", {"filter": "[1]"}, 400, "BAD_USER_INPUT"),
        (
            "/exports/cadres.xlsx",
            "city.supervisor",
            {"filter": '{"salary": 1}'},
            400,
            "BAD_USER_INPUT",
        ),
        (
            "/exports/tipoffs.csv",
            "city.supervisor",
            {"filter": '{"status": "LOST"}'},
            400,
            "BAD_USER_INPUT",
        ),
        (
            "/exports/cadres.csv",
            "city.supervisor",
            {"filter": '{"managingUnit": "atlantis"}'},
            400,
            "BAD_USER_INPUT",
        ),
    ],
)
async def test_refusals_answer_with_their_status_and_code(
    client: Client, path: str, user: str | None, params: dict[str, str], status: int, code: str
) -> None:
    response = await export(client, path, user, **params)
    assert response.status_code == status
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == [code]


async def test_a_forged_token_is_refused_not_treated_as_anonymous(client: Client) -> None:
    response = await client.http.get(
        "/exports/cadres.csv", headers={"Authorization": "Bearer not.a.token"}
    )
    assert response.status_code == 401


async def test_a_user_granted_nothing_gets_only_the_header(client: Client) -> None:
    response = await export(client, "/exports/tipoffs.csv", "admin")  # J7
    assert parsed(response) == [list(EXPORTS["tipoffs"].columns)]
