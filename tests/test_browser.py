"""In a real browser (Debian's Chromium driven by Playwright): the reporting page from submission to
the office's answer, the proof of work solved by the page's own script under a flood, and GraphiQL,
each with every request to an outside address cut off and recorded.

The server runs as its own process (`cadre-api serve`) over the test database. Screenshots at phone
and desktop width go to `$CADRE_SCREENSHOTS` when set (outside the repository), else to pytest's
temporary folder. Without Chromium the tests are skipped on a laptop and fail in CI.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from strawberry.relay import to_base64

from models import Tipoff
from rules import receipts
from tests.conftest import World, make_settings
from tests.live_server import live_server

CHROMIUM = os.environ.get("CADRE_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SEND = """
mutation($id: ID!, $body: String!) { sendTipoffMessage(tipoffId: $id, body: $body) { id } }
"""

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(f"Chromium is required in CI ({CHROMIUM}): apt-get install chromium")
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)

from playwright.async_api import Browser, Page, Request, async_playwright  # noqa: E402


@asynccontextmanager
async def _browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=FLAGS
        )
        try:
            yield browser
        finally:
            await browser.close()


class Network:
    """Every request the page makes; any to another address than the server is cut off."""

    def __init__(self, base: str) -> None:
        self.origin = urlsplit(base).netloc
        self.urls: list[str] = []
        self.outside: list[str] = []

    async def attach(self, page: Page) -> None:
        async def route(route: Any) -> None:
            url = route.request.url
            if urlsplit(url).netloc == self.origin or url.startswith("data:"):
                await route.continue_()
            else:
                self.outside.append(url)
                await route.abort()

        def seen(request: Request) -> None:
            self.urls.append(request.url)

        await page.route("**/*", route)
        page.on("request", seen)


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CADRE_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def _both_widths(page: Page, folder: Path, name: str) -> None:
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        await page.set_viewport_size(size)
        await page.screenshot(path=folder / f"{name}-{label}.png", full_page=True)
    await page.set_viewport_size(PHONE)


async def test_a_reporter_submits_keeps_the_receipt_follows_up_and_reads_the_offices_answer(
    world: World, tmp_path: Path
) -> None:
    shots = _shots(tmp_path)
    content = f"浏览器测试：某镇干部违规发放补贴 {secrets.token_hex(4)}"
    with live_server(world.settings, tmp_path) as base:
        async with _browser() as browser:
            context = await browser.new_context(viewport=PHONE, locale="zh-CN")
            page = await context.new_page()
            network = Network(base)
            await network.attach(page)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))

            # The form, filled in by its labels
            await page.goto(f"{base}/report")
            await _both_widths(page, shots, base.rsplit(":", 1)[1] + "-1-form")
            await page.get_by_label("职务").fill("镇党委书记")
            await page.get_by_label("所在单位", exact=True).select_option("county-a.town-1")
            await page.get_by_label("举报内容").fill(content)
            await page.get_by_role("button", name="提交举报").click()

            # The receipt, shown once with its warning
            code_text = page.locator("#receipt-code")
            await code_text.wait_for()
            code = (await code_text.inner_text()).strip()
            assert receipts.normalise(code) is not None
            assert await page.get_by_role("alert").count() == 1
            assert "只在这里显示这一次" in await page.get_by_role("alert").inner_text()
            await page.get_by_role("button", name="复制查询码").wait_for()  # shown by the script
            await _both_widths(page, shots, base.rsplit(":", 1)[1] + "-2-receipt")

            # On to the status page, then a reply sent with the keyboard alone
            await page.get_by_role("button", name="我已保存，查看进度").click()
            await page.get_by_text("已收到").first.wait_for()
            await page.get_by_label("内容").focus()
            await page.keyboard.type("补充：发放时间为三月五日")
            await page.keyboard.press("Tab")
            await page.keyboard.press("Enter")
            await page.get_by_text("您的补充已发送给办理单位").wait_for()

            # The office answers (staff, through the API)
            tipoff = await Tipoff.get(content=content)
            token = world.token("county-a.supervisor")
            async with httpx.AsyncClient(base_url=base) as api:
                answer = await api.post(
                    "/graphql",
                    json={
                        "query": SEND,
                        "variables": {"id": to_base64("Tipoff", tipoff.id), "body": "请提供凭证"},
                    },
                    headers={"Authorization": f"Bearer {token}"},
                )
            assert "errors" not in answer.json(), answer.json()

            # The reporter looks again, typing the code into the lookup form
            await page.get_by_role("link", name="查询进度").click()
            await page.get_by_label("查询码").fill(code.lower())
            await page.get_by_label("查询码").press("Enter")
            await page.get_by_text("请提供凭证").wait_for()
            assert await page.get_by_text("办理单位 ·").count() == 1
            await _both_widths(page, shots, base.rsplit(":", 1)[1] + "-3-status")

            assert await context.cookies() == []
            await context.close()
    assert network.outside == []
    assert errors == []
    normal = receipts.normalise(code)
    assert normal and not any(normal in u.replace("-", "").upper() for u in network.urls)


async def test_under_a_flood_the_pages_own_script_solves_the_proof_of_work(
    world: World, tmp_path: Path
) -> None:
    settings = make_settings(
        world.settings.database_url,
        CADRE_REPORTER_KEY=world.settings.reporter_key,
        CADRE_RECEIPT_KEY="browser-flood-" + secrets.token_hex(20),
        CADRE_SUBMISSIONS_PER_HOUR=1,
        CADRE_PUBLIC_FLOOD_FACTOR=3,
    )
    assert settings.proof_of_work_bits == 17  # the real difficulty
    with live_server(settings, tmp_path) as base:
        # Given a flood from several loopback addresses
        for n in range(4):
            transport = httpx.AsyncHTTPTransport(local_address=f"127.0.8.{n + 1}")
            async with httpx.AsyncClient(transport=transport, base_url=base) as flood:
                await flood.post("/report", data={"content": f"flood {n}"})
        async with _browser() as browser:
            context = await browser.new_context(viewport=PHONE, locale="zh-CN")
            page = await context.new_page()
            network = Network(base)
            await network.attach(page)
            # When an honest reporter opens the page, its script starts on the challenge
            await page.goto(f"{base}/report")
            assert await page.locator("input[name=pow_challenge]").count() == 1
            await page.get_by_label("举报内容").fill("洪水中的诚实举报")
            started = time.monotonic()
            await page.get_by_role("button", name="提交举报").click()
            # Then the report goes through once the proof is found
            await page.locator("#receipt-code").wait_for(timeout=120_000)
            took = time.monotonic() - started
            await context.close()
    assert network.outside == []
    assert await Tipoff.filter(content="洪水中的诚实举报").count() == 1
    print(f"proof of work (17 bits) solved and submitted in {took:.1f} s")


async def test_graphiql_works_with_the_network_cut_and_sends_the_token(
    world: World, tmp_path: Path
) -> None:
    shots = _shots(tmp_path)
    with live_server(world.settings, tmp_path) as base:
        async with _browser() as browser:
            context = await browser.new_context(viewport=DESKTOP)
            page = await context.new_page()
            network = Network(base)
            await network.attach(page)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            await page.goto(f"{base}/graphql")
            await page.locator(".graphiql-container").wait_for()
            # The header editor opens with the hint for the token
            headers = page.locator(".graphiql-editor-tool .CodeMirror").last
            await headers.wait_for()
            assert "cadre-api token" in await headers.inner_text()
            # With a real token in it, the query runs as that user
            token = world.token("county-a.supervisor")
            await page.evaluate(
                """([selector, value]) => {
                    const all = document.querySelectorAll(selector);
                    all[all.length - 1].CodeMirror.setValue(value);
                }""",
                [".graphiql-editor-tool .CodeMirror", f'{{"Authorization": "Bearer {token}"}}'],
            )
            await page.locator(".graphiql-execute-button").click()
            result = page.locator(".result-window")
            await result.get_by_text("county-a.supervisor").wait_for()
            await page.screenshot(path=shots / "graphiql-desktop.png")
            await context.close()
    assert network.outside == []
    assert [e for e in errors if "401" not in e] == []
