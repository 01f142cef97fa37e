"""No N+1: the statements a page costs do not grow with the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import Client
from tests.queries import CADRE_PAGE


async def _count(client: Client, statements: Callable[[], Any], first: int, user: str) -> int:
    await client.data(CADRE_PAGE, {"first": first}, user=user)  # warm the log tip cache
    with statements() as sent:
        data = await client.data(CADRE_PAGE, {"first": first}, user=user)
    assert len(data["cadres"]["edges"]) == first
    return len(sent)


async def test_a_page_of_5_and_a_page_of_50_cost_the_same_statements(
    client: Client, statements: Callable[[], Any]
) -> None:
    small = await _count(client, statements, 5, "city.supervisor")
    large = await _count(client, statements, 50, "city.supervisor")
    if client.world.settings.execution == "fast":
        # principal, jurisdiction units, the compiled page (units and count in it), access log
        assert small == large == 4
    else:
        # principal, jurisdiction units, page, units of both nested fields, count, access log
        assert small == large == 6


async def test_a_single_jurisdiction_needs_no_unit_lookup(
    client: Client, statements: Callable[[], Any]
) -> None:
    # selector @ city reaches only its own unit: no prefix query on the tree
    expected = 3 if client.world.settings.execution == "fast" else 5
    assert await _count(client, statements, 5, "city.selector") == expected
