"""`cadres`, `cadre(code)`: cadres under the caller's jurisdiction, filtered in SQL."""

from __future__ import annotations

from typing import Annotated

import strawberry

from models import Cadre as CadreModel
from schema.bounds import stored_in
from schema.cadres.filters import CadreFilter, apply_cadre_filter
from schema.cadres.types import Cadre
from schema.info import Info
from schema.protected import lookup, through_layer
from schema.relay import After, Connection, First, restricted_page
from schema.units.types import preload_units


@strawberry.type
class CadreQueries:
    @strawberry.field(
        description=(
            "Cadres under the caller's jurisdiction and, through oversight, below it (J3, J4), "
            "ordered by code. Supervision and selection staff; empty for other roles (J7)."
        )
    )
    @through_layer
    async def cadres(
        self,
        info: Info,
        filter: Annotated[
            CadreFilter | None, strawberry.argument(description="Conditions the cadres must meet.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Cadre]:
        page: list[CadreModel] = []
        connection = await restricted_page(
            info,
            Cadre,
            CadreModel.all(),
            kind="cadre",
            key="code",
            parse_key=str,
            first=first,
            after=after,
            narrow=lambda qs: apply_cadre_filter(qs, filter, info.context),
            page=page,
        )
        await preload_units(info, [u for c in page for u in (c.managing_unit_id, c.work_unit_id)])
        return connection

    @strawberry.field(
        description=(
            "One cadre by personnel number; `null` when there is none or the caller may not read "
            "it."
        )
    )
    @through_layer
    async def cadre(
        self,
        info: Info,
        code: Annotated[
            str,
            strawberry.argument(
                metadata=stored_in(CadreModel, "code"),
                description="Personnel number, e.g. `C-0001`.",
            ),
        ],
    ) -> Cadre | None:
        return await lookup(info, Cadre, code=code)
