"""`cadre-api remind`: per jurisdiction what is overdue and what falls due in the next N working
days, the same deadlines the `deadlines` list shows; once a day."""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from api.reminders import remind
from models import AccessLogEntry, ReminderDigest
from rules.calendar import office_today
from tests.conftest import Client, World
from tests.test_cli import cli

DEADLINES = """
query($filter: DeadlineFilter, $after: String) {
  deadlines(filter: $filter, first: 100, after: $after) {
    edges { node { kind summary dueOn cadre { code } record { id } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


@pytest.fixture
async def fresh_day(world: World) -> AsyncIterator[None]:
    """No digest for today before or after the test (the shared world keeps none)."""
    await ReminderDigest.filter(day=office_today()).delete()
    yield
    await ReminderDigest.filter(day=office_today()).delete()


async def listed(client: Client, user: str, filter: dict[str, Any]) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    after = None
    while True:
        data = await client.data(DEADLINES, {"filter": filter, "after": after}, user=user)
        for edge in data["deadlines"]["edges"]:
            n = edge["node"]
            cadre = n["cadre"]["code"] if n["cadre"] else None
            record = n["record"]["id"] if n["record"] else None
            found.append((n["kind"], n["summary"], n["dueOn"], cadre, record))
        if not data["deadlines"]["pageInfo"]["hasNextPage"]:
            return found
        after = data["deadlines"]["pageInfo"]["endCursor"]


def items(entries: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(i["kind"], i["summary"], i["dueOn"], i["cadre"], i["record"]) for i in entries]


async def test_each_jurisdiction_gets_its_own_overdue_and_soon_due_work(
    client: Client, fresh_day: None
) -> None:
    digest, made = await remind(5)
    assert made
    by_unit = {e["unit"]: e for e in digest["jurisdictions"]}
    assert set(by_unit) == {"city", "county-a", "county-b", "dept-finance", "soe-energy"}
    horizon = datetime.date.fromisoformat(digest["horizon"])
    for code in ("county-a", "county-b"):
        entry = by_unit[code]
        kinds = {i["kind"] for i in entry["overdue"]}
        assert {"ADMONISHMENT_REVIEW", "INQUIRY_REPLY"} <= kinds  # the demo's overdue work
        user = f"{code}.supervisor"
        overdue = await listed(client, user, {"unitCode": code, "overdue": True})
        assert items(entry["overdue"]) == overdue
        soon = await listed(
            client,
            user,
            {
                "unitCode": code,
                "overdue": False,
                "dueBefore": (horizon + datetime.timedelta(days=1)).isoformat(),
            },
        )
        assert items(entry["dueSoon"]) == soon
        assert all(
            office_today().isoformat() <= i["dueOn"] <= digest["horizon"] for i in entry["dueSoon"]
        )


async def test_a_second_run_the_same_day_sends_and_logs_nothing_again(
    client: Client, fresh_day: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="cadre_api.remind"):
        first, made = await remind(5)
    assert made and any("reminder" in r.getMessage() for r in caplog.records)
    entry = await AccessLogEntry.all().order_by("-id").first()
    assert entry is not None and (entry.username, entry.action) == ("system:remind", "remind")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="cadre_api.remind"):
        again, made_again = await remind(5)
    assert not made_again and again == first
    assert not caplog.records
    latest = await AccessLogEntry.all().order_by("-id").first()
    assert latest is not None and latest.id == entry.id


def test_the_command_prints_the_digest_as_json_once_a_day(tmp_path: Path) -> None:
    assert cli(tmp_path, "migrate").returncode == 0
    assert cli(tmp_path, "seed", "demo").returncode == 0
    first = cli(tmp_path, "remind", "--days", "3")
    assert first.returncode == 0, first.stderr
    digest = json.loads(first.stdout)
    assert digest["workingDays"] == 3 and len(digest["jurisdictions"]) == 5
    assert "reminder" in first.stderr  # the digest in the log
    second = cli(tmp_path, "remind", "--days", "3")
    assert second.returncode == 0 and json.loads(second.stdout) == digest
    assert "nothing sent again" in second.stderr and "reminder " not in second.stderr
