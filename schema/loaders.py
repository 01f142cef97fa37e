"""Per-request dataloaders: nested fields load in one query per level, never one per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models import Cadre, OrgUnit

M = TypeVar("M", bound=Model)


def by_id(model: type[M]) -> Callable[[list[int]], Awaitable[Sequence[M | None]]]:
    """Rows by primary key. Unrestricted: callers decide what the caller may see of them."""

    async def load(ids: list[int]) -> Sequence[M | None]:
        found = {row.pk: row for row in await model.filter(id__in=ids)}
        return [found.get(i) for i in ids]

    return load


def grouped(
    queryset: Callable[[], QuerySet[M]], column: str, order: str = "id"
) -> Callable[[list[int]], Awaitable[Sequence[list[M]]]]:
    """Rows grouped by a foreign key, in `order`."""

    async def load(keys: list[int]) -> Sequence[list[M]]:
        groups: dict[int, list[M]] = defaultdict(list)
        rows = await queryset().filter(**{f"{column}__in": keys}).order_by(order)
        for row in rows:
            groups[getattr(row, column)].append(row)
        return [groups.get(k, []) for k in keys]

    return load


def one_by(model: type[M], column: str) -> Callable[[list[int]], Awaitable[Sequence[M | None]]]:
    """At most one row per foreign key (one-to-one relations)."""

    async def load(keys: list[int]) -> Sequence[M | None]:
        found = {getattr(r, column): r for r in await model.filter(**{f"{column}__in": keys})}
        return [found.get(k) for k in keys]

    return load


@dataclass
class Loaders:
    # Units loaded in this request, so that a field can return one without awaiting (see
    # `schema.units.types.unit_field`): most pages preload the units their rows point at.
    known_units: dict[int, OrgUnit] = field(default_factory=dict)
    unit: DataLoader[int, OrgUnit | None] = field(init=False)
    children: DataLoader[int, list[OrgUnit]] = field(
        default_factory=lambda: DataLoader(load_fn=grouped(OrgUnit.all, "parent_id", order="code"))
    )
    cadre: DataLoader[int, Cadre | None] = field(
        default_factory=lambda: DataLoader(load_fn=by_id(Cadre))
    )
    _named: dict[Hashable, DataLoader[Any, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        load_units = by_id(OrgUnit)

        async def load(ids: list[int]) -> Sequence[OrgUnit | None]:
            rows = await load_units(ids)
            self.known_units.update((row.id, row) for row in rows if row is not None)
            return rows

        self.unit = DataLoader(load_fn=load)

    def get(
        self, name: Hashable, load_fn: Callable[[list[Any]], Awaitable[Sequence[Any]]]
    ) -> DataLoader[Any, Any]:
        """A loader made once per request under `name` (which may include a scope)."""
        if name not in self._named:
            self._named[name] = DataLoader(load_fn=load_fn)
        return self._named[name]
