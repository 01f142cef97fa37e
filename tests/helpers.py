"""Small helpers over the client fixture."""

from __future__ import annotations

from typing import Any

from tests.conftest import Client
from tests.queries import CADRE_PAGE

NAMED = ("C-0001", "C-0002", "C-0003", "C-0101", "C-0201", "C-0301")


async def all_cadres(
    client: Client, user: str, *, page: int = 100, filter: dict[str, Any] | None = None
) -> tuple[list[str], int]:
    """Walk every page of `cadres`; return the codes in order and the reported totalCount."""
    codes: list[str] = []
    after = None
    total = -1
    while True:
        data = await client.data(
            CADRE_PAGE, {"first": page, "after": after, "filter": filter}, user=user
        )
        connection = data["cadres"]
        total = connection["totalCount"]
        codes += [edge["node"]["code"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return codes, total
        after = connection["pageInfo"]["endCursor"]


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]
