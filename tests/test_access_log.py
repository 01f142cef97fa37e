"""J8: every read of protected data and every decision is attributable, in a chain that shows
any edit or deletion."""

from __future__ import annotations

import asyncio

from tortoise.transactions import in_transaction

from api import access_log
from models import AccessLogEntry, Cadre
from tests.conftest import Client, World
from tests.queries import CADRE_BY_CODE


async def _latest() -> AccessLogEntry:
    entry = await AccessLogEntry.all().order_by("-id").first()
    assert entry is not None
    return entry


async def test_reading_a_cadre_records_who_under_which_role_and_which_record(
    client: Client,
) -> None:
    await client.data(CADRE_BY_CODE, {"code": "C-0101"}, user="county-a.supervisor")
    entry = await _latest()
    cadre = await Cadre.get(code="C-0101")
    assert (entry.username, entry.roles, entry.action) == (
        "county-a.supervisor",
        "supervisor@county-a",
        "cadre:read",
    )
    assert entry.record_ids == f"cadre:{cadre.id}"


async def test_a_list_read_records_every_cadre_shown(client: Client) -> None:
    data = await client.data(
        "{ cadres(first: 7) { edges { node { code } } } }", user="finance.supervisor"
    )
    shown = [e["node"]["code"] for e in data["cadres"]["edges"]]
    entry = await _latest()
    kind, _, listed = entry.record_ids.partition(":")
    assert kind == "cadre"
    ids = [int(i) for i in listed.split(",")]
    codes = {c.id: c.code for c in await Cadre.filter(id__in=ids)}
    assert [codes[i] for i in ids] == shown


async def test_a_read_that_shows_nothing_protected_writes_nothing(client: Client) -> None:
    before = await _latest()
    await client.data(CADRE_BY_CODE, {"code": "C-0001"}, user="county-b.supervisor")  # null
    assert (await _latest()).id == before.id


async def test_role_changes_are_recorded_as_decisions(client: Client) -> None:
    await client.data(
        'mutation { createUser(input: {username: "logged-user"}) { username } }', user="admin"
    )
    entry = await _latest()
    assert (entry.username, entry.action, entry.roles) == ("admin", "user:create", "admin@city")


async def test_one_operation_reading_several_kinds_writes_one_entry(client: Client) -> None:
    before = await _latest()
    await client.data(
        "{ tipoffs(first: 3) { edges { node { id subject { cadre { code } } } } } }",
        user="county-b.supervisor",
    )
    entries = await AccessLogEntry.filter(id__gt=before.id)
    assert len(entries) == 1
    assert entries[0].action == "tipoff:read+cadre:read"
    assert [part.split(":")[0] for part in entries[0].record_ids.split(";")] == ["tipoff", "cadre"]


async def test_a_decision_writing_two_entries_never_deadlocks_with_concurrent_readers(
    world: World,
) -> None:
    # Given a transaction that logs twice, while this process keeps logging reads meanwhile
    actor = access_log.Actor(None, "test", "")

    async def decision() -> None:
        async with in_transaction() as conn:
            await access_log.append(actor, "t:first", "t", connection=conn)
            await asyncio.sleep(0.05)
            await access_log.append(actor, "t:second", "t", connection=conn)

    async def reads() -> None:
        for i in range(5):
            await access_log.append(actor, "t:read", "t", [i])
            await asyncio.sleep(0.01)

    # When both run, then both finish, and the chain is whole
    await asyncio.wait_for(asyncio.gather(decision(), reads()), timeout=20)
    assert (await access_log.verify()).ok


async def test_a_refused_decision_is_recorded_with_who_and_the_rule(client: Client) -> None:
    from tests.tipoff_support import REVEAL, registered

    tipoff = await registered(client)
    body = await client.post(REVEAL, {"id": tipoff["id"], "reason": "好奇"}, user="city.supervisor")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    entry = await _latest()
    assert (entry.username, entry.action) == ("city.supervisor", "refused")
    assert "revealTipoffReporter" in entry.detail and "FORBIDDEN" in entry.detail
