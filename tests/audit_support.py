"""Driving the audit workflow through the API, as the organisation and the bureau's systems do."""

from __future__ import annotations

import itertools
from typing import Any

from tests.conftest import Client

_years = itertools.count(1901)

COMMISSION_FIELDS = """
  id status kind periodStart periodEnd dueDate updatedAt overdue
  cadre { code name post workUnit { code } }
  managingUnit { code } addressedTo { code }
  result { rating summary findings { id severity category description amount
           rectifications { id status } } }
  feedback { notes }
"""
COMMISSION = f"""
mutation($input: CommissionAuditInput!) {{
  commissionAudit(input: $input) {{ {COMMISSION_FIELDS} }}
}}
"""
ACCEPT = (
    f"mutation($id: ID!) {{ acceptAuditCommission(commissionId: $id) {{ {COMMISSION_FIELDS} }} }}"
)
START = f"mutation($id: ID!) {{ startAuditWork(commissionId: $id) {{ {COMMISSION_FIELDS} }} }}"
SUBMIT = f"""
mutation($id: ID!, $input: AuditResultInput!, $key: String!) {{
  submitAuditResult(commissionId: $id, input: $input, idempotencyKey: $key) {{
    {COMMISSION_FIELDS}
  }}
}}
"""
FEEDBACK = f"""
mutation($id: ID!, $input: AuditFeedbackInput!) {{
  recordAuditFeedback(commissionId: $id, input: $input) {{ {COMMISSION_FIELDS} }}
}}
"""
CLOSE = (
    f"mutation($id: ID!) {{ closeAuditCommission(commissionId: $id) {{ {COMMISSION_FIELDS} }} }}"
)
LIST = f"""
query($filter: AuditCommissionFilter, $first: Int, $after: String) {{
  auditCommissions(filter: $filter, first: $first, after: $after) {{
    totalCount edges {{ node {{ {COMMISSION_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }}
  }}
}}
"""


def commission_input(cadre: str = "C-0001", **overrides: Any) -> dict[str, Any]:
    """A commission over a year no other test uses, so periods never overlap."""
    year = next(_years)
    return {
        "cadreCode": cadre,
        "kind": "IN_TERM",
        "periodStart": f"{year}-01-01",
        "periodEnd": f"{year}-12-31",
        "dueDate": "2030-12-31",
        **overrides,
    }


def result_input(
    summary: str = "funds managed in order", amount: str | None = "12500.00"
) -> dict[str, Any]:
    return {
        "rating": "FAIRLY_GOOD",
        "summary": summary,
        "findings": [
            {
                "severity": "SIGNIFICANT",
                "category": "资金管理",
                "description": "超范围支出",
                "amount": amount,
            },
            {"severity": "MINOR", "category": "制度建设", "description": "审批制度不全"},
        ],
    }


async def commissioned(
    client: Client, cadre: str = "C-0001", user: str = "city.selector"
) -> dict[str, Any]:
    data = await client.data(COMMISSION, {"input": commission_input(cadre)}, user=user)
    commission: dict[str, Any] = data["commissionAudit"]
    return commission


async def answered(client: Client, cadre: str = "C-0001") -> dict[str, Any]:
    """A commission accepted by the bureau and answered with `result_input()`."""
    commission = await commissioned(client, cadre)
    await client.data(ACCEPT, {"id": commission["id"]}, user="audit.bureau")
    data = await client.data(
        SUBMIT,
        {"id": commission["id"], "input": result_input(), "key": commission["id"]},
        user="audit.bureau",
    )
    result: dict[str, Any] = data["submitAuditResult"]
    return result
