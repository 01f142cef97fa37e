"""Cadres named by a selection record (nominees, candidates, members, inspectors): whoever reads
the record sees them (CONTRACT.md), so they load unrestricted, in one batch per level."""

from __future__ import annotations

from collections.abc import Iterable

from schema.cadres.types import Cadre
from schema.info import Info
from schema.units.types import OrgUnit


async def cadres(info: Info, ids: Iterable[int]) -> list[Cadre]:
    rows = await info.context.loaders.cadre.load_many(list(ids))
    return [Cadre.of(r) for r in rows if r is not None]


async def cadre(info: Info, cadre_id: int | None) -> Cadre | None:
    if cadre_id is None:
        return None
    row = await info.context.loaders.cadre.load(cadre_id)
    return Cadre.of(row) if row else None


async def unit(info: Info, unit_id: int) -> OrgUnit:
    row = await info.context.loaders.unit.load(unit_id)
    assert row is not None
    return OrgUnit.of(row)
