"""The arithmetic of a decision meeting (S5, J5) as pure functions: no database, no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Ballot(StrEnum):
    AGREE = "AGREE"
    DISAGREE = "DISAGREE"
    DEFER = "DEFER"


def quorum(roll: int) -> int:
    """S5: at least two thirds of all members (the roll) must be present: ⌈2/3 × roll⌉."""
    if roll < 1:
        raise ValueError("a committee has at least one member")
    return -(-2 * roll // 3)


def agree_needed(roll: int) -> int:
    """S5: agree votes from more than half of all members (not of those present): ⌊roll/2⌋ + 1."""
    if roll < 1:
        raise ValueError("a committee has at least one member")
    return roll // 2 + 1


@dataclass(frozen=True, slots=True)
class Outcome:
    """S5 for one candidate: the meeting may vote (`has_quorum`), and whether the vote passed."""

    roll: int
    present: int
    agree: int
    quorum: int
    agree_needed: int

    @property
    def has_quorum(self) -> bool:
        return self.present >= self.quorum

    @property
    def passed(self) -> bool:
        return self.has_quorum and self.agree >= self.agree_needed


def decide(roll: int, present: int, agree: int) -> Outcome:
    """S5: with `roll` members, `present` of them at the meeting and `agree` agree votes, does the
    appointment pass? No quorum means no vote: it does not pass. 9/6/5 passes, 9/6/4 fails, 9/5/5
    has no quorum."""
    if not 0 <= present <= roll:
        raise ValueError("present must lie between 0 and the roll")
    if not 0 <= agree <= present:
        raise ValueError("agree votes must lie between 0 and the members present")
    return Outcome(roll, present, agree, quorum(roll), agree_needed(roll))


@dataclass(frozen=True, slots=True)
class Tally:
    candidate: str
    agree: int
    disagree: int
    defer: int
    passed: bool


def tally(
    roll: int,
    present: Iterable[str],
    candidates: Iterable[str],
    votes: Mapping[tuple[str, str], Ballot],
) -> list[Tally]:
    """S5, J5: count `votes[(member, candidate)]` per candidate. Every present member votes on
    every candidate except themself (a member who is the candidate does not vote on it, and still
    counts in the roll); the caller has checked that the votes are exactly those."""
    present_set = set(present)
    results = []
    for candidate in candidates:
        counts = dict.fromkeys(Ballot, 0)
        for (member, about), ballot in votes.items():
            if about == candidate and member in present_set and member != candidate:
                counts[ballot] += 1
        outcome = decide(roll, len(present_set), counts[Ballot.AGREE])
        results.append(
            Tally(
                candidate,
                counts[Ballot.AGREE],
                counts[Ballot.DISAGREE],
                counts[Ballot.DEFER],
                outcome.passed,
            )
        )
    return results
