"""Which nominees need a written reason when candidates are fixed (S2), as a pure function."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping


def reasons_needed(votes: Mapping[str, int], chosen: Collection[str]) -> list[str]:
    """S2: with k = len(chosen) nominees chosen for inspection, which need a written reason?

    Nominees with equal votes form a group. A group's share of the top k is k minus the number of
    nominees with more votes, clamped to 0 … the group's size. Fewer of a group chosen than its
    share: its unchosen need reasons; more than its share: its chosen need reasons. (A group
    wholly inside the top k has share = size, so each unchosen member needs one; a group wholly
    outside has share 0, so each chosen member needs one.) Returned in descending votes, then code.
    Every chosen nominee must be in `votes` (S6 is checked before).
    """
    chosen_set = set(chosen)
    unknown = chosen_set - votes.keys()
    if unknown:
        raise ValueError(f"chosen without recommendation votes: {sorted(unknown)}")
    k = len(chosen_set)
    groups: dict[int, list[str]] = defaultdict(list)
    for code, count in votes.items():
        groups[count].append(code)
    above = 0
    needing: list[str] = []
    for count in sorted(groups, reverse=True):
        members = sorted(groups[count])
        share = min(max(k - above, 0), len(members))
        taken = [m for m in members if m in chosen_set]
        if len(taken) < share:
            needing += [m for m in members if m not in chosen_set]
        elif len(taken) > share:
            needing += taken
        above += len(members)
    return needing
