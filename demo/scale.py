"""A large synthetic world for benchmarks: the same world for the same arguments.

Root `s-city`; counties `s-county-001…` with townships; city departments `s-dept-001…` and state
enterprises `s-soe-001…`. Each county, department and enterprise is a jurisdiction and has a user
`<code>.supervisor`; the city has `s-city.supervisor` (oversight of everything below it). One
anonymous tip-off per ten cadres, about one of them, under their managing unit: most routed long
ago, one in ten still waiting for routing, half of those past the routing deadline (what the
benchmark's `tipoffs(filter: {overdue: true})` reads).
"""

from __future__ import annotations

import datetime
import random
from typing import Generic, TypeVar

from tortoise.models import Model
from tortoise.transactions import in_transaction

from demo.names import gender_for, person_name
from models import (
    Cadre,
    CadreRank,
    DeadlineBasis,
    Gender,
    OrgUnit,
    RoleAssignment,
    Tipoff,
    TipoffChannel,
    TipoffStatus,
    UnitKind,
    User,
)

BATCH = 2000


M = TypeVar("M", bound=Model)


class Batches(Generic[M]):
    """Rows of one model inserted `BATCH` at a time as they are added; `done` inserts the rest
    and says how many were inserted in all."""

    def __init__(self, model: type[M]) -> None:
        self.model, self.inserted = model, 0
        self.rows: list[M] = []

    async def add(self, row: M) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            await self._insert()

    async def done(self) -> int:
        await self._insert()
        return self.inserted

    async def _insert(self) -> None:
        if self.rows:
            await self.model.bulk_create(self.rows)
            self.inserted += len(self.rows)
            self.rows = []


RANKS = (CadreRank.SECTION_CHIEF, CadreRank.DEPUTY_SECTION_CHIEF, CadreRank.STAFF)


class AlreadySeeded(Exception):
    pass


async def seed_scale(cadres: int, units: int = 200) -> dict[str, int]:
    if cadres < 1 or units < 4:
        raise ValueError("need at least 1 cadre and 4 units")
    if await OrgUnit.exists(code="s-city"):
        have = await Cadre.filter(code__startswith="S-").count()
        if have == cadres:
            return {"units": 0, "cadres": 0, "users": 0, "tipoffs": 0}
        raise AlreadySeeded(
            f"a scale world with {have} cadres is already here; use a fresh database"
        )
    rng = random.Random(cadres * 1_000_003 + units)
    counties = max(1, units // 10)
    departments = max(1, units // 5)
    enterprises = max(1, units // 20)
    townships = max(0, units - 1 - counties - departments - enterprises)

    async with in_transaction():
        made: list[OrgUnit] = []

        async def unit(
            code: str, name: str, kind: UnitKind, parent: OrgUnit | None, jurisdiction: bool
        ) -> OrgUnit:
            row = await OrgUnit.create(
                code=code,
                name=name,
                kind=kind,
                parent=parent,
                path="",
                depth=(parent.depth + 1) if parent else 0,
                is_jurisdiction=jurisdiction,
            )
            row.path = f"{parent.path if parent else '/'}{row.id}/"
            await row.save(update_fields=["path"])
            made.append(row)
            return row

        city = await unit("s-city", "规模测试市委", UnitKind.CITY_COMMITTEE, None, True)
        county_rows = [
            await unit(f"s-county-{i:03d}", f"第{i}县委", UnitKind.COUNTY_COMMITTEE, city, True)
            for i in range(1, counties + 1)
        ]
        towns: dict[int, list[OrgUnit]] = {c.id: [] for c in county_rows}
        for i in range(townships):
            county = county_rows[i % counties]
            towns[county.id].append(
                await unit(
                    f"{county.code}.town-{len(towns[county.id]) + 1:03d}",
                    f"{county.name}第{len(towns[county.id]) + 1}镇",
                    UnitKind.TOWNSHIP,
                    county,
                    False,
                )
            )
        dept_rows = [
            await unit(f"s-dept-{i:03d}", f"市第{i}局党组", UnitKind.CITY_DEPARTMENT, city, True)
            for i in range(1, departments + 1)
        ]
        soe_rows = [
            await unit(f"s-soe-{i:03d}", f"市第{i}集团党委", UnitKind.STATE_ENTERPRISE, city, True)
            for i in range(1, enterprises + 1)
        ]
        jurisdictions = [*county_rows, *dept_rows, *soe_rows]

        made_cadres = Batches(Cadre)
        for n in range(1, cadres + 1):
            if rng.random() < 0.05:
                managing = city
                work = rng.choice(jurisdictions)
            else:
                managing = rng.choice(jurisdictions)
                work = rng.choice([managing, *towns.get(managing.id, [])])
            cadre = Cadre(
                code=f"S-{n:07d}",
                name=person_name(rng),
                gender=Gender(gender_for(rng)),
                birth_date=datetime.date(
                    1960 + rng.randrange(35), 1 + rng.randrange(12), 1 + rng.randrange(28)
                ),
                post=f"{work.name}{'干部'}",
                rank=rng.choice(RANKS),
                is_top_leader=rng.random() < 0.05,
                manages_funds=rng.random() < 0.2,
                managing_unit_id=managing.id,
                work_unit_id=work.id,
            )
            cadre.fill_search_keys()
            await made_cadres.add(cadre)
        count = await made_cadres.done()

        tipoffs = await _tipoffs(rng, count // 10)

        users = 0
        for jurisdiction in (city, *jurisdictions):
            user = await User.create(username=f"{jurisdiction.code}.supervisor")
            await RoleAssignment.create(user=user, role="supervisor", unit=jurisdiction)
            users += 1
    return {"units": len(made), "cadres": count, "users": users, "tipoffs": tipoffs}


async def _tipoffs(rng: random.Random, how_many: int) -> int:
    if how_many == 0:
        return 0
    first, last = (
        await Cadre.filter(code__startswith="S-").order_by("id").first(),
        await Cadre.filter(code__startswith="S-").order_by("-id").first(),
    )
    assert first is not None and last is not None
    managing = dict(await Cadre.filter(code__startswith="S-").values_list("id", "managing_unit_id"))
    today = datetime.date.today()
    made = Batches(Tipoff)
    for n in range(how_many):
        cadre_id = rng.randrange(first.id, last.id + 1)
        waiting = rng.random() < 0.1
        late = waiting and rng.random() < 0.5
        unit_id = managing[cadre_id]
        await made.add(
            Tipoff(
                channel=rng.choice(list(TipoffChannel)),
                content=f"规模测试举报第{n + 1}件",
                subject_cadre_id=cadre_id,
                jurisdiction_id=unit_id,
                receiving_unit_id=unit_id,
                status=TipoffStatus.RECEIVED if waiting else TipoffStatus.ROUTED,
                routing_due=today + datetime.timedelta(days=-3 if late else 10),
                deadline_basis=DeadlineBasis.OFFICIAL_CALENDAR,
            )
        )
    return await made.done()
