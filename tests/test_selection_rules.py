"""The arithmetic of S5 and the reasons of S2 as pure functions: the tables of DOMAIN.md and
the issue, every small roll, and random meetings against a direct restatement of the rules."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.candidate_rule import reasons_needed
from rules.decision_rule import Ballot, agree_needed, decide, quorum, tally


@pytest.mark.parametrize(
    ("roll", "present", "agree", "outcome"),
    [
        (9, 6, 5, "passes"),
        (9, 6, 4, "fails"),
        (9, 5, 5, "no quorum"),
        (7, 5, 4, "passes"),
        (10, 7, 5, "fails"),
        (3, 2, 2, "passes"),
        (12, 8, 7, "passes"),
        (12, 7, 7, "no quorum"),
    ],
)
def test_s5_table(roll: int, present: int, agree: int, outcome: str) -> None:
    result = decide(roll, present, agree)
    seen = "no quorum" if not result.has_quorum else "passes" if result.passed else "fails"
    assert seen == outcome


def _restated(roll: int, present: int, agree: int) -> tuple[bool, bool]:
    """S5 as DOMAIN.md words it: two thirds of all members present; more than half of all
    members agree."""
    has_quorum = Fraction(present) >= Fraction(2, 3) * roll
    return has_quorum, has_quorum and Fraction(agree) > Fraction(roll, 2)


def test_s5_on_every_meeting_of_a_roll_up_to_15() -> None:
    for roll in range(1, 16):
        for present in range(roll + 1):
            for agree in range(present + 1):
                result = decide(roll, present, agree)
                assert (result.has_quorum, result.passed) == _restated(roll, present, agree)


def test_the_thresholds_are_two_thirds_rounded_up_and_more_than_half_of_all() -> None:
    assert [quorum(n) for n in (1, 2, 3, 7, 9, 10, 12)] == [1, 2, 2, 5, 6, 7, 8]
    assert [agree_needed(n) for n in (1, 2, 3, 7, 9, 10, 12)] == [1, 2, 2, 4, 5, 6, 7]


def test_impossible_meetings_are_refused() -> None:
    for roll, present, agree in ((0, 0, 0), (5, 6, 1), (5, 3, 4), (5, -1, 0)):
        with pytest.raises(ValueError):
            decide(roll, present, agree)


@st.composite
def meetings(draw: st.DrawFn) -> tuple[int, list[str], list[str], dict[tuple[str, str], Ballot]]:
    roll = draw(st.integers(1, 25))
    members = [f"M{i}" for i in range(roll)]
    present = draw(st.lists(st.sampled_from(members), unique=True))
    candidates = draw(st.lists(st.sampled_from([*members[:3], "X", "Y"]), min_size=1, unique=True))
    votes = {
        (m, c): draw(st.sampled_from(list(Ballot))) for c in candidates for m in present if m != c
    }
    return roll, present, candidates, votes


@given(meetings())
def test_random_meetings_agree_with_the_rule_restated(
    meeting: tuple[int, list[str], list[str], dict[tuple[str, str], Ballot]],
) -> None:
    roll, present, candidates, votes = meeting
    for result in tally(roll, present, candidates, votes):
        agree = sum(1 for (m, c), b in votes.items() if c == result.candidate and b == Ballot.AGREE)
        _, passes = _restated(roll, len(present), agree)
        assert result.agree == agree
        assert result.agree + result.disagree + result.defer == len(
            [m for m in present if m != result.candidate]
        )  # J5: a candidate on the roll does not vote on themself
        assert result.passed == passes


# S2 ---------------------------------------------------------------------------------------------


def _needs_reason_restated(votes: dict[str, int], chosen: set[str], nominee: str) -> bool:
    """CONTRACT.md's wording, per nominee: its group's share of the top k is k minus the number
    with more votes, clamped to 0…group size; fewer chosen than the share → its unchosen need
    reasons; more → its chosen."""
    k = len(chosen)
    group = [n for n, v in votes.items() if v == votes[nominee]]
    more = len([n for n, v in votes.items() if v > votes[nominee]])
    share = max(0, min(len(group), k - more))
    taken = len([n for n in group if n in chosen])
    return (nominee not in chosen and taken < share) or (nominee in chosen and taken > share)


def _by_votes(votes: dict[str, int], chosen: set[str]) -> bool:
    """A choice the votes explain: nobody left out has more votes than somebody chosen."""
    return all(votes[out] <= votes[c] for c in chosen for out in votes if out not in chosen)


@pytest.mark.parametrize(
    ("votes", "chosen", "needing"),
    [
        ({"A": 30, "B": 20, "C": 10}, {"A"}, []),
        ({"A": 30, "B": 20, "C": 10}, {"B"}, ["A", "B"]),
        ({"A": 30, "B": 20, "C": 10}, {"A", "C"}, ["B", "C"]),
        # a tie at the boundary: either of B and C may fill the one place left
        ({"A": 30, "B": 20, "C": 20, "D": 5}, {"A", "B"}, []),
        ({"A": 30, "B": 20, "C": 20, "D": 5}, {"A", "C"}, []),
        # both of the tied group chosen for one place: both need a reason, A left out needs one
        ({"A": 30, "B": 20, "C": 20, "D": 5}, {"B", "C"}, ["A", "B", "C"]),
        # B and C both belong in the top three: C left out needs a reason, as does D chosen below
        ({"A": 30, "B": 20, "C": 20, "D": 5}, {"A", "B", "D"}, ["C", "D"]),
        # everyone tied, any two of four
        ({"A": 9, "B": 9, "C": 9, "D": 9}, {"C", "D"}, []),
    ],
)
def test_s2_reasons_with_ties(votes: dict[str, int], chosen: set[str], needing: list[str]) -> None:
    assert sorted(reasons_needed(votes, chosen)) == needing


def test_s2_on_every_choice_among_five_nominees() -> None:
    for pattern in (
        (5, 4, 3, 2, 1),
        (5, 5, 3, 3, 1),
        (4, 4, 4, 2, 2),
        (1, 1, 1, 1, 1),
        (0, 0, 3, 3, 9),
    ):
        votes = dict(zip("ABCDE", pattern, strict=True))
        for k in range(1, 6):
            for chosen in map(set, combinations(votes, k)):
                needing = set(reasons_needed(votes, chosen))
                assert needing == {n for n in votes if _needs_reason_restated(votes, chosen, n)}
                assert (not needing) == _by_votes(votes, chosen)


@given(
    st.dictionaries(st.sampled_from("ABCDEFGHIJ"), st.integers(0, 6), min_size=1),
    st.data(),
)
def test_s2_random_choices_agree_with_the_rule_restated(
    votes: dict[str, int], data: st.DataObject
) -> None:
    chosen = set(data.draw(st.lists(st.sampled_from(sorted(votes)), min_size=1, unique=True)))
    needing = set(reasons_needed(votes, chosen))
    assert needing == {n for n in votes if _needs_reason_restated(votes, chosen, n)}
    assert (not needing) == _by_votes(votes, chosen)
    for n in needing:  # each reason answers a real departure from the votes
        if n in chosen:
            assert any(votes[o] > votes[n] for o in votes if o not in chosen)
        else:
            assert any(votes[c] < votes[n] for c in chosen)
