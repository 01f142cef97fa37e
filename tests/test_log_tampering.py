"""J8: the access log proves itself. Entries are chained per writer under a key that is not in the
database (CADRE_LOG_KEY), so editing, re-hashing, inserting, reordering or truncating entries is
detected, truncation and removed chains against a signed checkpoint kept elsewhere."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator

import pytest
from tortoise.transactions import in_transaction

from api import access_log
from models import AccessLogEntry
from tests.conftest import World, count_statements

ACTOR = access_log.Actor(None, "tamper-test", "")


@pytest.fixture
async def chain(world: World) -> AsyncIterator[list[AccessLogEntry]]:
    """Five entries on a chain of their own (a fresh writer), removed again afterwards."""
    access_log.reset_cached_head()
    for i in range(5):
        await access_log.append(ACTOR, "t:entry", "t", [i])
    writer = f"{access_log._process().id}/r"
    entries = await AccessLogEntry.filter(writer=writer).order_by("seq")
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    yield entries
    await AccessLogEntry.filter(writer=writer).delete()
    access_log.reset_cached_head()
    assert (await access_log.verify()).ok


async def _problems() -> list[str]:
    return list((await access_log.verify()).problems)


async def test_an_untouched_log_verifies(chain: list[AccessLogEntry]) -> None:
    assert await _problems() == []


async def test_an_edited_entry_is_detected(chain: list[AccessLogEntry]) -> None:
    await AccessLogEntry.filter(id=chain[2].id).update(record_ids="cadre:1")
    assert any("edited or forged" in p for p in await _problems())


async def test_an_entry_rehashed_without_the_key_is_detected(chain: list[AccessLogEntry]) -> None:
    # Given an attacker who edits an entry and recomputes a hash, as the old unkeyed chain allowed
    victim = chain[2]
    victim.record_ids = "cadre:1"
    forged = hashlib.sha256(json.dumps([victim.record_ids, victim.prev_hash]).encode()).hexdigest()
    await AccessLogEntry.filter(id=victim.id).update(record_ids="cadre:1", hash=forged)
    await AccessLogEntry.filter(id=chain[3].id).update(prev_hash=forged)
    # Then both the forged entry and the one relinked to it fail their keyed hash
    problems = await _problems()
    assert sum("edited or forged" in p for p in problems) == 2


async def test_an_inserted_entry_is_detected(chain: list[AccessLogEntry]) -> None:
    # Given an entry squeezed in between #2 and #3 (numbers shifted, links made up)
    writer = chain[0].writer
    for entry in reversed(chain[2:]):
        await AccessLogEntry.filter(id=entry.id).update(seq=entry.seq + 1)
    await AccessLogEntry.create(
        at=chain[2].at,
        username="intruder",
        action="t:entry",
        resource="t",
        writer=writer,
        seq=3,
        prev_hash=chain[1].hash,
        hash="0" * 64,
    )
    problems = await _problems()
    assert any("edited or forged" in p for p in problems)
    assert any("does not link" in p for p in problems)


async def test_reordered_entries_are_detected(chain: list[AccessLogEntry]) -> None:
    await AccessLogEntry.filter(id=chain[1].id).update(seq=100)
    await AccessLogEntry.filter(id=chain[2].id).update(seq=2)
    await AccessLogEntry.filter(id=chain[1].id).update(seq=3)
    problems = await _problems()
    assert any("edited or forged" in p for p in problems)


async def test_an_entry_removed_from_the_middle_is_detected(chain: list[AccessLogEntry]) -> None:
    await AccessLogEntry.filter(id=chain[2].id).delete()
    assert any("#3…#3 before it are missing" in p for p in await _problems())


async def test_entries_removed_from_the_end_are_found_against_a_checkpoint(
    chain: list[AccessLogEntry],
) -> None:
    # Given a checkpoint kept outside the database
    kept = await access_log.checkpoint()
    # When the last entries of a chain are removed, the chains alone still look whole
    await AccessLogEntry.filter(writer=chain[0].writer, seq__gte=4).delete()
    assert await _problems() == []
    # Then the checkpoint shows the truncation
    result = await access_log.verify(kept)
    assert any("entries were removed from its end" in p for p in result.problems)


async def test_a_whole_chain_removed_is_found_against_a_checkpoint(
    chain: list[AccessLogEntry],
) -> None:
    kept = await access_log.checkpoint()
    await AccessLogEntry.filter(writer=chain[0].writer).delete()
    result = await access_log.verify(kept)
    assert any(f"chain {chain[0].writer}: missing" in p for p in result.problems)


async def test_an_edited_checkpoint_is_refused(chain: list[AccessLogEntry]) -> None:
    kept = await access_log.checkpoint()
    kept["heads"][chain[0].writer] = [2, chain[1].hash]  # pretend the chain was shorter
    result = await access_log.verify(kept)
    assert any("signature is wrong" in p for p in result.problems)


async def test_concurrent_reads_are_written_in_one_statement_each_withheld_until_durable(
    world: World,
) -> None:
    # Given 25 reads logged at once by one process
    access_log.reset_cached_head()
    with count_statements() as statements:
        written = await asyncio.gather(
            *(access_log.append(ACTOR, "t:race", "t", [i]) for i in range(25))
        )
    inserts = [s for s in statements if "INSERT" in s.upper()]
    # Then every caller got its entry back only after it was written, in at most a few batches
    assert 1 <= len(inserts) <= 2
    assert [e.seq for e in written] == list(range(1, 26))
    assert (await access_log.verify()).ok
    await AccessLogEntry.filter(writer=written[0].writer).delete()
    access_log.reset_cached_head()


async def test_a_decision_rolled_back_leaves_no_gap_in_its_chain(world: World) -> None:
    access_log.reset_cached_head()

    class Refused(Exception):
        pass

    with pytest.raises(Refused):
        async with in_transaction() as conn:
            await access_log.append(ACTOR, "t:rolled-back", "t", connection=conn)
            raise Refused
    for _ in range(access_log.TRANSACTION_LANES):  # every lane once more
        async with in_transaction() as conn:
            await access_log.append(ACTOR, "t:kept", "t", connection=conn)
    assert (await access_log.verify()).ok
    await AccessLogEntry.filter(username=ACTOR.username).delete()
    access_log.reset_cached_head()
