"""The units a selection record points at (cadres it names go through `schema.cadres.access`)."""

from __future__ import annotations

from schema.info import Info
from schema.units.types import OrgUnit


async def unit(info: Info, unit_id: int) -> OrgUnit:
    row = await info.context.loaders.unit.load(unit_id)
    assert row is not None
    return OrgUnit.of(row)
