"""The ONE registry of what appears on a cadre's file (`Cadre.timeline`, D6).

Each `TimelineSource` says, once, which rows of which table are events in a cadre's file: the
cadre they are about, when they happened, the record a portal opens (`record: Node`), the
resource whose scope decides who sees them (J3, J4, J7), the columns J5 needs, and a one-line
summary. A new kind of record is one more entry here; `tests/test_file_registry.py` fails when a
`Node` type about a cadre is in no entry. Summaries are built from the listed columns only: no
source lists a reporter's identity (J6).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

import strawberry

from policies.resources import (
    ACCOUNTABILITY,
    ADMONISHMENT,
    APPRAISAL_ANSWER,
    AUDIT,
    CASE,
    DECISION_MEETING,
    INQUIRY_LETTER,
    INSPECTION,
    INSPECTION_FEEDBACK,
    INTEGRITY_OPINION,
    LIFE_MEETING,
    LIFE_MEETING_PROBLEM,
    MAJOR_DECISION,
    PERSONAL_MATTERS_REPORT,
    SELECTION,
    SUPERVISION_INFORMATION,
    SUPERVISION_OPINION,
    TALK,
    TIPOFF,
    TOP_LEADER_REPORT,
    Resource,
)

Texts = Sequence[str | None]


@strawberry.enum(description="What part of the system an entry of a cadre's file comes from (D6).")
class TimelineKind(Enum):
    TIPOFF = strawberry.enum_value(
        "TIPOFF", description="A tip-off routed to the cadre (J2); never its reporter (J6)."
    )
    CASE = strawberry.enum_value(
        "CASE", description="A case about the cadre: opened, finding recorded, decided (D5)."
    )
    AUDIT = strawberry.enum_value(
        "AUDIT",
        description="An economic-responsibility audit: commissioned, its result, feedback (D7).",
    )
    SELECTION = strawberry.enum_value(
        "SELECTION",
        description="A selection step naming the cadre: nomination, candidacy, notice-period "
        "feedback, integrity appraisal, inspection and opinions, decision (S1–S7, L2).",
    )
    ACCOUNTABILITY = strawberry.enum_value(
        "ACCOUNTABILITY",
        description="Accountability for a failed appointment the cadre recommended, inspected "
        "or decided (S7).",
    )
    TALK = strawberry.enum_value(
        "TALK",
        description="A talk with the cadre: reminder, periodic, before appointment, feedback "
        "after inspection (D3, D4).",
    )
    INQUIRY_LETTER = strawberry.enum_value(
        "INQUIRY_LETTER",
        description="A letter of inquiry: sent, the written reply, the conclusion (D4).",
    )
    ADMONISHMENT = strawberry.enum_value(
        "ADMONISHMENT", description="An admonishment: given, and its review (D4)."
    )
    PERSONAL_MATTERS = strawberry.enum_value(
        "PERSONAL_MATTERS", description="A personal major-matters report filed (D4)."
    )
    TOP_LEADER_REPORT = strawberry.enum_value(
        "TOP_LEADER_REPORT", description="A top leader's yearly report filed (D3)."
    )
    MAJOR_DECISION = strawberry.enum_value(
        "MAJOR_DECISION",
        description="A collective decision on a major matter at which the cadre was present (D1).",
    )
    LIFE_MEETING = strawberry.enum_value(
        "LIFE_MEETING",
        description="A democratic life meeting the cadre attended, a problem raised about the "
        "cadre there and its rectification, the superior's review (D2).",
    )
    SUPERVISION_INFORMATION = strawberry.enum_value(
        "SUPERVISION_INFORMATION",
        description="Information about the cadre from another department (D6).",
    )


@dataclass(frozen=True, slots=True)
class TimelineSource:
    """Rows of `table` (alias `x` for the row itself) as events in the file of cadre `cadre`."""

    name: str
    kind: TimelineKind
    resource: Resource
    node: str  # the Node type `record` is
    table: str
    cadre: str
    at: str
    summary: Callable[[Texts], str]
    at_is_day: bool = False  # `at` is a date: the event is placed at the start of that office day
    row: str = "x.id"
    record: str = "x.id"
    texts: tuple[str, ...] = ()  # at most three SQL expressions handed to `summary`
    where: str | None = None
    jurisdiction: str | None = None  # the resource's columns in this statement (Scope.sql)
    addressee: str | None = None
    subject: str | None = None
    covers: tuple[str, ...] = ()  # other Node types a portal reaches through `record`
    # The resource's own record is the row itself (an inspection, an opinion), not `record`
    # (the selection it belongs to): the access log and J5's excluded ids name the row.
    own_row: bool = False

    @property
    def own_id(self) -> str:
        return self.row if self.own_row else self.record


def clip(text: str | None, length: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


def label(labels: dict[str, str], value: str | None) -> str:
    return labels.get(value or "", value or "")


CHANNELS = {
    "PHONE": "电话",
    "LETTER": "来信",
    "VISIT": "来访",
    "ONLINE": "网络",
    "REFERRAL": "转办",
}
CASE_KINDS = {
    "VERIFICATION": "问题线索核查",
    "AUDIT_FINDING": "审计发现问题核查",
    "FALSE_ACCUSATION": "诬告陷害问题",
    "RETALIATION": "打击报复问题",
    "CANVASSING": "拉票贿选问题",
}
ASSESSMENTS = {
    "SUBSTANTIATED": "属实",
    "PARTLY_SUBSTANTIATED": "部分属实",
    "UNSUBSTANTIATED": "不属实",
    "SERIOUSLY_UNTRUE": "严重失实",
}
OUTCOMES = {
    "NAME_CLEARED": "澄清正名",
    "FOUNDED": "问题属实",
    "PARTLY_FOUNDED": "部分属实",
    "FALSE_ACCUSATION": "诬告陷害",
    "RETALIATION": "打击报复",
}
MEASURES = {
    "TALK_AND_REMINDER": "谈话提醒",
    "LETTER_OF_INQUIRY": "函询",
    "ADMONISHMENT": "诫勉",
    "REMOVAL": "免职",
    "DEMOTION": "降职",
    "ORDERED_RESIGNATION": "责令辞职",
    "TRANSFER_TO_NON_LEADERSHIP": "调离领导岗位",
    "REFERRAL_TO_DISCIPLINE": "移送纪检监察机关",
}
AUDIT_KINDS = {"IN_TERM": "任中", "DEPARTURE": "离任"}
RATINGS = {"GOOD": "好", "FAIRLY_GOOD": "较好", "AVERAGE": "一般", "POOR": "较差"}
VERDICTS = {
    "NO_PROBLEMS_KNOWN": "未发现问题",
    "CONCLUDED_FINDING": "已有结论性意见",
    "UNDER_VERIFICATION": "正在核查",
}
ROLES = {"RECOMMENDER": "推荐人", "INSPECTOR": "考察人", "DECIDER": "决策人"}
TALK_KINDS = {
    "REMINDER": "提醒谈话",
    "PERIODIC": "定期谈话",
    "APPOINTMENT": "任前谈话",
    "AFTER_INSPECTION": "考察后反馈谈话",
}
INQUIRY_OUTCOMES = {
    "EXPLAINED": "了结澄清",
    "TALK": "谈话提醒",
    "ADMONISHMENT": "诫勉",
    "CASE_OPENED": "转为核查",
}
GROUNDS = {
    "LACK_OF_DRIVE": "不作为、不担当",
    "MEDIOCRE_WORK": "工作平庸",
    "REPEATED_MISTAKES": "屡犯错误",
    "DISUNITY": "班子不团结",
    "PUBLIC_COMPLAINTS": "群众反映强烈",
    "CONDUCT": "作风问题",
    "OTHER": "其他",
}
PROPOSALS = {"LIFTED": "解除诫勉", "DEMOTION": "建议降职", "REMOVAL": "建议免职"}
MATTER_KINDS = {
    "MAJOR_DECISION": "重大决策",
    "IMPORTANT_APPOINTMENT": "重要干部任免",
    "MAJOR_PROJECT": "重大项目安排",
    "LARGE_SUM": "大额资金使用",
}
LIFE_VERDICTS = {"SATISFACTORY": "合格", "REDO": "重新召开"}
INFORMATION_SOURCES = {
    "DISCIPLINE": "纪检监察机关",
    "LAW_ENFORCEMENT": "执法机关",
    "AUDIT": "审计机关",
    "LETTERS_AND_VISITS": "信访部门",
    "ASSESSMENT": "考核",
    "JOINT_MEETING": "联席会议",
    "OTHER": "其他部门",
}
SEVERITIES = {"LOW": "一般", "MEDIUM": "较重", "HIGH": "严重"}


def _measures(value: str | None) -> str:
    return "、".join(label(MEASURES, m) for m in (value or "").split(",") if m)


def _decided(t: Texts) -> str:
    measures = _measures(t[1])
    return f"核查结论：{label(OUTCOMES, t[0])}" + (f"，处理：{measures}" if measures else "")


def _truthy(value: str | None) -> bool:
    return value in ("1", "true", "True", "t")


def _grounds(value: str | None) -> str:
    return "、".join(label(GROUNDS, g) for g in (value or "").split(",") if g)


def _reviewed(t: Texts) -> str:
    how = "有明显改进" if _truthy(t[1]) else "无明显改进"
    if _truthy(t[2]):
        how += "，有新问题"
    return f"诫勉期满考核：{how}，{label(PROPOSALS, t[0])}"


def _headed(head: str, text: str | None) -> str:
    """`head：text`, without saying the head twice when the text starts with it already."""
    body = clip(text).removeprefix(head).lstrip("：:， ")
    return f"{head}：{body}" if body else head


def _amount(value: str | None) -> str:
    return f"，金额{value}元" if value else ""


def _passed(t: Texts) -> str:
    return f"决定会议（{t[0]}）：{'通过' if _truthy(t[1]) else '未通过'}，赞成{t[2]}票"


# Selection steps live in tables below the selection: `s` is the selection they belong to.
SELECTION_UNIT = "s.managing_unit_id"

TIMELINE_SOURCES: tuple[TimelineSource, ...] = (
    # Tip-offs routed to the cadre (J2); never the reporter (J6), hidden from the cadre (J5).
    TimelineSource(
        name="tipoff",
        kind=TimelineKind.TIPOFF,
        resource=TIPOFF,
        node="Tipoff",
        table="tipoff x",
        cadre="x.subject_cadre_id",
        at="x.received_at",
        texts=("x.channel", "x.content"),
        summary=lambda t: f"收到举报（{label(CHANNELS, t[0])}）：{clip(t[1])}",
        jurisdiction="x.jurisdiction_id",
        subject="x.subject_cadre_id",
    ),
    # Cases and their outcomes (D5).
    TimelineSource(
        name="case_opened",
        kind=TimelineKind.CASE,
        resource=CASE,
        node="Case",
        table="supervision_case c",
        row="c.id",
        record="c.id",
        cadre="c.cadre_id",
        at="c.opened_at",
        texts=("c.kind", "c.summary"),
        summary=lambda t: f"立案：{label(CASE_KINDS, t[0])}" + (f"：{clip(t[1])}" if t[1] else ""),
        jurisdiction="c.jurisdiction_id",
        addressee="c.referred_to_id",
        subject="c.cadre_id",
    ),
    TimelineSource(
        name="case_finding",
        kind=TimelineKind.CASE,
        resource=CASE,
        node="Case",
        table="case_finding x JOIN supervision_case c ON c.id = x.case_id",
        record="c.id",
        cadre="c.cadre_id",
        at="x.at",
        texts=("x.assessment", "x.facts"),
        summary=lambda t: f"核查认定：{label(ASSESSMENTS, t[0])}：{clip(t[1])}",
        jurisdiction="c.jurisdiction_id",
        addressee="c.referred_to_id",
        subject="c.cadre_id",
    ),
    TimelineSource(
        name="case_decided",
        kind=TimelineKind.CASE,
        resource=CASE,
        node="Case",
        table="supervision_case c",
        row="c.id",
        record="c.id",
        cadre="c.cadre_id",
        at="c.decided_at",
        where="c.decided_at IS NOT NULL",
        texts=("c.outcome", "c.measures"),
        summary=_decided,
        jurisdiction="c.jurisdiction_id",
        addressee="c.referred_to_id",
        subject="c.cadre_id",
    ),
    # Economic-responsibility audits and their results (D7). Feedback is the commissioning
    # side's own record: the bureau's address grants nothing there.
    TimelineSource(
        name="audit_commissioned",
        kind=TimelineKind.AUDIT,
        resource=AUDIT,
        node="AuditCommission",
        table="audit_commission x",
        cadre="x.cadre_id",
        at="x.created_at",
        texts=("x.kind", "x.period_start", "x.period_end"),
        summary=lambda t: f"委托{label(AUDIT_KINDS, t[0])}经济责任审计（{t[1]}至{t[2]}）",
        jurisdiction="x.managing_unit_id",
        addressee="x.addressed_unit_id",
        covers=("AuditFinding", "RectificationItem"),
    ),
    TimelineSource(
        name="audit_result",
        kind=TimelineKind.AUDIT,
        resource=AUDIT,
        node="AuditCommission",
        table="audit_result x JOIN audit_commission c ON c.id = x.commission_id",
        record="c.id",
        cadre="c.cadre_id",
        at="x.submitted_at",
        texts=(
            "x.rating",
            "(SELECT COUNT(*) FROM audit_finding f WHERE f.result_id = x.id)",
            "x.summary",
        ),
        summary=lambda t: f"审计结果：{label(RATINGS, t[0])}，发现问题{t[1]}项：{clip(t[2])}",
        jurisdiction="c.managing_unit_id",
        addressee="c.addressed_unit_id",
    ),
    TimelineSource(
        name="audit_feedback",
        kind=TimelineKind.AUDIT,
        resource=AUDIT,
        node="AuditCommission",
        table="audit_feedback x JOIN audit_commission c ON c.id = x.commission_id",
        record="c.id",
        cadre="c.cadre_id",
        at="x.discussed_on",
        at_is_day=True,
        texts=("x.notes",),
        summary=lambda t: f"审计结果反馈本人：{clip(t[0])}",
        jurisdiction="c.managing_unit_id",
    ),
    # Selection steps naming the cadre (S1–S7): nomination, candidacy, notice-period feedback,
    # integrity appraisal, inspection and the opinions (J5-sensitive), decision.
    TimelineSource(
        name="nomination",
        kind=TimelineKind.SELECTION,
        resource=SELECTION,
        node="Selection",
        table=(
            "round_tally x JOIN recommendation_round r ON r.id = x.round_id "
            "JOIN selection s ON s.id = r.selection_id"
        ),
        record="s.id",
        cadre="x.cadre_id",
        at="r.recorded_at",
        texts=("s.post_title", "x.votes", "r.cast"),
        summary=lambda t: f"民主推荐（{t[0]}）：得{t[1]}票，共{t[2]}票",
        jurisdiction=SELECTION_UNIT,
    ),
    TimelineSource(
        name="candidacy",
        kind=TimelineKind.SELECTION,
        resource=SELECTION,
        node="Selection",
        table="candidate_choice x JOIN selection s ON s.id = x.selection_id",
        record="s.id",
        cadre="x.cadre_id",
        at="s.candidates_fixed_on",
        at_is_day=True,
        where="x.chosen AND s.candidates_fixed_on IS NOT NULL",
        texts=("s.post_title",),
        summary=lambda t: f"确定为考察对象（{t[0]}）",
        jurisdiction=SELECTION_UNIT,
    ),
    TimelineSource(
        name="notice_feedback",
        kind=TimelineKind.SELECTION,
        resource=INSPECTION_FEEDBACK,
        node="Selection",
        table="inspection_feedback x JOIN selection s ON s.id = x.selection_id",
        record="s.id",
        cadre="x.cadre_id",
        at="x.received_on",
        at_is_day=True,
        texts=("s.post_title", "x.channel", "x.content"),
        summary=lambda t: f"考察预告期间反映（{t[0]}，{label(CHANNELS, t[1])}）：{clip(t[2])}",
        subject="x.cadre_id",
        jurisdiction=SELECTION_UNIT,
        own_row=True,
    ),
    TimelineSource(
        name="appraisal_answer",
        kind=TimelineKind.SELECTION,
        resource=APPRAISAL_ANSWER,
        node="IntegrityAppraisalRequest",
        table=(
            "integrity_appraisal_answer x JOIN integrity_appraisal_request q ON q.id = x.request_id"
        ),
        record="q.id",
        cadre="x.cadre_id",
        at="x.answered_at",
        where="x.answered_at IS NOT NULL",
        texts=("x.verdict", "x.detail"),
        summary=lambda t: f"廉政鉴定：{label(VERDICTS, t[0])}" + (f"：{clip(t[1])}" * bool(t[1])),
        jurisdiction="q.managing_unit_id",
        addressee="q.addressed_unit_id",
        subject="x.cadre_id",
        own_row=True,
    ),
    TimelineSource(
        name="inspection",
        kind=TimelineKind.SELECTION,
        resource=INSPECTION,
        node="Selection",
        table="inspection_record x JOIN selection s ON s.id = x.selection_id",
        record="s.id",
        cadre="x.cadre_id",
        at="x.recorded_at",
        texts=("s.post_title", "x.conclusion"),
        summary=lambda t: f"考察（{t[0]}）：{clip(t[1])}",
        subject="x.cadre_id",
        jurisdiction=SELECTION_UNIT,
        own_row=True,
    ),
    TimelineSource(
        name="integrity_opinion",
        kind=TimelineKind.SELECTION,
        resource=INTEGRITY_OPINION,
        node="Selection",
        table="integrity_opinion x JOIN selection s ON s.id = x.selection_id",
        record="s.id",
        cadre="x.cadre_id",
        at="x.recorded_at",
        texts=("s.post_title", "x.opinion"),
        summary=lambda t: f"廉洁情况结论性意见（{t[0]}）：{clip(t[1])}",
        subject="x.cadre_id",
        jurisdiction=SELECTION_UNIT,
        own_row=True,
    ),
    TimelineSource(
        name="supervision_opinion",
        kind=TimelineKind.SELECTION,
        resource=SUPERVISION_OPINION,
        node="Selection",
        table="supervision_opinion x JOIN selection s ON s.id = x.selection_id",
        record="s.id",
        cadre="x.cadre_id",
        at="x.recorded_at",
        texts=("s.post_title", "x.opinion"),
        summary=lambda t: f"干部监督机构意见（{t[0]}）：{clip(t[1])}",
        subject="x.cadre_id",
        jurisdiction=SELECTION_UNIT,
        own_row=True,
    ),
    TimelineSource(
        name="decision",
        kind=TimelineKind.SELECTION,
        resource=DECISION_MEETING,
        node="DecisionMeeting",
        table=(
            "meeting_result x JOIN decision_meeting m ON m.id = x.meeting_id "
            "JOIN selection s ON s.id = m.selection_id"
        ),
        record="m.id",
        cadre="x.candidate_id",
        at="m.held_on",
        at_is_day=True,
        texts=("s.post_title", "x.passed", "x.agree"),
        summary=_passed,
        jurisdiction=SELECTION_UNIT,
    ),
    # Accountability for a failed appointment the cadre recommended, inspected or decided (S7).
    TimelineSource(
        name="accountability",
        kind=TimelineKind.ACCOUNTABILITY,
        resource=ACCOUNTABILITY,
        node="Selection",
        table="accountability_record x",
        record="x.selection_id",
        cadre="x.cadre_id",
        at="x.recorded_at",
        texts=("x.role", "x.finding"),
        summary=lambda t: f"选人用人失察失误追责（{label(ROLES, t[0])}）：{clip(t[1])}",
        jurisdiction="x.managing_unit_id",
        own_row=True,
    ),
    # Daily supervision (D1–D6): the file proper (talks, letters, admonishments, information
    # from other departments) is hidden from a user linked to the cadre (J5).
    TimelineSource(
        name="talk",
        kind=TimelineKind.TALK,
        resource=TALK,
        node="Talk",
        table="talk x",
        cadre="x.cadre_id",
        at="x.held_on",
        at_is_day=True,
        texts=("x.kind", "x.summary"),
        summary=lambda t: _headed(label(TALK_KINDS, t[0]), t[1]),
        jurisdiction="x.jurisdiction_id",
        subject="x.cadre_id",
    ),
    TimelineSource(
        name="inquiry_sent",
        kind=TimelineKind.INQUIRY_LETTER,
        resource=INQUIRY_LETTER,
        node="InquiryLetter",
        table="inquiry_letter x",
        cadre="x.cadre_id",
        at="x.sent_on",
        at_is_day=True,
        texts=("x.matter", "x.reply_due"),
        summary=lambda t: f"函询：{clip(t[0])}（{t[1]}前书面回复）",
        jurisdiction="x.jurisdiction_id",
        subject="x.cadre_id",
    ),
    TimelineSource(
        name="inquiry_reply",
        kind=TimelineKind.INQUIRY_LETTER,
        resource=INQUIRY_LETTER,
        node="InquiryLetter",
        table="inquiry_letter x",
        cadre="x.cadre_id",
        at="x.reply_received_on",
        at_is_day=True,
        where="x.reply_received_on IS NOT NULL",
        texts=("x.reply_text",),
        summary=lambda t: f"函询书面回复：{clip(t[0])}",
        jurisdiction="x.jurisdiction_id",
        subject="x.cadre_id",
    ),
    TimelineSource(
        name="inquiry_concluded",
        kind=TimelineKind.INQUIRY_LETTER,
        resource=INQUIRY_LETTER,
        node="InquiryLetter",
        table="inquiry_letter x",
        cadre="x.cadre_id",
        at="x.concluded_on",
        at_is_day=True,
        where="x.concluded_on IS NOT NULL",
        texts=("x.outcome", "x.conclusion_note"),
        summary=lambda t: (
            f"函询了结：{label(INQUIRY_OUTCOMES, t[0])}" + (f"：{clip(t[1])}" * bool(t[1]))
        ),
        jurisdiction="x.jurisdiction_id",
        subject="x.cadre_id",
    ),
    TimelineSource(
        name="admonished",
        kind=TimelineKind.ADMONISHMENT,
        resource=ADMONISHMENT,
        node="Admonishment",
        table="admonishment x",
        cadre="x.cadre_id",
        at="x.issued_on",
        at_is_day=True,
        texts=("x.grounds", "x.correct_by", "x.facts"),
        summary=lambda t: f"诫勉（{_grounds(t[0])}），{t[1]}前整改：{clip(t[2])}",
        jurisdiction="x.jurisdiction_id",
        subject="x.cadre_id",
    ),
    TimelineSource(
        name="admonishment_reviewed",
        kind=TimelineKind.ADMONISHMENT,
        resource=ADMONISHMENT,
        node="Admonishment",
        table="admonishment x",
        cadre="x.cadre_id",
        at="x.reviewed_on",
        at_is_day=True,
        where="x.reviewed_on IS NOT NULL",
        texts=("x.proposal", "x.improved", "x.new_problems"),
        summary=_reviewed,
        jurisdiction="x.jurisdiction_id",
        subject="x.cadre_id",
    ),
    TimelineSource(
        name="personal_matters",
        kind=TimelineKind.PERSONAL_MATTERS,
        resource=PERSONAL_MATTERS_REPORT,
        node="PersonalMattersReport",
        table="personal_matters_report x",
        cadre="x.cadre_id",
        at="x.submitted_on",
        at_is_day=True,
        texts=("x.year", "(SELECT COUNT(*) FROM personal_matter m WHERE m.report_id = x.id)"),
        summary=lambda t: f"报告{t[0]}年度个人有关事项，共{t[1]}项",
        jurisdiction="x.jurisdiction_id",
        subject="x.cadre_id",
    ),
    TimelineSource(
        name="top_leader_report",
        kind=TimelineKind.TOP_LEADER_REPORT,
        resource=TOP_LEADER_REPORT,
        node="TopLeaderReport",
        table="top_leader_report x",
        cadre="x.cadre_id",
        at="x.submitted_on",
        at_is_day=True,
        texts=("x.year",),
        summary=lambda t: f"提交{t[0]}年度一把手个人述责述廉报告",
        jurisdiction="x.jurisdiction_id",
        subject="x.cadre_id",
    ),
    # Team records (D1, D2) are on the file of every cadre present.
    TimelineSource(
        name="major_decision",
        kind=TimelineKind.MAJOR_DECISION,
        resource=MAJOR_DECISION,
        node="MajorDecision",
        table="major_decision_attendee a JOIN major_decision x ON x.id = a.decision_id",
        cadre="a.cadre_id",
        at="x.decided_on",
        at_is_day=True,
        texts=("x.kind", "x.subject", "x.amount"),
        summary=lambda t: (
            f"参加集体决策（{label(MATTER_KINDS, t[0])}）：{clip(t[1])}" + _amount(t[2])
        ),
        jurisdiction="x.jurisdiction_id",
    ),
    TimelineSource(
        name="life_meeting",
        kind=TimelineKind.LIFE_MEETING,
        resource=LIFE_MEETING,
        node="LifeMeeting",
        table="life_meeting_attendee a JOIN life_meeting x ON x.id = a.meeting_id",
        cadre="a.cadre_id",
        at="x.held_on",
        at_is_day=True,
        texts=(
            "(SELECT COUNT(*) FROM life_meeting_problem p "
            "WHERE p.meeting_id = x.id AND p.cadre_id = a.cadre_id)",
        ),
        summary=lambda t: f"参加民主生活会，本人查摆问题{t[0]}项",
        jurisdiction="x.jurisdiction_id",
    ),
    TimelineSource(
        name="life_meeting_problem",
        kind=TimelineKind.LIFE_MEETING,
        resource=LIFE_MEETING_PROBLEM,
        node="LifeMeetingProblem",
        table="life_meeting_problem x JOIN life_meeting m ON m.id = x.meeting_id",
        cadre="x.cadre_id",
        at="m.held_on",
        at_is_day=True,
        texts=("x.problem", "x.due_on"),
        summary=lambda t: f"民主生活会查摆问题：{clip(t[0])}（{t[1]}前整改）",
        jurisdiction="x.jurisdiction_id",
        subject="x.cadre_id",
    ),
    TimelineSource(
        name="rectification_done",
        kind=TimelineKind.LIFE_MEETING,
        resource=LIFE_MEETING_PROBLEM,
        node="LifeMeetingProblem",
        table="life_meeting_problem x",
        cadre="x.cadre_id",
        at="x.done_on",
        at_is_day=True,
        where="x.done_on IS NOT NULL",
        texts=("x.rectification", "x.completion_note"),
        summary=lambda t: f"整改完成：{clip(t[0])}" + (f"（{clip(t[1], 30)}）" * bool(t[1])),
        jurisdiction="x.jurisdiction_id",
        subject="x.cadre_id",
    ),
    TimelineSource(
        name="life_meeting_review",
        kind=TimelineKind.LIFE_MEETING,
        resource=LIFE_MEETING,
        node="LifeMeeting",
        table="life_meeting_attendee a JOIN life_meeting x ON x.id = a.meeting_id",
        cadre="a.cadre_id",
        at="x.reviewed_on",
        at_is_day=True,
        where="x.reviewed_on IS NOT NULL",
        texts=("x.review_verdict", "x.review_comment"),
        summary=lambda t: (
            f"上级审核民主生活会：{label(LIFE_VERDICTS, t[0])}" + (f"：{clip(t[1])}" * bool(t[1]))
        ),
        jurisdiction="x.jurisdiction_id",
    ),
    TimelineSource(
        name="supervision_information",
        kind=TimelineKind.SUPERVISION_INFORMATION,
        resource=SUPERVISION_INFORMATION,
        node="SupervisionInformation",
        table="supervision_information x",
        cadre="x.cadre_id",
        at="x.received_on",
        at_is_day=True,
        texts=("x.source", "x.severity", "x.summary"),
        summary=lambda t: (
            f"{label(INFORMATION_SOURCES, t[0])}通报（{label(SEVERITIES, t[1])}）：{clip(t[2])}"
        ),
        jurisdiction="x.jurisdiction_id",
        subject="x.cadre_id",
    ),
)

BY_NAME: dict[str, TimelineSource] = {s.name: s for s in TIMELINE_SOURCES}
