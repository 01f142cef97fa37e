"""Per-request dataloaders: nested fields load in one query per level, never one per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from models import Cadre, OrgUnit


async def _units_by_id(ids: list[int]) -> Sequence[OrgUnit | None]:
    found = {u.id: u for u in await OrgUnit.filter(id__in=ids)}
    return [found.get(i) for i in ids]


async def _children_by_parent(ids: list[int]) -> Sequence[list[OrgUnit]]:
    grouped: dict[int, list[OrgUnit]] = defaultdict(list)
    for unit in await OrgUnit.filter(parent_id__in=ids).order_by("code"):
        grouped[unit.parent_id or 0].append(unit)
    return [grouped.get(i, []) for i in ids]


async def _cadres_by_id(ids: list[int]) -> Sequence[Cadre | None]:
    """Unrestricted: callers apply the scope to what it returns (see `schema.cadres.access`)."""
    found = {c.id: c for c in await Cadre.filter(id__in=ids)}
    return [found.get(i) for i in ids]


@dataclass
class Loaders:
    unit: DataLoader[int, OrgUnit | None] = field(
        default_factory=lambda: DataLoader(load_fn=_units_by_id)
    )
    children: DataLoader[int, list[OrgUnit]] = field(
        default_factory=lambda: DataLoader(load_fn=_children_by_parent)
    )
    cadre: DataLoader[int, Cadre | None] = field(
        default_factory=lambda: DataLoader(load_fn=_cadres_by_id)
    )
