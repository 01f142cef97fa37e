"""Demo committee rolls and one selection at each stage, made through the same rules as the API
(so each step is checked and logged as if a portal had driven it). Loading twice adds nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from models import AppraisalVerdict, CommitteeRoll, OrgUnit, Selection, SelectionKind, Vote
from policies.principal import Principal, load_principal
from rules import appraisals, committees, decisions, inspections, selections
from rules.appraisals import Answer
from rules.decisions import CastVote
from rules.inspections import Step

D = datetime.date
ROLLS = {
    "city": [f"C-{n:04d}" for n in range(4, 13)],  # nine members
    "county-a": [f"C-{n:04d}" for n in range(102, 109)],
    "county-b": [f"C-{n:04d}" for n in range(202, 209)],
}
ROLLS_FROM = D(2025, 1, 1)
# post, managing unit, work unit, nominees with their votes, inspectors, the stage to reach
STAGES = (
    ("市文化广电旅游局局长", "city", "city", {"C-0013": 31, "C-0014": 12}, "RECOMMENDATION"),
    ("市能源集团总经理", "city", "soe-energy", {"C-0015": 28, "C-0016": 15}, "CANDIDATES_FIXED"),
    ("市财政局副局长（二）", "city", "dept-finance", {"C-0017": 35, "C-0018": 9}, "INSPECTION"),
    ("甲县县委副书记（二）", "city", "county-a", {"C-0019": 30, "C-0020": 14}, "READY"),
    ("乙县县长（二）", "city", "county-b", {"C-0021": 33, "C-0022": 10}, "DECIDED"),
    # decided by county A's committee: the city's supervision office may order it revoked (S9)
    ("甲县一镇党委副书记", "county-a", "county-a.town-1", {"C-0110": 30, "C-0111": 14}, "DECIDED"),
)
INSPECTORS = {"city": ["C-0024", "C-0025"], "county-a": ["C-0112", "C-0113"]}
ORDER = ("RECOMMENDATION", "CANDIDATES_FIXED", "INSPECTION", "READY", "DECIDED")


@dataclass(frozen=True)
class Office:
    """Who runs a selection of one committee, who supervises it, who answers its appraisals."""

    unit: str
    name: str  # 市委, 县委
    selector: Principal
    supervisor: Principal
    discipline: Principal


async def _who(username: str) -> Principal:
    principal = await load_principal(username)
    assert principal is not None, f"demo user {username} is missing"
    return principal


async def seed_selections() -> dict[str, int]:
    added = {"committee rolls": 0, "selections": 0}
    discipline = await _who("discipline.officer")
    admin = await _who("admin")
    offices = {
        unit: Office(
            unit,
            "市委" if unit == "city" else "县委",
            await _who(f"{unit}.selector"),
            await _who(f"{unit}.supervisor"),
            discipline,
        )
        for unit in INSPECTORS
    }
    for code, members in ROLLS.items():
        unit = await OrgUnit.get(code=code)
        if not await CommitteeRoll.exists(unit_id=unit.id):
            await committees.load_roll(admin, code, members, ROLLS_FROM)
            added["committee rolls"] += 1
    for post, managing, work_unit, votes, stage in STAGES:
        if await Selection.exists(post_title=post):
            continue
        await _drive(offices[managing], post, work_unit, votes, ORDER.index(stage))
        added["selections"] += 1
    return added


async def _drive(
    office: Office, post: str, work_unit: str, votes: dict[str, int], stage: int
) -> None:
    selector, supervisor = office.selector, office.supervisor
    top = next(iter(votes))
    row = await selections.start_selection(
        selector, office.unit, post, work_unit, SelectionKind.SINGLE_PROMOTION, 1
    )
    await selections.record_round(
        selector,
        row.id,
        60,
        55,
        list(votes.items()),
        selections.Recommender(f"{office.name}组织部", None, None),
    )
    if stage < 1:
        return
    await selections.fix_candidates(selector, row.id, [top], [], D(2025, 3, 3))
    if stage < 2:
        return
    await inspections.announce_inspection(selector, row.id, D(2025, 3, 10), D(2025, 3, 16))
    request = await appraisals.request_appraisal(supervisor, row.id)
    if stage < 3:
        return
    await appraisals.answer_appraisal(
        office.discipline, request.id, [Answer(top, AppraisalVerdict.NO_PROBLEMS_KNOWN, "")]
    )
    steps = [
        Step(D(2025, 3, 18), "民主测评", "参加测评45人，称职以上44人"),
        Step(D(2025, 3, 19), "个别谈话", "谈话30人，反映其工作实绩突出"),
    ]
    await inspections.record_inspection(
        selector, row.id, top, INSPECTORS[office.unit], steps, "政治过硬，实绩突出，群众公认"
    )
    await inspections.record_integrity_opinion(supervisor, row.id, top, "廉洁自律，未发现问题")
    await inspections.record_supervision_opinion(supervisor, row.id, top, "同意提交常委会讨论")
    if stage < 4:
        return
    members = ROLLS[office.unit]
    present = members[: len(members) * 2 // 3 + 1]  # a quorum, and one more
    last = len(present) - 1
    ballots = [
        CastVote(m, top, Vote.AGREE if i < last else Vote.DEFER) for i, m in enumerate(present)
    ]
    await decisions.record_meeting(
        selector,
        row.id,
        D(2025, 4, 2),
        present,
        ballots,
        f"{office.name}常委会议纪要（2025年第7次）",
    )
