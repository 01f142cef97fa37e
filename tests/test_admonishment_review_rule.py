"""D4: an admonishment reviewed at its deadline. No clear improvement, or new problems, leads to
demotion or removal; only a clear improvement with no new problems lifts it. Every case of the
table, and the reason given for each refusal."""

from __future__ import annotations

import itertools

import pytest

from models import ReviewProposal
from rules.admonishment_review import proposals_allowed, why_refused

LIFTED, DEMOTION, REMOVAL = ReviewProposal.LIFTED, ReviewProposal.DEMOTION, ReviewProposal.REMOVAL

# improved, new problems -> what the review may propose
TABLE = {
    (True, False): {LIFTED},
    (True, True): {DEMOTION, REMOVAL},
    (False, False): {DEMOTION, REMOVAL},
    (False, True): {DEMOTION, REMOVAL},
}


@pytest.mark.parametrize(
    ("improved", "new_problems", "proposal"),
    list(itertools.product((True, False), (True, False), ReviewProposal)),
)
def test_a_review_proposes_exactly_what_its_findings_allow(
    improved: bool, new_problems: bool, proposal: ReviewProposal
) -> None:
    allowed = proposal in TABLE[(improved, new_problems)]
    assert (proposal in proposals_allowed(improved, new_problems)) is allowed
    assert (why_refused(improved, new_problems, proposal) is None) is allowed


def test_lifting_without_a_clear_improvement_says_demotion_or_removal_is_due() -> None:
    reason = why_refused(False, False, LIFTED)
    assert reason is not None and "no clear improvement" in reason
    reason = why_refused(True, True, LIFTED)
    assert reason is not None and "new problems" in reason


def test_demoting_a_cadre_who_improved_without_new_problems_is_refused() -> None:
    reason = why_refused(True, False, DEMOTION)
    assert reason is not None and "lifts" in reason
