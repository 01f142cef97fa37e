"""Which selection records the caller may read (J3, J4, J5, J7): selections by the jurisdiction
that manages the post; appraisal requests also by address (the discipline commission)."""

from __future__ import annotations

from models import Selection as SelectionModel
from policies.resources import APPRAISAL, SELECTION
from policies.scope import Scope
from schema.info import Info
from schema.loaders import by_id

READ = "read"


async def selection_scope(info: Info) -> Scope:
    return await info.context.scope(SELECTION, READ)


async def appraisal_scope(info: Info) -> Scope:
    return await info.context.scope(APPRAISAL, READ)


async def readable_selections(info: Info, ids: list[int]) -> list[SelectionModel | None]:
    """Selections by id through the request's loader, each `None` unless the caller may read it."""
    scope = await selection_scope(info)
    rows = await info.context.loaders.get("selection", by_id(SelectionModel)).load_many(ids)
    shown = [r if r is not None and scope.admits(SELECTION, r) else None for r in rows]
    info.context.record_read(SELECTION, READ, scope, [r.id for r in shown if r is not None])
    return shown


def own_cadre(info: Info) -> int | None:
    """The cadre the caller is linked to: J5 hides integrity appraisals about them."""
    principal = info.context.require_principal()
    return principal.cadre_id
