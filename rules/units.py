"""Finding units in the tree."""

from __future__ import annotations

from models import OrgUnit, UnitKind


async def nearest_of_kind(unit: OrgUnit, kind: UnitKind) -> OrgUnit | None:
    """The unit of `kind` directly under `unit`, else under its nearest ancestor that has one
    (the audit bureau or discipline commission serving a jurisdiction)."""
    ancestors = unit.ancestor_ids()  # root first
    candidates = await OrgUnit.filter(kind=kind, parent_id__in=ancestors).order_by("code")
    best: OrgUnit | None = None
    for candidate in candidates:
        depth = ancestors.index(candidate.parent_id) if candidate.parent_id in ancestors else -1
        if best is None or depth > ancestors.index(best.parent_id or 0):
            best = candidate
    return best
