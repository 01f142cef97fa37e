"""`units`, `unit(code)`."""

from __future__ import annotations

from typing import Annotated

import strawberry

from models import OrgUnit as OrgUnitModel
from schema.bounds import stored_in
from schema.info import Info
from schema.units.types import OrgUnit


@strawberry.type
class UnitQueries:
    @strawberry.field(
        description="The whole unit tree, parents before children. Any signed-in user."
    )
    async def units(self, info: Info) -> list[OrgUnit]:
        info.context.require_principal()
        rows = await OrgUnitModel.all().order_by("path")
        for row in rows:
            info.context.loaders.unit.prime(row.id, row)
        return [OrgUnit.of(u) for u in rows]

    @strawberry.field(
        description="One unit by its code, `null` when there is none. Any signed-in user."
    )
    async def unit(
        self,
        info: Info,
        code: Annotated[
            str,
            strawberry.argument(
                metadata=stored_in(OrgUnitModel, "code"),
                description="The unit's code, e.g. `county-a`.",
            ),
        ],
    ) -> OrgUnit | None:
        info.context.require_principal()
        row = await OrgUnitModel.get_or_none(code=code)
        return OrgUnit.of(row) if row else None
