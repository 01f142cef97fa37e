"""Cadres named inside other records (nominees, candidates, appraisal answers, case and audit
subjects, notices, roll members …), through the protected layer (`schema.protected`): the full
`Cadre` when the caller may read that cadre (J3, J4), otherwise who they are (`PersonSummary`:
code, name, post, work unit), or nothing where the rule hides the name too (J5, J7)."""

from __future__ import annotations

from collections.abc import Sequence

from policies.resources import CADRE
from schema.cadres.types import Cadre, Person, PersonSummary
from schema.info import Info
from schema.protected import show

READ = "read"


async def people(info: Info, ids: Sequence[int], *, summary: bool = True) -> list[Person]:
    """The cadres with these ids, in order: each a `Cadre` when readable, else a
    `PersonSummary` (left out when `summary` is false). One query per level for a whole page."""
    scope = await info.context.scope(CADRE, READ)
    rows = [r for r in await info.context.loaders.cadre.load_many(list(ids)) if r is not None]
    readable = [r for r in rows if scope.admits(CADRE, r)]
    full = {c.id: c for c in show(info, Cadre, scope, readable) if c is not None}
    named = [r for r in rows if r.id not in full] if summary else []
    info.context.record_seen_through(CADRE, [r.id for r in named])  # J8: a name is shown too
    found: list[Person] = []
    for r in rows:
        if r.id in full:
            found.append(full[r.id])
        elif summary:
            found.append(PersonSummary.of(r))
    return found


async def person(info: Info, cadre_id: int | None, *, summary: bool = True) -> Person | None:
    """One cadre named by a record: see `people`; `None` for no cadre."""
    if cadre_id is None:
        return None
    found = await people(info, [cadre_id], summary=summary)
    return found[0] if found else None
