"""The public reporting page (GET/POST /report, /report/status) and GraphiQL, over plain HTTP: every
asset from the server itself, every field labelled, no cookie, the receipt never in a URL, limits
answered in plain words, and the reporter and the office talking through the page."""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator
from html.parser import HTMLParser

import httpx
import pytest
from strawberry.relay import to_base64

from api.app import create_app
from api.cli import serve_banner
from api.settings import Settings
from models import Tipoff
from rules import proof_of_work, receipts
from tests.conftest import Client, World, make_settings

SEND = """
mutation($id: ID!, $body: String!) { sendTipoffMessage(tipoffId: $id, body: $body) { id } }
"""
OUTSIDE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


class Page(HTMLParser):
    """The parts of a page these tests read: tags with their attributes, and the text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for t, attrs in self.tags if t == tag]

    def addresses(self) -> list[str]:
        return [
            attrs[name]
            for _, attrs in self.tags
            for name in ("src", "href", "action", "formaction", "srcset", "data", "poster")
            if name in attrs
        ]

    def value(self, name: str) -> str:
        return next(a["value"] for a in self.all("input") if a.get("name") == name)


def _own(addresses: list[str]) -> list[str]:
    """The addresses that point outside the server (inline `data:` is the page's own)."""
    return [a for a in addresses if OUTSIDE.match(a.strip()) and not a.startswith("data:")]


def _css_addresses(css: str) -> list[str]:
    return re.findall(r"url\(\s*['\"]?([^'\")]+)", css) + re.findall(
        r"@import\s+['\"]([^'\"]+)", css
    )


@pytest.fixture
async def site(world: World) -> AsyncIterator[httpx.AsyncClient]:
    async with _site(world.settings, "192.0.2.10") as http:
        yield http


def _site(settings: Settings, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(settings), client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://office.local")


async def _submit_form(http: httpx.AsyncClient, **fields: str) -> httpx.Response:
    return await http.post("/report", data={"content": "镇干部违规收受礼金", **fields})


async def _assets_of(http: httpx.AsyncClient, page: Page) -> list[str]:
    """Every address the page and its style sheets name, style sheets fetched from the server."""
    found = page.addresses()
    for link in page.all("link"):
        css = await http.get(link["href"])
        assert css.status_code == 200, link
        found += _css_addresses(css.text)
    return found


async def test_the_report_page_and_its_style_reference_no_outside_address(
    site: httpx.AsyncClient,
) -> None:
    for path in ("/report", "/report/status"):
        response = await site.get(path)
        assert response.status_code == 200
        page = Page(response.text)
        addresses = await _assets_of(site, page)
        assert addresses and _own(addresses) == [], path
        for script in page.all("script"):
            assert (await site.get(script["src"])).status_code == 200


async def test_graphiql_is_served_from_the_servers_own_files(site: httpx.AsyncClient) -> None:
    response = await site.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    page = Page(response.text)
    addresses = await _assets_of(site, page)
    assert _own(addresses) == []
    scripts = [s["src"] for s in page.all("script")]
    assert "/static/graphiql/graphiql.min.js" in scripts
    for src in scripts:
        script = await site.get(src)
        assert script.status_code == 200 and len(script.content) > 0
        assert "sourceMappingURL" not in script.text  # nothing a browser would fetch besides
    assert "default-src 'self'" in response.headers["content-security-policy"]


async def test_every_field_has_a_label_and_every_form_posts(site: httpx.AsyncClient) -> None:
    for path in ("/report", "/report/status"):
        page = Page((await site.get(path)).text)
        labelled = {a["for"] for a in page.all("label")}
        fields = [
            a
            for t, a in page.tags
            if t in ("input", "select", "textarea") and a.get("type") != "hidden"
        ]
        assert fields
        assert [f["id"] for f in fields if f.get("id") not in labelled] == []
        assert {f["method"] for f in page.all("form")} == {"post"}
        assert page.all("html")[0]["lang"] == "zh-CN"
        assert any(m.get("name") == "viewport" for m in page.all("meta"))


async def test_a_report_through_the_page_shows_its_receipt_once_without_a_cookie(
    site: httpx.AsyncClient,
) -> None:
    # When a visitor fills in the form
    response = await _submit_form(site, subject_unit="county-a.town-1", subject_post="镇长")
    # Then the receipt is shown with the warning to keep it, and nothing is kept in the browser
    assert response.status_code == 200
    page = Page(response.text)
    code = page.value("receipt")
    assert receipts.normalise(code) is not None
    assert "只在这里显示这一次" in response.text
    assert "set-cookie" not in response.headers
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    # and the way on to the status page is a POST form: the code never goes into a URL
    forms = page.all("form")
    assert [f["action"] for f in forms] == ["/report/status"]
    assert all(code not in a for a in page.addresses())


async def test_the_reporter_and_the_office_talk_through_the_status_page(
    site: httpx.AsyncClient, client: Client
) -> None:
    # Given a report made through the page
    code = Page((await _submit_form(site, content="page-dialogue-check")).text).value("receipt")
    # When the reporter looks it up, then adds something
    status = await site.post("/report/status", data={"receipt": code.lower()})
    assert status.status_code == 200 and "已收到" in status.text
    replied = await site.post("/report/status", data={"receipt": code, "body": "时间是三月五日"})
    assert "您的补充已发送" in replied.text and "时间是三月五日" in replied.text
    # and the office answers
    tipoff = await Tipoff.get(content="page-dialogue-check")
    await client.data(
        SEND,
        {"id": to_base64("Tipoff", tipoff.id), "body": "请提供相关凭证"},
        user="city.supervisor",
    )
    # Then the status page shows the office's message
    later = await site.post("/report/status", data={"receipt": code})
    assert "请提供相关凭证" in later.text and "办理单位" in later.text
    assert "set-cookie" not in later.headers


async def test_an_unknown_receipt_or_a_blank_report_is_answered_in_plain_words(
    site: httpx.AsyncClient,
) -> None:
    unknown = await site.post("/report/status", data={"receipt": "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"})
    assert unknown.status_code == 404 and "没有找到与这个查询码对应的举报" in unknown.text
    blank = await _submit_form(site, content="   ")
    assert blank.status_code == 400 and "请检查“举报内容”" in blank.text
    assert 'aria-invalid="true"' in blank.text
    code = Page((await _submit_form(site)).text).value("receipt")
    empty_reply = await site.post("/report/status", data={"receipt": code, "body": " "})
    assert empty_reply.status_code == 400 and "请检查“补充内容”" in empty_reply.text
    assert "已收到" in empty_reply.text  # the status is still shown beside the message


async def test_too_many_reports_from_one_address_get_a_plain_message_with_retry_after(
    world: World,
) -> None:
    settings = make_settings(
        world.settings.database_url,
        CADRE_REPORTER_KEY=world.settings.reporter_key,
        CADRE_RECEIPT_KEY="page-limit-" + secrets.token_hex(20),
        CADRE_SUBMISSIONS_PER_HOUR=1,
    )
    async with _site(settings, "192.0.2.20") as http:
        assert (await _submit_form(http)).status_code == 200
        second = await _submit_form(http, content="我写的内容还在")
    assert second.status_code == 429
    assert "提交过于频繁" in second.text and "约 60 分钟" in second.text
    assert int(second.headers["retry-after"]) > 3000
    assert "我写的内容还在" in second.text  # nothing typed is lost


async def test_under_a_flood_the_page_asks_its_script_for_a_proof_and_the_report_goes_through(
    world: World,
) -> None:
    settings = make_settings(
        world.settings.database_url,
        CADRE_REPORTER_KEY=world.settings.reporter_key,
        CADRE_RECEIPT_KEY="page-flood-" + secrets.token_hex(20),
        CADRE_SUBMISSIONS_PER_HOUR=1,
        CADRE_PUBLIC_FLOOD_FACTOR=2,
        CADRE_PROOF_OF_WORK_BITS=8,
    )
    for n in range(2):  # Given all clients together have used the hour's submissions
        async with _site(settings, f"127.0.9.{n + 1}") as http:
            assert (await _submit_form(http)).status_code == 200
    async with _site(settings, "127.0.9.50") as http:
        # Then the form comes with a challenge for the page's script to solve in the background
        form = Page((await http.get("/report")).text)
        assert form.value("pow_challenge").startswith("v1.")
        # and a submission without the proof comes back with the text kept and the proof asked for
        refused = await _submit_form(http, content="诚实的举报")
        assert refused.status_code == 429 and "data-autosubmit" in refused.text
        assert "诚实的举报" in refused.text
        challenge = Page(refused.text).value("pow_challenge")
        # When the script has solved it, the report goes through
        nonce = proof_of_work.solve(challenge, 8)
        accepted = await _submit_form(
            http, content="诚实的举报", pow_challenge=challenge, pow_nonce=nonce
        )
    assert accepted.status_code == 200 and "您的查询码" in accepted.text


@pytest.mark.parametrize(("host", "port"), [("127.0.0.1", 8123), ("0.0.0.0", 9001)])
def test_the_serve_banner_names_the_real_port(world: World, host: str, port: int) -> None:
    banner = serve_banner(host, port, world.settings)
    assert f":{port}/graphql" in banner and f":{port}/report" in banner
    assert ":8000" not in banner
