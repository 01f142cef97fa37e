"""Audit mutations (D7): one per module."""

from __future__ import annotations

import strawberry

from schema.audits.accept_audit_commission import accept_audit_commission
from schema.audits.add_rectification_item import add_rectification_item
from schema.audits.adjust_audit_plan import adjust_audit_plan
from schema.audits.approve_audit_plan import approve_audit_plan
from schema.audits.close_audit_commission import close_audit_commission
from schema.audits.commission_audit import commission_audit
from schema.audits.complete_rectification_item import complete_rectification_item
from schema.audits.propose_audit_plan import propose_audit_plan
from schema.audits.record_audit_feedback import record_audit_feedback
from schema.audits.start_audit_work import start_audit_work
from schema.audits.submit_audit_result import submit_audit_result


@strawberry.type
class AuditMutations:
    commission_audit = commission_audit
    accept_audit_commission = accept_audit_commission
    start_audit_work = start_audit_work
    submit_audit_result = submit_audit_result
    record_audit_feedback = record_audit_feedback
    close_audit_commission = close_audit_commission
    add_rectification_item = add_rectification_item
    complete_rectification_item = complete_rectification_item
    propose_audit_plan = propose_audit_plan
    adjust_audit_plan = adjust_audit_plan
    approve_audit_plan = approve_audit_plan
