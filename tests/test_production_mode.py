"""Production mode: no introspection, no GraphiQL, no "did you mean" hints (CONTRACT.md)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from api.app import create_app
from tests.conftest import TEST_SECRET, World, make_settings
from tests.helpers import error_codes


@pytest.fixture(scope="module")
async def production(world: World) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    settings = make_settings(
        world.settings.database_url, CADRE_ENV="production", CADRE_JWT_SECRET=TEST_SECRET
    )
    app = create_app(settings)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://prod"
    ) as http:
        yield http, world.token("city.supervisor")


async def test_introspection_is_off(production: tuple[httpx.AsyncClient, str]) -> None:
    http, token = production
    response = await http.post(
        "/graphql",
        json={"query": "{ __schema { types { name } } }"},
        headers={"Authorization": f"Bearer {token}"},
    )
    body = response.json()
    assert body["data"] is None
    assert set(error_codes(body)) == {"GRAPHQL_VALIDATION_FAILED"}


async def test_graphiql_is_not_served(production: tuple[httpx.AsyncClient, str]) -> None:
    http, _ = production
    response = await http.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in response.text.lower()


async def test_errors_give_no_did_you_mean_hints(
    production: tuple[httpx.AsyncClient, str],
) -> None:
    http, token = production
    response = await http.post(
        "/graphql",
        json={"query": "{ cadre { codee } }"},
        headers={"Authorization": f"Bearer {token}"},
    )
    messages = " ".join(e["message"] for e in response.json()["errors"])
    assert "Did you mean" not in messages


async def test_the_same_data_is_served(production: tuple[httpx.AsyncClient, str]) -> None:
    http, token = production
    response = await http.post(
        "/graphql",
        json={"query": '{ cadre(code: "C-0101") { code } }'},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.json() == {"data": {"cadre": {"code": "C-0101"}}}


async def test_the_public_reporting_page_is_served_in_production(
    production: tuple[httpx.AsyncClient, str],
) -> None:
    http, _ = production
    page = await http.get("/report")
    assert page.status_code == 200 and "提交举报" in page.text
    sent = await http.post("/report", data={"content": "生产模式下的举报"})
    assert sent.status_code == 200 and "您的查询码" in sent.text
