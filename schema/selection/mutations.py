"""Selection mutations (S1–S9, L2): one per module."""

from __future__ import annotations

import strawberry

from schema.selection.announce_inspection import announce_inspection
from schema.selection.answer_integrity_appraisal import answer_integrity_appraisal
from schema.selection.compliance_mutations import (
    record_compliance_check,
    record_self_check,
    submit_selection_report,
)
from schema.selection.fix_candidates import fix_candidates
from schema.selection.order_revocation import order_revocation
from schema.selection.record_accountability import record_accountability
from schema.selection.record_decision_meeting import record_decision_meeting
from schema.selection.record_inspection import record_inspection
from schema.selection.record_inspection_feedback import record_inspection_feedback
from schema.selection.record_integrity_opinion import record_integrity_opinion
from schema.selection.record_recommendation_round import record_recommendation_round
from schema.selection.record_supervision_opinion import record_supervision_opinion
from schema.selection.report_canvassing import report_canvassing
from schema.selection.request_integrity_appraisal import request_integrity_appraisal
from schema.selection.set_committee_members import set_committee_members
from schema.selection.start_selection import start_selection


@strawberry.type
class SelectionMutations:
    set_committee_members = set_committee_members
    start_selection = start_selection
    record_recommendation_round = record_recommendation_round
    fix_candidates = fix_candidates
    announce_inspection = announce_inspection
    record_inspection_feedback = record_inspection_feedback
    report_canvassing = report_canvassing
    request_integrity_appraisal = request_integrity_appraisal
    answer_integrity_appraisal = answer_integrity_appraisal
    record_inspection = record_inspection
    record_integrity_opinion = record_integrity_opinion
    record_supervision_opinion = record_supervision_opinion
    record_decision_meeting = record_decision_meeting
    record_accountability = record_accountability
    order_revocation = order_revocation
    record_self_check = record_self_check
    submit_selection_report = submit_selection_report
    record_compliance_check = record_compliance_check
