"""D4: an admonishment is reviewed at its deadline. No clear improvement, or new problems, leads
to demotion or removal; only a cadre who improved clearly with no new problems has it lifted."""

from __future__ import annotations

from models import ReviewProposal

DEMOTION_OR_REMOVAL = frozenset({ReviewProposal.DEMOTION, ReviewProposal.REMOVAL})
LIFTED_ONLY = frozenset({ReviewProposal.LIFTED})


def proposals_allowed(improved: bool, new_problems: bool) -> frozenset[ReviewProposal]:
    """D4: what a review with these findings may propose."""
    if improved and not new_problems:
        return LIFTED_ONLY
    return DEMOTION_OR_REMOVAL


def why_refused(improved: bool, new_problems: bool, proposal: ReviewProposal) -> str | None:
    """D4: why this proposal does not follow from the findings, or None when it does."""
    if proposal in proposals_allowed(improved, new_problems):
        return None
    if proposal is ReviewProposal.LIFTED:
        reason = "no clear improvement" if not improved else "new problems"
        return f"{reason}: the review must propose demotion or removal, not lifting"
    return "a clear improvement with no new problems lifts the admonishment"
