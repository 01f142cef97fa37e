"""Which cadres the caller may read (J1, J3, J4, J7): written once, used by the list, the lookup by
code, `node`, and every nested field that points at a cadre."""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.queryset import QuerySet

from models import Cadre
from policies.resources import CADRE
from policies.scope import Scope, restrict
from schema.info import Info

READ = "read"


async def read_scope(info: Info) -> Scope:
    return await info.context.scope(CADRE, READ)


async def readable_cadres(info: Info) -> tuple[Scope, QuerySet[Cadre]]:
    scope = await read_scope(info)
    return scope, restrict(Cadre.all(), scope, CADRE)


async def readable_cadres_by_id(info: Info, ids: Iterable[int]) -> list[Cadre | None]:
    """Cadres by id through the request's loader, each `None` unless the caller may read it."""
    scope = await read_scope(info)
    rows = await info.context.loaders.cadre.load_many(list(ids))
    shown = [c if c is not None and scope.admits(CADRE, c) else None for c in rows]
    info.context.record_read(CADRE, READ, scope, [c.id for c in shown if c is not None])
    return shown
