"""J8 across a change of CADRE_LOG_KEY: `rotate-log-key` retires the old key and seals its chains
under the new one, so that a leaked old key can neither rewrite history before the rotation nor
extend the log after it, and the old key is not needed to verify its chains any more.

Each test plays an "old server" (its own chains under a throw-away old key) and a "new server"
(the world's key) on the shared world, and leaves the log verifiable with the world's key alone."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import AsyncIterator
from contextlib import suppress

import pytest
from tortoise.transactions import in_transaction

from api import access_log
from models import AccessLogEntry
from tests.conftest import LOG_KEY, World

ACTOR = access_log.Actor(None, "rotation-test", "")


def _as_server(key: str, *retired: str) -> None:
    """This process from now on as a server (re)started with `key` (new chains of its own)."""
    access_log.configure(key, retired)
    access_log.reset_cached_head()


async def _writes(what: str) -> list[AccessLogEntry]:
    """Three reads (group commit) and a decision (inside its transaction), as a server logs."""
    written = [await access_log.append(ACTOR, what, "t", [i]) for i in range(3)]
    async with in_transaction() as conn:
        written.append(await access_log.append(ACTOR, what, "t", connection=conn))
    return written


async def _problems() -> list[str]:
    return list((await access_log.verify()).problems)


@pytest.fixture
async def old_key(world: World) -> AsyncIterator[str]:
    """A key an old server wrote under; afterwards everything it wrote is sealed and retired,
    and this process is back on the world's key."""
    old = f"old-log-key-{uuid.uuid4().hex}"
    _as_server(old)
    yield old
    _as_server(LOG_KEY, old)
    with suppress(access_log.RotationRefused):
        await access_log.rotate()
    _as_server(LOG_KEY)
    assert await _problems() == []


async def test_after_a_rotation_old_and_new_servers_entries_verify_without_the_old_key(
    old_key: str,
) -> None:
    # Given entries of a server under the old key, then of one restarted with the new key
    before = await _writes("t:before")
    _as_server(LOG_KEY, old_key)
    after = await _writes("t:after")
    assert {e.key_id for e in before} == {access_log.key_id(old_key)}
    assert {e.key_id for e in after} == {access_log.key_id(LOG_KEY)}
    assert await _problems() == []
    # When the old key is retired
    seal = await access_log.rotate()
    # Then the seal, signed under the new key, names every old chain's head and every chain
    assert seal["key"] == access_log.key_id(LOG_KEY)
    assert access_log.key_id(old_key) in seal["retired"]
    for entry in before:
        assert seal["sealed"][entry.writer][0] == access_log.key_id(old_key)
    assert {e.writer for e in after} <= set(seal["heads"])
    # and the log verifies, against the seal too, with the old key and after it is destroyed
    assert await _problems() == []
    assert (await access_log.verify(seal)).problems == ()
    _as_server(LOG_KEY)
    assert await _problems() == []
    assert (await access_log.verify(seal)).problems == ()


async def test_an_entry_rewritten_with_the_leaked_old_key_after_the_rotation_is_detected(
    old_key: str,
) -> None:
    # Given an old server's chain, sealed by a rotation
    before = await _writes("t:before")
    _as_server(LOG_KEY, old_key)
    await access_log.rotate()
    # When someone holding the leaked old key edits its second entry and re-MACs the rest
    chain = await AccessLogEntry.filter(writer=before[0].writer).order_by("seq")
    originals = [(e.id, e.record_ids, e.prev_hash, e.hash) for e in chain]
    _as_server(old_key)
    chain[1].record_ids = "cadre:1"
    for previous, entry in itertools.pairwise(chain):
        entry.prev_hash = previous.hash
        entry.hash = access_log.entry_mac(entry)
        await AccessLogEntry.filter(id=entry.id).update(
            record_ids=entry.record_ids, prev_hash=entry.prev_hash, hash=entry.hash
        )
    try:
        # Then every entry's MAC holds, yet the chain is not what the seal saw: with the old key
        # given, and without it
        for keys in [(LOG_KEY, old_key), (LOG_KEY,)]:
            _as_server(*keys)
            problems = await _problems()
            assert not any("edited or forged" in p for p in problems)
            assert any("is not the entry the rotation seal saw" in p for p in problems)
    finally:
        for id_, record_ids, prev_hash, hash_ in originals:
            await AccessLogEntry.filter(id=id_).update(
                record_ids=record_ids, prev_hash=prev_hash, hash=hash_
            )


async def test_a_server_still_running_with_the_retired_key_is_refused(old_key: str) -> None:
    # Given a server that writes under the old key while the rotation retires it
    await _writes("t:before")
    access_log.configure(LOG_KEY, [old_key])
    await access_log.rotate()
    access_log.configure(old_key)
    # When it logs a read, or a decision, afterwards
    # Then the database refuses the entry, and says why (the read's data is withheld: J8)
    with pytest.raises(access_log.RetiredKeyError, match="rotate-log-key"):
        await access_log.append(ACTOR, "t:late", "t")
    with pytest.raises(access_log.RetiredKeyError):
        async with in_transaction() as conn:
            await access_log.append(ACTOR, "t:late", "t", connection=conn)
    # and a server started with it stops at start-up
    with pytest.raises(access_log.RetiredKeyError):
        await access_log.refuse_retired_key()
    assert not await AccessLogEntry.filter(action="t:late").exists()
    _as_server(LOG_KEY)
    await access_log.refuse_retired_key()


async def test_entries_forged_with_the_retired_key_past_the_database_are_detected(
    old_key: str,
) -> None:
    # Given a rotation that sealed an old server's chain
    before = await _writes("t:before")
    _as_server(LOG_KEY, old_key)
    await access_log.rotate()
    head = await AccessLogEntry.filter(writer=before[0].writer).order_by("-seq").first()
    assert head is not None
    # When entries are forged with the leaked old key, without a key id (so no trigger refuses
    # them): one extending the sealed chain, and a chain begun after the rotation
    access_log.configure(old_key)
    extending = AccessLogEntry(
        at=head.at, username="forger", action="t:forged", resource="t", writer=head.writer,
        seq=head.seq + 1, prev_hash=head.hash,
    )  # fmt: skip
    extending.hash = access_log.entry_mac(extending)
    begun = AccessLogEntry(
        at=head.at, username="forger", action="t:forged", resource="t",
        writer=f"{uuid.uuid4().hex}/r", seq=1, prev_hash=access_log.genesis("x"),
    )  # fmt: skip
    begun.prev_hash = access_log.genesis(begun.writer)
    begun.hash = access_log.entry_mac(begun)
    await extending.save()
    await begun.save()
    try:
        # Then both are found, with the old key given and without it
        for keys in [(LOG_KEY, old_key), (LOG_KEY,)]:
            _as_server(*keys)
            problems = await _problems()
            assert any(f"#{head.seq + 1})" in p and "after the rotation" in p for p in problems)
            if len(keys) == 2:
                assert any(f"chain {begun.writer}: begun under key" in p for p in problems)
            else:
                assert any(begun.writer in p and "cannot be verified" in p for p in problems)
    finally:
        await AccessLogEntry.filter(action="t:forged").delete()


async def test_a_missing_or_wrong_retired_key_is_a_clear_refusal(old_key: str) -> None:
    # Given entries under the old key and a server restarted with the new one
    await _writes("t:before")
    # When the rotation is run without the old key, or with a wrong one
    _as_server(LOG_KEY)
    with pytest.raises(access_log.RotationRefused, match="CADRE_LOG_KEYS_RETIRED to the key"):
        await access_log.rotate()
    wrong = f"wrong-log-key-{uuid.uuid4().hex}"
    _as_server(LOG_KEY, wrong)
    with pytest.raises(access_log.RotationRefused, match="a wrong key") as refused:
        await access_log.rotate()
    # Then nothing was retired, and what cannot be verified is named by its key id
    assert not refused.value.broken
    assert any(
        access_log.key_id(old_key) in p and "give that key" in p for p in refused.value.problems
    )
    _as_server(LOG_KEY, old_key)
    verification = await access_log.verify()
    assert verification.ok
    assert any("not retired yet" in note for note in verification.notes)


async def test_the_seal_kept_outside_finds_its_entry_removed_from_the_log(old_key: str) -> None:
    # Given a rotation whose seal was kept outside the database
    await _writes("t:before")
    _as_server(LOG_KEY, old_key)
    seal = await access_log.rotate()
    entry = await AccessLogEntry.filter(action=access_log.SEAL_ACTION).order_by("-id").first()
    assert entry is not None
    # When its entry is removed from the log
    await AccessLogEntry.filter(id=entry.id).delete()
    try:
        # Then verifying against the kept seal says so
        problems = (await access_log.verify(seal)).problems
        assert any("rotation seal given is not in the log" in p for p in problems)
    finally:
        await entry.save(force_create=True)


async def test_a_rotation_first_checks_the_log_against_the_last_checkpoint_kept(
    old_key: str,
) -> None:
    # Given a checkpoint kept under the old key, and afterwards a decision's entry removed
    written = await _writes("t:before")
    kept = await access_log.checkpoint()
    removed = written[-1]
    await AccessLogEntry.filter(id=removed.id).delete()
    try:
        # When the old key is to be retired with that checkpoint
        _as_server(LOG_KEY, old_key)
        with pytest.raises(access_log.RotationRefused, match="does not verify") as refused:
            await access_log.rotate(kept)
        # Then nothing is sealed: the removal is named
        assert refused.value.broken
        assert any(f"chain {removed.writer}: missing" in p for p in refused.value.problems)
    finally:
        await removed.save(force_create=True)


async def test_entries_from_before_key_ids_verify_under_the_key_of_their_first_link(
    old_key: str,
) -> None:
    # Given an old server's entries as written before migration 0016 (no key id)
    before = await _writes("t:before")
    await AccessLogEntry.filter(id__in=[e.id for e in before]).update(key_id="")
    # When verified with the old key retired but given, then sealed and verified without it
    _as_server(LOG_KEY, old_key)
    assert await _problems() == []
    seal = await access_log.rotate()
    _as_server(LOG_KEY)
    # Then their chains were found under the old key, and verify after it is gone
    assert {seal["sealed"][e.writer][0] for e in before} == {access_log.key_id(old_key)}
    assert await _problems() == []
