"""The demo world's daily-supervision file (D1–D6), made through the same rules as the API, on
days counted back from the offices' today, so that what is overdue stays overdue whenever the
demo is loaded: in each of county-a and county-b an admonishment past its deadline and not
reviewed, one reviewed each way, a letter of inquiry awaiting its reply and one overdue, a top
leader without last year's report, a life meeting with open rectifications; the city's file on
C-0001 tells the story of a county party secretary. Loading twice adds nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from api.settings import Settings
from models import (
    Admonishment,
    AdmonishmentGround,
    InformationSource,
    InquiryOutcome,
    LifeMeetingProblem,
    LifeMeetingVerdict,
    MajorMatterKind,
    ReviewProposal,
    Severity,
    TalkKind,
)
from policies.principal import Principal, load_principal
from rules import (
    admonishments,
    inquiries,
    personal_matters,
    supervision_information,
    talks,
    team_records,
    top_leader_reports,
)
from rules.calendar import office_today
from rules.top_leader_reports import ReportText

MARKER = "镇党委落实全面从严治党主体责任不到位，违规发放补贴问题群众反映强烈。"


@dataclass(frozen=True)
class County:
    """One county's cast: its supervisor, the township team and who plays which part."""

    supervisor: str
    town: str
    lead: str  # the cadre at the centre of the county's file
    secretary: str  # the township's top leader (without last year's report)
    team: tuple[str, ...]  # the township team at its meetings
    improved: str  # admonished, reviewed and lifted
    not_improved: str  # admonished, reviewed, demotion proposed
    asked: str  # a letter awaiting its reply, not yet due
    explained: str  # a letter replied and concluded
    filed: tuple[str, ...]  # top leaders who filed last year's report
    superior_leader: str  # who holds the talks


COUNTIES = (
    County(
        supervisor="county-a.supervisor",
        town="county-a.town-1",
        lead="C-0101",
        secretary="C-0101",
        team=("C-0101", "C-0102", "C-0103", "C-0106"),
        improved="C-0103",
        not_improved="C-0106",
        asked="C-0102",
        explained="C-0107",
        filed=("C-0104", "C-0105"),
        superior_leader="C-0001",
    ),
    County(
        supervisor="county-b.supervisor",
        town="county-b.town-1",
        lead="C-0201",
        secretary="C-0202",
        team=("C-0202", "C-0201", "C-0203", "C-0207"),
        improved="C-0203",
        not_improved="C-0207",
        asked="C-0206",
        explained="C-0208",
        filed=("C-0204", "C-0205"),
        superior_leader="C-0005",
    ),
)


def _report(year: int, who: str) -> ReportText:
    return ReportText(
        thought=f"{year}年坚持学习党的创新理论，{who}带头落实第一议题制度。",
        work=f"{year}年完成主要经济指标，重点项目按期推进。",
        style="深入基层调研，整治形式主义、官僚主义。",
        integrity="严格遵守中央八项规定精神，无违规收受礼品礼金情况。",
        responsibility="履行党风廉政建设第一责任人职责，约谈班子成员。",
        team_building="班子团结，民主集中制执行良好。",
    )


async def _who(username: str) -> Principal:
    principal = await load_principal(username)
    assert principal is not None, f"demo user {username} is missing"
    return principal


async def seed_daily(settings: Settings) -> dict[str, int]:
    """The daily-supervision records of the demo world, if they are not there yet."""
    if await Admonishment.filter(facts__startswith=MARKER[:10]).exists():
        return {"daily-supervision records": 0}
    today = office_today()
    added = 0
    for county in COUNTIES:
        added += await _county(await _who(county.supervisor), county, today, settings)
    added += await _city(await _who("city.supervisor"), today)
    return {"daily-supervision records": added}


def _ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


async def _county(
    supervisor: Principal, c: County, today: datetime.date, settings: Settings
) -> int:
    last_year = today.year - 1
    await talks.record_talk(
        supervisor,
        c.lead,
        TalkKind.PERIODIC,
        _ago(today, 150),
        [c.superior_leader],
        "定期谈话：听取履职情况汇报，提醒注意群众反映的补贴发放问题。",
    )
    await talks.record_talk(
        supervisor,
        c.asked,
        TalkKind.AFTER_INSPECTION,
        _ago(today, 130),
        [c.superior_leader],
        "考察结束后反馈：本次未被提拔，肯定成绩，指出在担当作为方面的不足。",
    )
    # A letter overdue: sent 40 days ago, due 10 days ago, no reply.
    await inquiries.send_inquiry_letter(
        supervisor,
        c.lead,
        "请就群众反映的违规发放补贴问题作出书面说明。",
        _ago(today, 10),
        on=_ago(today, 40),
    )
    # A letter awaiting its reply, not yet due.
    await inquiries.send_inquiry_letter(
        supervisor,
        c.asked,
        "请就分管领域工程项目招投标情况作出书面说明。",
        today + datetime.timedelta(days=12),
        on=_ago(today, 3),
    )
    # A letter replied and concluded.
    explained = await inquiries.send_inquiry_letter(
        supervisor,
        c.explained,
        "请说明亲属在辖区内经营企业的情况。",
        _ago(today, 45),
        on=_ago(today, 60),
    )
    await inquiries.record_reply(
        supervisor, explained.id, _ago(today, 47), "亲属经营企业与本人职务无关，已按规定报告。"
    )
    await inquiries.conclude(
        supervisor,
        explained.id,
        InquiryOutcome.EXPLAINED,
        "说明属实，予以了结。",
        settings,
        on=_ago(today, 40),
    )
    # An admonishment past its deadline, not reviewed.
    await admonishments.admonish(
        supervisor,
        c.lead,
        [AdmonishmentGround.PUBLIC_COMPLAINTS, AdmonishmentGround.CONDUCT],
        MARKER,
        _ago(today, 20),
        on=_ago(today, 120),
    )
    # One reviewed each way.
    for cadre_code, improved in ((c.improved, True), (c.not_improved, False)):
        row = await admonishments.admonish(
            supervisor,
            cadre_code,
            [AdmonishmentGround.LACK_OF_DRIVE],
            "分管工作推进不力，重点任务多次滞后。",
            _ago(today, 100),
            on=_ago(today, 200),
        )
        await admonishments.review(
            supervisor,
            row.id,
            improved,
            False,
            "整改明显，工作有起色。" if improved else "整改不明显，重点任务仍然滞后。",
            ReviewProposal.LIFTED if improved else ReviewProposal.DEMOTION,
            on=_ago(today, 98),
        )
    await personal_matters.record_report(
        supervisor,
        c.lead,
        last_year,
        datetime.date(last_year, 12, 20),
        [personal_matters.Matter("房产", "本人及配偶名下住房一套。")],
    )
    # Top leaders: some filed last year's report; the township's secretary filed only the one
    # before (no report for last year).
    for code in c.filed:
        await top_leader_reports.submit(
            supervisor, code, last_year, datetime.date(last_year, 12, 28), _report(last_year, code)
        )
    await top_leader_reports.submit(
        supervisor,
        c.secretary,
        last_year - 1,
        datetime.date(last_year - 1, 12, 30),
        _report(last_year - 1, c.secretary),
    )
    await team_records.record_major_decision(
        supervisor,
        team_records.MajorDecisionInput(
            unit_code=c.town,
            kind=MajorMatterKind.LARGE_SUM,
            decided_on=_ago(today, 90),
            subject="镇村道路提升工程资金安排",
            amount=Decimal("1250000.00"),
            present=c.team,
            outcome="同意安排资金125万元，按程序公开招标。",
            minutes="会议应到4人，实到4人；逐一发表意见，一致同意。",
        ),
    )
    meeting = await team_records.record_life_meeting(
        supervisor,
        c.town,
        _ago(today, 70),
        c.team,
        [
            team_records.ProblemInput(
                c.team[0],
                "落实主体责任不到位，对班子成员提醒不及时。",
                "建立班子成员谈心谈话台账。",
                _ago(today, 10),
            ),
            team_records.ProblemInput(
                c.team[1],
                "调查研究不深入，联系群众不够。",
                "每月下村调研不少于四次。",
                today + datetime.timedelta(days=40),
            ),
            team_records.ProblemInput(
                c.team[2], "学习不系统。", "制定个人学习计划并按月报告。", _ago(today, 30)
            ),
        ],
    )
    done = await LifeMeetingProblem.filter(meeting_id=meeting.id).order_by("id").offset(2).first()
    assert done is not None
    await team_records.complete_rectification(
        supervisor, done.id, "学习计划已制定并报备，按月报告。", on=_ago(today, 35)
    )
    await supervision_information.record_information(
        supervisor,
        c.lead,
        InformationSource.LETTERS_AND_VISITS,
        _ago(today, 50),
        "信访部门转来群众来信，反映镇里违规发放补贴。",
        Severity.MEDIUM,
    )
    await supervision_information.record_information(
        supervisor,
        c.filed[0],
        InformationSource.AUDIT,
        _ago(today, 30),
        "审计发现财政专项资金存在挤占挪用问题，金额较大。",
        Severity.HIGH,
    )
    return 16


async def _city(supervisor: Principal, today: datetime.date) -> int:
    """The city's file on C-0001 (county-a's party secretary) and on the county-a team, and a
    talk and information about C-0003 (a supervisor's own cadre record: J5 hides them from him)."""
    last_year = today.year - 1
    await talks.record_talk(
        supervisor,
        "C-0001",
        TalkKind.REMINDER,
        _ago(today, 100),
        ["C-0003"],
        "提醒谈话：就工程招标中打招呼的反映提醒本人，要求严格执行招投标规定。",
    )
    await supervision_information.record_information(
        supervisor,
        "C-0001",
        InformationSource.DISCIPLINE,
        _ago(today, 80),
        "纪委监委通报：甲县某工程项目招标存在领导干部打招呼线索，正在核实。",
        Severity.MEDIUM,
    )
    letter = await inquiries.send_inquiry_letter(
        supervisor,
        "C-0001",
        "请就甲县工程招标中是否存在打招呼、插手项目的情况作出书面说明。",
        today + datetime.timedelta(days=5),
        on=_ago(today, 25),
    )
    await inquiries.record_reply(
        supervisor, letter.id, _ago(today, 15), "本人未就任何工程项目打招呼，已要求县住建局自查。"
    )
    await top_leader_reports.submit(
        supervisor,
        "C-0001",
        last_year,
        datetime.date(last_year, 12, 28),
        _report(last_year, "C-0001"),
    )
    await team_records.record_major_decision(
        supervisor,
        team_records.MajorDecisionInput(
            unit_code="county-a",
            kind=MajorMatterKind.MAJOR_PROJECT,
            decided_on=_ago(today, 130),
            subject="县城污水处理厂扩建项目",
            amount=Decimal("38000000.00"),
            present=("C-0001", "C-0004", "C-0009"),
            outcome="同意立项，报市发改委审批。",
            minutes="县委常委会研究，书记末位表态。",
        ),
    )
    meeting = await team_records.record_life_meeting(
        supervisor,
        "county-a",
        _ago(today, 95),
        ("C-0001", "C-0004", "C-0009"),
        [
            team_records.ProblemInput(
                "C-0001",
                "对重点工程廉政风险防控重视不够。",
                "建立重点工程廉政风险清单。",
                _ago(today, 40),
            )
        ],
    )
    problem = await LifeMeetingProblem.get(meeting_id=meeting.id)
    await team_records.complete_rectification(
        supervisor, problem.id, "风险清单已建立并印发。", on=_ago(today, 45)
    )
    await team_records.review_life_meeting(
        supervisor,
        meeting.id,
        LifeMeetingVerdict.SATISFACTORY,
        "查摆问题具体，批评与自我批评开展得好。",
        on=_ago(today, 30),
    )
    await talks.record_talk(
        supervisor,
        "C-0003",
        TalkKind.PERIODIC,
        _ago(today, 60),
        ["C-0011"],
        "定期谈话：了解分管干部考察工作情况。",
    )
    await supervision_information.record_information(
        supervisor,
        "C-0003",
        InformationSource.JOINT_MEETING,
        _ago(today, 20),
        "联席会议通报：网上反映干部考察中收受礼金，已转有关部门核查。",
        Severity.LOW,
    )
    return 8
