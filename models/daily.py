"""Daily supervision of leading cadres and the team records of the cadre's file (D1–D6).

Every record falls under one jurisdiction (J2), held in its `jurisdiction_id` column:

* records about one cadre (talks, inquiry letters, admonishments, personal matters reports, top
  leaders' yearly reports, supervision information) under the cadre's managing unit when recorded;
* team records (major decisions, democratic life meetings) under the committee that manages the
  team: the nearest jurisdiction strictly above the team's unit (下管一级).

For the cadre's timeline and the list of deadlines each model's docstring names its columns:
**date** (the offices' day it happened, newest first on the timeline), **cadre** (or **team**),
**jurisdiction**, and **deadline** when it has one. Every table is indexed for listing by
jurisdiction and by cadre (or team), newest first: `(jurisdiction_id, <date>, id)` and
`(cadre_id, <date>, id)`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.cadres import Cadre
    from models.cases import Case
    from models.units import OrgUnit
    from models.users import User


class TalkKind(StrEnum):
    REMINDER = "REMINDER"  # 提醒、打招呼 (D3)
    PERIODIC = "PERIODIC"  # 定期谈话 (D3)
    APPOINTMENT = "APPOINTMENT"  # 任前谈话 (D4)
    AFTER_INSPECTION = "AFTER_INSPECTION"  # feedback to every inspected cadre (D4)


class InquiryStatus(StrEnum):
    AWAITING_REPLY = "AWAITING_REPLY"
    REPLIED = "REPLIED"
    CONCLUDED = "CONCLUDED"


class InquiryOutcome(StrEnum):
    EXPLAINED = "EXPLAINED"  # 了结澄清
    TALK = "TALK"  # 谈话提醒
    ADMONISHMENT = "ADMONISHMENT"  # 诫勉
    CASE_OPENED = "CASE_OPENED"  # 转为核查


class AdmonishmentGround(StrEnum):
    LACK_OF_DRIVE = "LACK_OF_DRIVE"  # 不作为、不担当
    MEDIOCRE_WORK = "MEDIOCRE_WORK"  # 工作平庸
    REPEATED_MISTAKES = "REPEATED_MISTAKES"  # 屡犯错误
    DISUNITY = "DISUNITY"  # 班子不团结
    PUBLIC_COMPLAINTS = "PUBLIC_COMPLAINTS"  # 群众反映强烈
    CONDUCT = "CONDUCT"  # 作风问题
    OTHER = "OTHER"


class AdmonishmentStatus(StrEnum):
    CORRECTING = "CORRECTING"
    REVIEWED = "REVIEWED"


class ReviewProposal(StrEnum):
    LIFTED = "LIFTED"
    DEMOTION = "DEMOTION"
    REMOVAL = "REMOVAL"


class MajorMatterKind(StrEnum):
    MAJOR_DECISION = "MAJOR_DECISION"  # 重大决策
    IMPORTANT_APPOINTMENT = "IMPORTANT_APPOINTMENT"  # 重要干部任免
    MAJOR_PROJECT = "MAJOR_PROJECT"  # 重大项目安排
    LARGE_SUM = "LARGE_SUM"  # 大额资金使用


class LifeMeetingVerdict(StrEnum):
    SATISFACTORY = "SATISFACTORY"
    REDO = "REDO"


class InformationSource(StrEnum):
    DISCIPLINE = "DISCIPLINE"
    LAW_ENFORCEMENT = "LAW_ENFORCEMENT"
    AUDIT = "AUDIT"
    LETTERS_AND_VISITS = "LETTERS_AND_VISITS"
    ASSESSMENT = "ASSESSMENT"
    JOINT_MEETING = "JOINT_MEETING"
    OTHER = "OTHER"


class Severity(StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"


def _cadre() -> fields.ForeignKeyRelation[Cadre]:
    return fields.ForeignKeyField("models.Cadre", related_name=False, on_delete=fields.RESTRICT)


def _unit() -> fields.ForeignKeyRelation[OrgUnit]:
    return fields.ForeignKeyField("models.OrgUnit", related_name=False, on_delete=fields.RESTRICT)


def _user() -> fields.ForeignKeyRelation[User]:
    return fields.ForeignKeyField("models.User", related_name=False, on_delete=fields.RESTRICT)


def _user_or_none() -> fields.ForeignKeyNullableRelation[User]:
    return fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.RESTRICT
    )


class _Recorded(Model):
    """Who recorded it and when (CONTRACT.md: recordedBy, recordedAt)."""

    id = fields.IntField(primary_key=True)
    recorded_by: fields.ForeignKeyRelation[User] = _user()
    recorded_by_id: int
    recorded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        abstract = True


class _AboutCadre(_Recorded):
    """A record in one cadre's file, under the cadre's managing unit when recorded (J2)."""

    cadre: fields.ForeignKeyRelation[Cadre] = _cadre()
    cadre_id: int
    jurisdiction: fields.ForeignKeyRelation[OrgUnit] = _unit()
    jurisdiction_id: int

    class Meta:
        abstract = True


class _TeamRecord(_Recorded):
    """A record of a leadership team (unit), under the committee that manages the team (J2)."""

    unit: fields.ForeignKeyRelation[OrgUnit] = _unit()
    unit_id: int
    jurisdiction: fields.ForeignKeyRelation[OrgUnit] = _unit()
    jurisdiction_id: int

    class Meta:
        abstract = True


class Talk(_AboutCadre):
    """D3, D4 谈话: date held_on, cadre cadre_id, jurisdiction jurisdiction_id, no deadline.
    Who held it: TalkHolder rows."""

    kind = fields.CharEnumField(TalkKind, max_length=20)
    held_on = fields.DateField()
    summary = fields.TextField(default="")

    class Meta:
        table = "talk"
        indexes = (("jurisdiction_id", "held_on", "id"), ("cadre_id", "held_on", "id"))


class TalkHolder(Model):
    """A cadre who held a talk (the superior's leader, the organisation department's head)."""

    id = fields.IntField(primary_key=True)
    talk: fields.ForeignKeyRelation[Talk] = fields.ForeignKeyField(
        "models.Talk", related_name="holders", on_delete=fields.CASCADE
    )
    talk_id: int
    cadre: fields.ForeignKeyRelation[Cadre] = _cadre()
    cadre_id: int

    class Meta:
        table = "talk_holder"
        unique_together = (("talk_id", "cadre_id"),)


class InquiryLetter(_AboutCadre):
    """D4 函询: date sent_on, cadre cadre_id, jurisdiction jurisdiction_id, deadline
    reply_due while status is AWAITING_REPLY (overdue once the offices' today is after it).
    The written reply (reply_received_on, reply_text) is recorded once, the conclusion
    (outcome, conclusion_note, concluded_on) may open a case (case_id)."""

    matter = fields.TextField()
    sent_on = fields.DateField()
    reply_due = fields.DateField()
    status = fields.CharEnumField(
        InquiryStatus, max_length=16, default=InquiryStatus.AWAITING_REPLY
    )
    reply_received_on = fields.DateField(null=True)
    reply_text = fields.TextField(null=True)
    reply_recorded_by: fields.ForeignKeyNullableRelation[User] = _user_or_none()
    reply_recorded_by_id: int | None
    outcome = fields.CharEnumField(InquiryOutcome, max_length=16, null=True)
    conclusion_note = fields.TextField(null=True)
    concluded_on = fields.DateField(null=True)
    concluded_by: fields.ForeignKeyNullableRelation[User] = _user_or_none()
    concluded_by_id: int | None
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    case_id: int | None

    class Meta:
        table = "inquiry_letter"
        indexes = (
            ("jurisdiction_id", "sent_on", "id"),
            ("cadre_id", "sent_on", "id"),
            ("status", "reply_due"),
        )


class Admonishment(_AboutCadre):
    """D4 诫勉: date issued_on, cadre cadre_id, jurisdiction jurisdiction_id, deadline
    correct_by (the review falls due that day) while status is CORRECTING. grounds holds
    comma-separated AdmonishmentGround values, notice the written notice given to the cadre.
    The review: reviewed_on, improved, new_problems, proposal, findings."""

    grounds = fields.CharField(max_length=200)
    facts = fields.TextField()
    notice = fields.TextField()
    issued_on = fields.DateField()
    correct_by = fields.DateField()
    status = fields.CharEnumField(
        AdmonishmentStatus, max_length=16, default=AdmonishmentStatus.CORRECTING
    )
    reviewed_on = fields.DateField(null=True)
    improved = fields.BooleanField(null=True)
    new_problems = fields.BooleanField(null=True)
    proposal = fields.CharEnumField(ReviewProposal, max_length=16, null=True)
    findings = fields.TextField(null=True)
    reviewed_by: fields.ForeignKeyNullableRelation[User] = _user_or_none()
    reviewed_by_id: int | None

    class Meta:
        table = "admonishment"
        indexes = (
            ("jurisdiction_id", "issued_on", "id"),
            ("cadre_id", "issued_on", "id"),
            ("status", "correct_by"),
        )


class PersonalMattersReport(_AboutCadre):
    """D4 个人有关事项报告: date submitted_on, cadre cadre_id, jurisdiction jurisdiction_id,
    no deadline. One per cadre and year, its matters are PersonalMatter rows."""

    year = fields.IntField()
    submitted_on = fields.DateField()

    class Meta:
        table = "personal_matters_report"
        unique_together = (("cadre_id", "year"),)
        indexes = (("jurisdiction_id", "submitted_on", "id"), ("cadre_id", "submitted_on", "id"))


class PersonalMatter(Model):
    id = fields.IntField(primary_key=True)
    report: fields.ForeignKeyRelation[PersonalMattersReport] = fields.ForeignKeyField(
        "models.PersonalMattersReport", related_name="matters", on_delete=fields.CASCADE
    )
    report_id: int
    category = fields.CharField(max_length=100)
    detail = fields.TextField()

    class Meta:
        table = "personal_matter"


class TopLeaderReport(_AboutCadre):
    """D3 一把手年度报告: date submitted_on, cadre cadre_id, jurisdiction jurisdiction_id.
    One per top leader and year. Deadline: 31 January of year + 1 (the setting
    top_leader_report_due, rules/top_leader_reports.py report_due), a top leader with no row for a
    year is what falls due — there is no row to hold that deadline, the rule computes it."""

    year = fields.IntField()
    submitted_on = fields.DateField()
    thought = fields.TextField()
    work = fields.TextField()
    style = fields.TextField()
    integrity = fields.TextField()
    responsibility = fields.TextField()
    team_building = fields.TextField()

    class Meta:
        table = "top_leader_report"
        unique_together = (("cadre_id", "year"),)
        indexes = (
            ("jurisdiction_id", "submitted_on", "id"),
            ("cadre_id", "submitted_on", "id"),
            ("year", "cadre_id"),
        )


class MajorDecision(_TeamRecord):
    """D1 the team's collective decision on a major matter: date decided_on, team unit_id,
    jurisdiction jurisdiction_id, no deadline. On the timeline of every cadre present
    (MajorDecisionAttendee.cadre_id). amount in yuan."""

    kind = fields.CharEnumField(MajorMatterKind, max_length=24)
    decided_on = fields.DateField()
    subject = fields.TextField()
    amount = fields.DecimalField(max_digits=16, decimal_places=2, null=True)
    outcome = fields.TextField()
    minutes = fields.TextField()

    class Meta:
        table = "major_decision"
        indexes = (("jurisdiction_id", "decided_on", "id"), ("unit_id", "decided_on", "id"))


class MajorDecisionAttendee(Model):
    """A cadre present at a major decision (cadre cadre_id)."""

    id = fields.IntField(primary_key=True)
    decision: fields.ForeignKeyRelation[MajorDecision] = fields.ForeignKeyField(
        "models.MajorDecision", related_name="attendees", on_delete=fields.CASCADE
    )
    decision_id: int
    cadre: fields.ForeignKeyRelation[Cadre] = _cadre()
    cadre_id: int

    class Meta:
        table = "major_decision_attendee"
        unique_together = (("decision_id", "cadre_id"),)
        indexes = (("cadre_id", "decision_id"),)


class LifeMeeting(_TeamRecord):
    """D2 民主生活会: date held_on, team unit_id, jurisdiction jurisdiction_id, on the
    timeline of every attendee (LifeMeetingAttendee.cadre_id). Deadlines are its problems'
    LifeMeetingProblem.due_on. The superior's review: review_verdict, review_comment,
    reviewed_on, reviewed_by_id."""

    held_on = fields.DateField()
    review_verdict = fields.CharEnumField(LifeMeetingVerdict, max_length=16, null=True)
    review_comment = fields.TextField(null=True)
    reviewed_on = fields.DateField(null=True)
    reviewed_by: fields.ForeignKeyNullableRelation[User] = _user_or_none()
    reviewed_by_id: int | None

    class Meta:
        table = "life_meeting"
        indexes = (("jurisdiction_id", "held_on", "id"), ("unit_id", "held_on", "id"))


class LifeMeetingAttendee(Model):
    """A cadre who attended a life meeting (cadre cadre_id)."""

    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[LifeMeeting] = fields.ForeignKeyField(
        "models.LifeMeeting", related_name="attendees", on_delete=fields.CASCADE
    )
    meeting_id: int
    cadre: fields.ForeignKeyRelation[Cadre] = _cadre()
    cadre_id: int

    class Meta:
        table = "life_meeting_attendee"
        unique_together = (("meeting_id", "cadre_id"),)
        indexes = (("cadre_id", "meeting_id"),)


class LifeMeetingProblem(Model):
    """A problem raised at a life meeting and its rectification (D2): cadre cadre_id,
    jurisdiction jurisdiction_id (the meeting's, copied so the deadline list needs no join),
    deadline due_on while done_on is null (overdue once the offices' today is after it)."""

    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[LifeMeeting] = fields.ForeignKeyField(
        "models.LifeMeeting", related_name="problems", on_delete=fields.CASCADE
    )
    meeting_id: int
    jurisdiction: fields.ForeignKeyRelation[OrgUnit] = _unit()
    jurisdiction_id: int
    cadre: fields.ForeignKeyRelation[Cadre] = _cadre()
    cadre_id: int
    problem = fields.TextField()
    rectification = fields.TextField()
    due_on = fields.DateField()
    done_on = fields.DateField(null=True)
    completion_note = fields.TextField(null=True)
    completed_by: fields.ForeignKeyNullableRelation[User] = _user_or_none()
    completed_by_id: int | None

    class Meta:
        table = "life_meeting_problem"
        indexes = (
            ("meeting_id", "id"),
            ("jurisdiction_id", "due_on"),
            ("cadre_id", "due_on"),
        )


class SupervisionInformation(_AboutCadre):
    """D6 information from other departments: date received_on, cadre cadre_id, jurisdiction
    jurisdiction_id, no deadline, source and severity (HIGH feeds the warning)."""

    source = fields.CharEnumField(InformationSource, max_length=20)
    received_on = fields.DateField()
    summary = fields.TextField()
    severity = fields.CharEnumField(Severity, max_length=8)

    class Meta:
        table = "supervision_information"
        indexes = (
            ("jurisdiction_id", "received_on", "id"),
            ("cadre_id", "received_on", "id"),
            ("severity", "received_on"),
        )
