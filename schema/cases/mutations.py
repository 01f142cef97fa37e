"""Case mutations (D5, J4, J7): one per module."""

from __future__ import annotations

import strawberry

from schema.cases.assign_investigators import assign_investigators
from schema.cases.decide_case import decide_case
from schema.cases.open_case import open_case
from schema.cases.open_case_from_audit_finding import open_case_from_audit_finding
from schema.cases.record_case_finding import record_case_finding
from schema.cases.refer_case import refer_case
from schema.cases.take_over_case import take_over_case


@strawberry.type
class CaseMutations:
    open_case = open_case
    open_case_from_audit_finding = open_case_from_audit_finding
    assign_investigators = assign_investigators
    record_case_finding = record_case_finding
    decide_case = decide_case
    take_over_case = take_over_case
    refer_case = refer_case
