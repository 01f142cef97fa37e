"""Cadres named by a selection record (nominees, candidates, members, inspectors): whoever reads
the record sees them (CONTRACT.md), so they load unrestricted, in one batch per level."""

from __future__ import annotations

from collections.abc import Iterable

import strawberry

from policies.resources import CADRE
from schema.cadres.types import Cadre
from schema.info import Info
from schema.units.types import OrgUnit


async def cadres(info: Info, ids: Iterable[int]) -> list[Cadre]:
    rows = [r for r in await info.context.loaders.cadre.load_many(list(ids)) if r is not None]
    info.context.record_seen_through(CADRE, [r.id for r in rows])  # J8
    return [Cadre.of(r) for r in rows]


async def cadre(info: Info, cadre_id: int | None) -> Cadre | None:
    if cadre_id is None:
        return None
    found = await cadres(info, [cadre_id])
    return found[0] if found else None


async def unit(info: Info, unit_id: int) -> OrgUnit:
    row = await info.context.loaders.unit.load(unit_id)
    assert row is not None
    return OrgUnit.of(row)


@strawberry.type(
    description="A cadre as a committee roll or an appraisal request names them: who, not their "
    "file (J7: administrators and the discipline commission read no personnel records here)."
)
class NamedCadre:
    code: str = strawberry.field(description="Personnel number.")
    name: str = strawberry.field(description="Full name.")
    post: str = strawberry.field(description="The post held.")


async def named_cadres(info: Info, ids: Iterable[int]) -> list[NamedCadre]:
    rows = [r for r in await info.context.loaders.cadre.load_many(list(ids)) if r is not None]
    info.context.record_seen_through(CADRE, [r.id for r in rows])  # J8
    return [NamedCadre(code=r.code, name=r.name, post=r.post) for r in rows]
