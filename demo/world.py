"""The demo world of CONTRACT.md: units, users, the named cadres and twenty-plus more per
jurisdiction. Loading it twice changes nothing."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from api.sealing import seal
from api.settings import Settings
from demo.daily import seed_daily
from demo.names import gender_for, person_name
from demo.selections import seed_selections
from models import (
    AuditCommission,
    AuditKind,
    Cadre,
    CadreRank,
    Case,
    Gender,
    OrgUnit,
    RoleAssignment,
    Tipoff,
    TipoffChannel,
    TipoffStatus,
    UnitKind,
    User,
)
from rules.calendar import office_today
from rules.deadlines import add_working_days
from rules.tipoffs import CONTACT, NAME


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: UnitKind
    parent: str | None
    jurisdiction: bool


UNITS = (
    UnitSpec("city", "中共某市委员会", UnitKind.CITY_COMMITTEE, None, True),
    UnitSpec("county-a", "中共甲县委员会", UnitKind.COUNTY_COMMITTEE, "city", True),
    UnitSpec("county-b", "中共乙县委员会", UnitKind.COUNTY_COMMITTEE, "city", True),
    UnitSpec("county-a.town-1", "甲县一镇", UnitKind.TOWNSHIP, "county-a", False),
    UnitSpec("county-b.town-1", "乙县一镇", UnitKind.TOWNSHIP, "county-b", False),
    UnitSpec("dept-finance", "市财政局党组", UnitKind.CITY_DEPARTMENT, "city", True),
    UnitSpec("soe-energy", "市能源集团党委", UnitKind.STATE_ENTERPRISE, "city", True),
    UnitSpec("city-discipline", "市纪委监委", UnitKind.DISCIPLINE_COMMISSION, "city", False),
    UnitSpec("city-audit", "市审计局", UnitKind.AUDIT_BUREAU, "city", False),
)


@dataclass(frozen=True)
class CadreSpec:
    code: str
    name: str
    post: str
    work_unit: str
    managing_unit: str
    rank: CadreRank
    top_leader: bool = False
    manages_funds: bool = False
    gender: Gender = Gender.MALE


NAMED_CADRES = (
    CadreSpec(
        "C-0001",
        "王建国",
        "甲县县委书记",
        "county-a",
        "city",
        CadreRank.DIVISION_CHIEF,
        top_leader=True,
    ),
    CadreSpec(
        "C-0002",
        "李秀英",
        "市财政局局长",
        "dept-finance",
        "city",
        CadreRank.DIVISION_CHIEF,
        top_leader=True,
        manages_funds=True,
        gender=Gender.FEMALE,
    ),
    CadreSpec(
        "C-0003", "张志强", "市委组织部副部长", "city", "city", CadreRank.DEPUTY_DIVISION_CHIEF
    ),
    CadreSpec(
        "C-0101",
        "刘海燕",
        "甲县一镇党委书记",
        "county-a.town-1",
        "county-a",
        CadreRank.SECTION_CHIEF,
        top_leader=True,
        gender=Gender.FEMALE,
    ),
    CadreSpec(
        "C-0201", "陈明", "乙县一镇镇长", "county-b.town-1", "county-b", CadreRank.SECTION_CHIEF
    ),
    CadreSpec(
        "C-0301",
        "杨伟",
        "市财政局预算科科长",
        "dept-finance",
        "dept-finance",
        CadreRank.SECTION_CHIEF,
        manages_funds=True,
    ),
)

# Generated cadres per jurisdiction: code prefix, posts (title, work unit, rank, funds, top).
GENERATED: dict[str, tuple[str, tuple[tuple[str, str, CadreRank, bool, bool], ...]]] = {
    "city": (
        "C-00",
        (
            ("甲县县长", "county-a", CadreRank.DIVISION_CHIEF, True, False),
            ("乙县县委书记", "county-b", CadreRank.DIVISION_CHIEF, False, True),
            ("乙县县长", "county-b", CadreRank.DIVISION_CHIEF, True, False),
            ("市能源集团董事长", "soe-energy", CadreRank.DIVISION_CHIEF, True, True),
            ("市财政局副局长", "dept-finance", CadreRank.DEPUTY_DIVISION_CHIEF, True, False),
            ("甲县县委副书记", "county-a", CadreRank.DEPUTY_DIVISION_CHIEF, False, False),
            ("市委组织部干部监督科科长", "city", CadreRank.SECTION_CHIEF, False, False),
        ),
    ),
    "county-a": (
        "C-01",
        (
            ("甲县一镇镇长", "county-a.town-1", CadreRank.SECTION_CHIEF, True, False),
            ("甲县一镇党委副书记", "county-a.town-1", CadreRank.DEPUTY_SECTION_CHIEF, False, False),
            ("甲县财政局局长", "county-a", CadreRank.SECTION_CHIEF, True, True),
            ("甲县教育局局长", "county-a", CadreRank.SECTION_CHIEF, True, True),
            ("甲县一镇副镇长", "county-a.town-1", CadreRank.DEPUTY_SECTION_CHIEF, False, False),
        ),
    ),
    "county-b": (
        "C-02",
        (
            ("乙县一镇党委书记", "county-b.town-1", CadreRank.SECTION_CHIEF, False, True),
            ("乙县一镇副镇长", "county-b.town-1", CadreRank.DEPUTY_SECTION_CHIEF, False, False),
            ("乙县财政局局长", "county-b", CadreRank.SECTION_CHIEF, True, True),
            ("乙县交通局局长", "county-b", CadreRank.SECTION_CHIEF, True, True),
            ("乙县卫健局副局长", "county-b", CadreRank.DEPUTY_SECTION_CHIEF, False, False),
        ),
    ),
    "dept-finance": (
        "C-03",
        (
            ("市财政局国库科科长", "dept-finance", CadreRank.SECTION_CHIEF, True, False),
            ("市财政局综合科科长", "dept-finance", CadreRank.SECTION_CHIEF, False, False),
            ("市财政局预算科副科长", "dept-finance", CadreRank.DEPUTY_SECTION_CHIEF, True, False),
            ("市财政局办公室主任", "dept-finance", CadreRank.SECTION_CHIEF, False, False),
        ),
    ),
    "soe-energy": (
        "C-04",
        (
            ("市能源集团财务部经理", "soe-energy", CadreRank.SECTION_CHIEF, True, False),
            ("市能源集团工程部经理", "soe-energy", CadreRank.SECTION_CHIEF, True, False),
            ("市能源集团人力资源部经理", "soe-energy", CadreRank.SECTION_CHIEF, False, False),
            ("市能源集团采购部副经理", "soe-energy", CadreRank.DEPUTY_SECTION_CHIEF, True, False),
        ),
    ),
}
EXTRA_PER_JURISDICTION = 22

USERS: tuple[tuple[str, str, tuple[tuple[str, str], ...], str | None], ...] = (
    ("admin", "系统管理员", (("admin", "city"),), None),
    ("city.supervisor", "市委组织部干部监督科", (("supervisor", "city"),), None),
    ("city.selector", "市委组织部干部科", (("selector", "city"),), None),
    ("city.deputy", "张志强", (("supervisor", "city"),), "C-0003"),
    ("county-a.supervisor", "甲县委组织部干部监督股", (("supervisor", "county-a"),), None),
    ("county-b.supervisor", "乙县委组织部干部监督股", (("supervisor", "county-b"),), None),
    ("finance.supervisor", "市财政局人事科", (("supervisor", "dept-finance"),), None),
    ("discipline.officer", "市纪委监委案管室", (("discipline", "city-discipline"),), None),
    ("audit.bureau", "市审计局接口账户", (("auditor", "city-audit"),), None),
)


def generated_cadres() -> list[CadreSpec]:
    """Twenty-two more cadres per jurisdiction, the same on every run."""
    rng = random.Random(20261126)
    specs: list[CadreSpec] = []
    for managing, (prefix, posts) in GENERATED.items():
        start = 4 if managing == "city" else 2 if managing != "soe-energy" else 1
        for i in range(EXTRA_PER_JURISDICTION):
            title, work, rank, funds, top = posts[i % len(posts)]
            suffix = "" if i < len(posts) else f"（{i // len(posts) + 1}）"
            specs.append(
                CadreSpec(
                    code=f"{prefix}{start + i:02d}",
                    name=person_name(rng),
                    post=title + suffix,
                    work_unit=work,
                    managing_unit=managing,
                    rank=rank,
                    top_leader=top and i < len(posts),
                    manages_funds=funds,
                    gender=Gender(gender_for(rng)),
                )
            )
    return specs


DEMO_TIPOFFS = (
    # cadre, channel, content, reporter name, reporter contact
    (
        "C-0001",
        TipoffChannel.LETTER,
        "反映甲县县委书记在工程招标中打招呼、插手项目。",
        "赵立新",
        "13800000001",
    ),
    ("C-0003", TipoffChannel.ONLINE, "反映市委组织部副部长在干部考察中收受礼金。", None, None),
    ("C-0101", TipoffChannel.PHONE, "反映甲县一镇党委书记违规发放补贴。", None, None),
    ("C-0201", TipoffChannel.VISIT, "反映乙县一镇镇长长期不在岗。", None, None),
)


async def _seed_tipoffs(settings: Settings, units: dict[str, OrgUnit]) -> int:
    """The demo's tip-offs, one with a named reporter, and an open case on the one about C-0101."""
    if await Tipoff.exists():
        return 0
    routing, basis = add_working_days(office_today(), settings.routing_working_days)
    registrar = await User.get(username="city.supervisor")
    for code, channel, content, name, contact in DEMO_TIPOFFS:
        cadre = await Cadre.get(code=code)
        tipoff = await Tipoff.create(
            channel=channel,
            content=content,
            subject_cadre=cadre,
            subject_name=cadre.name,
            subject_post=cadre.post,
            jurisdiction_id=cadre.managing_unit_id,
            receiving_unit=units["city"],
            status=TipoffStatus.ROUTED,
            routed_at=datetime.datetime.now(datetime.UTC),
            registered_by=registrar,
            reporter_name_enc=seal(name, settings.reporter_key, NAME),
            reporter_contact_enc=seal(contact, settings.reporter_key, CONTACT),
            routing_due=routing,
            deadline_basis=basis,
            acknowledgement_due=routing if name else None,
        )
        if code == "C-0101":
            case = await Case.create(
                cadre=cadre,
                jurisdiction_id=cadre.managing_unit_id,
                original_jurisdiction_id=cadre.managing_unit_id,
                opened_by=await User.get(username="county-a.supervisor"),
                conclusion_due=office_today() + datetime.timedelta(days=settings.conclusion_days),
            )
            tipoff.case = case
            tipoff.status = TipoffStatus.IN_CASE
            await tipoff.save()
    return len(DEMO_TIPOFFS)


async def seed_demo(settings: Settings) -> dict[str, int]:
    """Create what is missing of the demo world; return how many rows of each kind were added."""
    added = {"units": 0, "cadres": 0, "users": 0, "roles": 0, "audit commissions": 0, "tip-offs": 0}
    async with in_transaction():
        units: dict[str, OrgUnit] = {u.code: u for u in await OrgUnit.all()}
        for spec in UNITS:
            if spec.code in units:
                continue
            parent = units[spec.parent] if spec.parent else None
            unit = await OrgUnit.create(
                code=spec.code,
                name=spec.name,
                kind=spec.kind,
                parent=parent,
                path="",
                depth=(parent.depth + 1) if parent else 0,
                is_jurisdiction=spec.jurisdiction,
            )
            unit.path = f"{parent.path if parent else '/'}{unit.id}/"
            await unit.save(update_fields=["path"])
            units[spec.code] = unit
            added["units"] += 1

        existing: set[str] = set(await Cadre.all().values_list("code", flat=True))  # type: ignore[arg-type]
        rng = random.Random(7)
        for person in (*NAMED_CADRES, *generated_cadres()):
            if person.code in existing:
                continue
            await Cadre.create(
                code=person.code,
                name=person.name,
                post=person.post,
                rank=person.rank,
                gender=person.gender,
                is_top_leader=person.top_leader,
                manages_funds=person.manages_funds,
                managing_unit=units[person.managing_unit],
                work_unit=units[person.work_unit],
                birth_date=datetime.date(
                    1965 + rng.randrange(25), 1 + rng.randrange(12), 1 + rng.randrange(28)
                ),
            )
            added["cadres"] += 1

        for username, display, roles, cadre_code in USERS:
            user = await User.get_or_none(username=username)
            if user is None:
                cadre = await Cadre.get(code=cadre_code) if cadre_code else None
                user = await User.create(username=username, display_name=display, cadre=cadre)
                added["users"] += 1
            for role, unit_code in roles:
                if not await RoleAssignment.filter(
                    user=user, role=role, unit=units[unit_code], revoked_at__isnull=True
                ).exists():
                    await RoleAssignment.create(user=user, role=role, unit=units[unit_code])
                    added["roles"] += 1
        if not await AuditCommission.exists():
            await AuditCommission.create(
                cadre=await Cadre.get(code="C-0002"),
                managing_unit=units["city"],
                addressed_unit=units["city-audit"],
                kind=AuditKind.IN_TERM,
                period_start=datetime.date(2023, 1, 1),
                period_end=datetime.date(2025, 12, 31),
                due_date=datetime.date(2027, 3, 31),
                commissioned_by=await User.get(username="city.selector"),
            )
            added["audit commissions"] = 1
        added["tip-offs"] = await _seed_tipoffs(settings, units)
    added.update(await seed_selections())
    added.update(await seed_daily(settings))
    return added
