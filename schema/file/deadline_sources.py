"""The ONE registry of what falls due in the system (`deadlines`, reminders, overdue counts).

Each `DeadlineSource` says, once, which rows are a deadline still open: the day it falls due, the
jurisdiction it falls under, the cadre it concerns, the record a portal opens, the resource whose
scope decides who sees it (J3, J4, J7, with J5 where the resource is conflict-sensitive), and
whether its rule counts official working days. A yearly filing that is missing (a top leader's
report, D3; a unit's selection-work report, S9) has no row to hold its deadline: its source
selects the cadres or units that owe one, for each year in `yearly`.
`tests/test_file_registry.py` fails when a `DeadlineKind` has no source or a due-date column of a
model is in no source.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

import strawberry

from api.settings import get_settings
from models import (
    AdmonishmentStatus,
    CadreStatus,
    InquiryStatus,
    RectificationStatus,
    TipoffStatus,
)
from policies.resources import (
    ADMONISHMENT,
    AUDIT,
    CASE,
    INQUIRY_LETTER,
    LIFE_MEETING_PROBLEM,
    RECTIFICATION,
    TIPOFF,
    TOP_LEADER_REPORT,
    UNIT_SELECTION_WORK,
    Resource,
)
from rules import compliance, top_leader_reports
from rules.audits import OPEN as OPEN_AUDITS
from schema.cases.types import OPEN_STATUSES as OPEN_CASES


@strawberry.enum(description="What falls due (CONTRACT.md: deadlines).")
class DeadlineKind(Enum):
    TIPOFF_ROUTING = strawberry.enum_value(
        "TIPOFF_ROUTING",
        description="A tip-off waiting in a queue is to be routed to the cadre it concerns (J2), "
        "within CADRE_ROUTING_WORKING_DAYS official working days of its receipt.",
    )
    TIPOFF_ACKNOWLEDGEMENT = strawberry.enum_value(
        "TIPOFF_ACKNOWLEDGEMENT",
        description="A named reporter is owed the acceptance notice within "
        "CADRE_ACKNOWLEDGEMENT_WORKING_DAYS official working days (anonymous tip-offs owe none).",
    )
    CASE_CONCLUSION = strawberry.enum_value(
        "CASE_CONCLUSION",
        description="An open case is to be concluded within CADRE_CONCLUSION_DAYS days (D5).",
    )
    INQUIRY_REPLY = strawberry.enum_value(
        "INQUIRY_REPLY",
        description="A letter of inquiry awaits the cadre's written reply by its `replyDue` (D4).",
    )
    ADMONISHMENT_REVIEW = strawberry.enum_value(
        "ADMONISHMENT_REVIEW",
        description="An admonishment is to be reviewed at its `correctBy` day (D4).",
    )
    RECTIFICATION = strawberry.enum_value(
        "RECTIFICATION",
        description="A problem raised at a democratic life meeting (D2), or an audit finding "
        "(D7), is to be rectified by its due day.",
    )
    AUDIT_COMMISSION = strawberry.enum_value(
        "AUDIT_COMMISSION",
        description="A commissioned audit is to be completed by the audit bureau by its due "
        "date (D7).",
    )
    TOP_LEADER_REPORT = strawberry.enum_value(
        "TOP_LEADER_REPORT",
        description="A top leader owes the yearly report, due 31 January of the following year "
        "(D3, CADRE_TOP_LEADER_REPORT_DUE).",
    )
    SELECTION_REPORT = strawberry.enum_value(
        "SELECTION_REPORT",
        description="A county committee or city department owes its special report on "
        "selection work, due 30 November (S9).",
    )


@dataclass(frozen=True, slots=True)
class DeadlineSource:
    """Rows of `table` (alias `x`) for which `pending` holds: a deadline of `kind`."""

    name: str
    kind: DeadlineKind
    resource: Resource
    table: str
    pending: str  # may hold "{year}" once, for yearly sources
    unit: str  # the jurisdiction it falls under
    node: str | None = None  # the Node type `record` is; None: nothing exists yet to open
    due: str | None = None  # the date column; None for yearly sources
    yearly: Callable[[int], datetime.date] | None = None  # the due day of a year's filing
    cadre: str | None = None
    row: str = "x.id"
    record: str | None = "x.id"
    working_days: bool = False  # its rule counts official working days
    jurisdiction: str | None = None  # the resource's columns in this statement (Scope.sql)
    addressee: str | None = None
    subject: str | None = None
    columns: tuple[str, ...] = ()  # the model columns `due` stands for, "table.column"

    @property
    def own_id(self) -> str:
        """The id of the resource's own record: the record, or the cadre or unit owing a filing."""
        return self.record or self.row


def _statuses(values: object) -> str:
    return ", ".join(f"'{getattr(v, 'value', v)}'" for v in values)  # type: ignore[attr-defined]


def top_leader_report_due(year: int) -> datetime.date:
    return top_leader_reports.report_due(year, get_settings())


_COMMISSION = (
    "rectification_item x JOIN audit_finding f ON f.id = x.finding_id "
    "JOIN audit_result r ON r.id = f.result_id JOIN audit_commission c ON c.id = r.commission_id"
)

DEADLINE_SOURCES: tuple[DeadlineSource, ...] = (
    DeadlineSource(
        name="tipoff_routing",
        kind=DeadlineKind.TIPOFF_ROUTING,
        resource=TIPOFF,
        node="Tipoff",
        table="tipoff x",
        pending=f"x.status = '{TipoffStatus.RECEIVED.value}'",
        due="x.routing_due",
        unit="x.jurisdiction_id",
        cadre="x.subject_cadre_id",
        working_days=True,
        jurisdiction="x.jurisdiction_id",
        subject="x.subject_cadre_id",
        columns=("tipoff.routing_due",),
    ),
    DeadlineSource(
        name="tipoff_acknowledgement",
        kind=DeadlineKind.TIPOFF_ACKNOWLEDGEMENT,
        resource=TIPOFF,
        node="Tipoff",
        table="tipoff x",
        pending="x.acknowledged_at IS NULL AND x.acknowledgement_due IS NOT NULL",
        due="x.acknowledgement_due",
        unit="x.jurisdiction_id",
        cadre="x.subject_cadre_id",
        working_days=True,
        jurisdiction="x.jurisdiction_id",
        subject="x.subject_cadre_id",
        columns=("tipoff.acknowledgement_due",),
    ),
    DeadlineSource(
        name="case_conclusion",
        kind=DeadlineKind.CASE_CONCLUSION,
        resource=CASE,
        node="Case",
        table="supervision_case x",
        pending=f"x.status IN ({_statuses(OPEN_CASES)})",
        due="x.conclusion_due",
        unit="x.jurisdiction_id",
        cadre="x.cadre_id",
        jurisdiction="x.jurisdiction_id",
        addressee="x.referred_to_id",
        subject="x.cadre_id",
        columns=("supervision_case.conclusion_due",),
    ),
    DeadlineSource(
        name="inquiry_reply",
        kind=DeadlineKind.INQUIRY_REPLY,
        resource=INQUIRY_LETTER,
        node="InquiryLetter",
        table="inquiry_letter x",
        pending=f"x.status = '{InquiryStatus.AWAITING_REPLY.value}'",
        due="x.reply_due",
        unit="x.jurisdiction_id",
        cadre="x.cadre_id",
        jurisdiction="x.jurisdiction_id",
        subject="x.cadre_id",
        columns=("inquiry_letter.reply_due",),
    ),
    DeadlineSource(
        name="admonishment_review",
        kind=DeadlineKind.ADMONISHMENT_REVIEW,
        resource=ADMONISHMENT,
        node="Admonishment",
        table="admonishment x",
        pending=f"x.status = '{AdmonishmentStatus.CORRECTING.value}'",
        due="x.correct_by",
        unit="x.jurisdiction_id",
        cadre="x.cadre_id",
        jurisdiction="x.jurisdiction_id",
        subject="x.cadre_id",
        columns=("admonishment.correct_by",),
    ),
    DeadlineSource(
        name="life_meeting_rectification",
        kind=DeadlineKind.RECTIFICATION,
        resource=LIFE_MEETING_PROBLEM,
        node="LifeMeetingProblem",
        table="life_meeting_problem x",
        pending="x.done_on IS NULL",
        due="x.due_on",
        unit="x.jurisdiction_id",
        cadre="x.cadre_id",
        jurisdiction="x.jurisdiction_id",
        subject="x.cadre_id",
        columns=("life_meeting_problem.due_on",),
    ),
    # Rectifying an audit finding is the commissioning side's follow-up: the bureau's address
    # grants nothing here (as `node` shows it a RectificationItem).
    DeadlineSource(
        name="audit_rectification",
        kind=DeadlineKind.RECTIFICATION,
        resource=RECTIFICATION,
        node="RectificationItem",
        table=_COMMISSION,
        pending=f"x.status = '{RectificationStatus.OPEN.value}'",
        due="x.due_date",
        unit="c.managing_unit_id",
        cadre="c.cadre_id",
        jurisdiction="c.managing_unit_id",
        columns=("rectification_item.due_date",),
    ),
    DeadlineSource(
        name="audit_commission",
        kind=DeadlineKind.AUDIT_COMMISSION,
        resource=AUDIT,
        node="AuditCommission",
        table="audit_commission x",
        pending=f"x.status IN ({_statuses(OPEN_AUDITS)})",
        due="x.due_date",
        unit="x.managing_unit_id",
        cadre="x.cadre_id",
        jurisdiction="x.managing_unit_id",
        addressee="x.addressed_unit_id",
        columns=("audit_commission.due_date",),
    ),
    DeadlineSource(
        name="top_leader_report",
        kind=DeadlineKind.TOP_LEADER_REPORT,
        resource=TOP_LEADER_REPORT,
        table="cadre x",
        pending=(
            f"x.is_top_leader AND x.status = '{CadreStatus.IN_OFFICE.value}' AND NOT EXISTS "
            "(SELECT 1 FROM "
            "top_leader_report r WHERE r.cadre_id = x.id AND r.year = {year})"
        ),
        yearly=top_leader_report_due,
        unit="x.managing_unit_id",
        cadre="x.id",
        record=None,
        jurisdiction="x.managing_unit_id",
        subject="x.id",
    ),
    DeadlineSource(
        name="selection_report",
        kind=DeadlineKind.SELECTION_REPORT,
        resource=UNIT_SELECTION_WORK,
        table="org_unit x",
        pending=(
            f"x.kind IN ({_statuses(compliance.REPORTING_KINDS)}) AND NOT EXISTS (SELECT 1 "
            "FROM selection_report r WHERE r.unit_id = x.id AND r.year = {year})"
        ),
        yearly=compliance.report_due,
        unit="x.id",
        record=None,
        jurisdiction="x.id",
    ),
)

BY_NAME: dict[str, DeadlineSource] = {s.name: s for s in DEADLINE_SOURCES}
