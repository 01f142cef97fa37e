"""Driving tip-offs and cases through the API."""

from __future__ import annotations

import uuid
from typing import Any

from tests.conftest import Client

TIPOFF_FIELDS = """
  id status channel content receivedAt routingDue acknowledgementDue deadlineBasis overdue
  subject { name post unit cadre { code } } jurisdiction { code } receivingUnit { code }
  reporter { name contact }
"""
TIPOFFS = f"""
query($filter: TipoffFilter, $first: Int, $after: String) {{
  tipoffs(filter: $filter, first: $first, after: $after) {{
    totalCount edges {{ node {{ {TIPOFF_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }}
  }}
}}
"""
TIPOFF = f"query($id: ID!) {{ tipoff(id: $id) {{ {TIPOFF_FIELDS} }} }}"
REGISTER = f"""
mutation($input: RegisterTipoffInput!) {{ registerTipoff(input: $input) {{ {TIPOFF_FIELDS} }} }}
"""
SUBMIT = "mutation($input: SubmitTipoffInput!) { submitTipoff(input: $input) { receiptCode } }"
STATUS = """
query($code: String!) {
  tipoffStatus(receiptCode: $code) { status receivedAt acknowledgedAt
                                     messages { at body fromReporter } }
}
"""
REVEAL = """
mutation($id: ID!, $reason: String!) {
  revealTipoffReporter(tipoffId: $id, reason: $reason) { name contact }
}
"""
CASE_FIELDS = """
  id kind status outcome measures overdue conclusionDue decisionReason
  subject { code } jurisdiction { code } originalJurisdiction { code } referredTo { code }
  informedUnit { code } investigators { username } findings { assessment facts author }
  tipoffs { id } parentCase { id }
"""
CASES = f"""
query($filter: CaseFilter, $first: Int) {{
  cases(filter: $filter, first: $first) {{ totalCount edges {{ node {{ {CASE_FIELDS} }} }} }}
}}
"""
OPEN_CASE = f"""
mutation($ids: [ID!]!, $cadre: String!) {{
  openCase(tipoffIds: $ids, cadreCode: $cadre) {{ {CASE_FIELDS} }}
}}
"""
ASSIGN = f"""
mutation($id: ID!, $users: [String!]!) {{
  assignInvestigators(caseId: $id, usernames: $users) {{ {CASE_FIELDS} }}
}}
"""
FINDING = f"""
mutation($id: ID!, $input: CaseFindingInput!) {{
  recordCaseFinding(caseId: $id, input: $input) {{ {CASE_FIELDS} }}
}}
"""
DECIDE = f"""
mutation($id: ID!, $input: DecideCaseInput!) {{
  decideCase(caseId: $id, input: $input) {{ {CASE_FIELDS} }}
}}
"""
TAKE_OVER = f"""
mutation($id: ID!, $reason: String!) {{
  takeOverCase(caseId: $id, reason: $reason) {{ {CASE_FIELDS} }}
}}
"""
REFER = f"""
mutation($id: ID!, $reason: String!) {{
  referCase(caseId: $id, reason: $reason) {{ {CASE_FIELDS} }}
}}
"""


async def registered(
    client: Client, user: str = "county-a.supervisor", cadre: str | None = "C-0101", **extra: Any
) -> dict[str, Any]:
    """A tip-off registered by staff, with a named reporter unless told otherwise."""
    tag = uuid.uuid4().hex[:8]
    data = await client.data(
        REGISTER,
        {
            "input": {
                "channel": "PHONE",
                "content": f"report {tag}",
                "cadreCode": cadre,
                "reporterName": f"报告人{tag}",
                "reporterContact": f"139{tag}",
                **extra,
            }
        },
        user=user,
    )
    tipoff: dict[str, Any] = data["registerTipoff"]
    return tipoff


async def open_case_on(
    client: Client, user: str = "county-a.supervisor", cadre: str = "C-0101"
) -> dict[str, Any]:
    tipoff = await registered(client, user, cadre)
    data = await client.data(OPEN_CASE, {"ids": [tipoff["id"]], "cadre": cadre}, user=user)
    case: dict[str, Any] = data["openCase"]
    return case


async def with_findings(
    client: Client,
    user: str = "county-a.supervisor",
    cadre: str = "C-0101",
    assessment: str = "SUBSTANTIATED",
) -> dict[str, Any]:
    case = await open_case_on(client, user, cadre)
    await client.data(ASSIGN, {"id": case["id"], "users": [user]}, user=user)
    data = await client.data(
        FINDING,
        {"id": case["id"], "input": {"assessment": assessment, "facts": "凭证核实"}},
        user=user,
    )
    found: dict[str, Any] = data["recordCaseFinding"]
    return found
