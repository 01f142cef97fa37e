"""Every decision takes effect once however often it is sent at once (issue 9: "test them all"):
for each mutation field of the schema a prepared valid call, sent ten times at once; one of them
takes effect and the others are CONFLICT, or, where the contract makes a repeat harmless
(`schema.extensions.REPEATABLE`), every one answers the same. A mutation added to the schema
without an entry here fails `test_every_mutation_of_the_schema_has_a_prepared_call`.

"One effect" is read where every decision leaves it: the access log. The decision entries (not
reads) written meanwhile all come from one request, and one of them names the record the
mutation answered with, which is why a mutation may answer without the protected layer
(`schema.protected.answers_decision`)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from strawberry.relay import from_base64
from strawberry.types.base import StrawberryObjectDefinition

from models import AccessLogEntry
from schema import schema
from schema.extensions import REPEATABLE
from tests.audit_support import (
    ACCEPT,
    CLOSE,
    COMMISSION,
    FEEDBACK,
    SUBMIT,
    answered,
    commission_input,
    commissioned,
    result_input,
)
from tests.conftest import Client
from tests.daily_support import (
    ADMONISH,
    COMPLETE,
    CONCLUDE,
    DECISION,
    INFORMATION,
    MEETING_RECORD,
    PERSONAL,
    RECORD_TALK,
    REPLY,
    REVIEW,
    REVIEW_MEETING,
    SEND_LETTER,
    TOP_REPORT,
    ago,
    days,
    decision_input,
    send_letter,
    today,
    unique,
    who,
)
from tests.selection_support import (
    ANNOUNCE,
    ANSWER,
    FIX,
    INSPECT,
    INTEGRITY,
    MEETING,
    OPINION,
    REQUEST,
    ROLL,
    ROUND,
    SET_ROLL,
    START,
    SUPERVISOR,
    Scenario,
    county_selector,
    round_input,
)
from tests.test_duplicates import outcomes, ten_at_once
from tests.tipoff_support import (
    ASSIGN,
    DECIDE,
    FINDING,
    OPEN_CASE,
    REFER,
    REGISTER,
    REVEAL,
    TAKE_OVER,
    open_case_on,
    registered,
    with_findings,
)

COUNTY = "county-a.supervisor"
CADRE = "C-0115"  # a county-a cadre of the duplicate tests' own


@dataclass(frozen=True)
class Call:
    """One valid call of a mutation, ready to send: who sends it, the document, its variables."""

    user: str
    query: str
    variables: dict[str, Any]


Prepare = Callable[[Client], Awaitable[Call]]

NOT_CLAIMED = {
    "submitTipoff": "anonymous: no address is kept to tell a double click from two reporters",
    "replyToTipoff": "anonymous: the reporter's receipt code is a key, not an account",
}
"""Public operations, which `OneEffect` does not claim (CONTRACT.md: no token, no address)."""


# -- tip-offs and cases ------------------------------------------------------------------------


def _tipoff_call(field: str, args: str, params: str, **variables: Any) -> Callable[..., Call]:
    def call(tipoff: dict[str, Any], user: str = COUNTY) -> Call:
        return Call(
            user,
            f"mutation($id: ID!{params}) {{ {field}(tipoffId: $id{args}) {{ id }} }}",
            {"id": tipoff["id"], **variables},
        )

    return call


async def register_tipoff(client: Client) -> Call:
    content = unique("report")
    return Call(
        COUNTY, REGISTER, {"input": {"channel": "PHONE", "content": content, "cadreCode": CADRE}}
    )


async def route_tipoff(client: Client) -> Call:
    waiting = await registered(client, cadre=None)
    call = _tipoff_call("routeTipoff", ", cadreCode: $cadre", ", $cadre: String!", cadre=CADRE)
    return call(waiting)


async def transfer_tipoff(client: Client) -> Call:
    waiting = await registered(client, cadre=None)
    call = _tipoff_call(
        "transferTipoff",
        ', unitCode: "county-b", reason: $reason',
        ", $reason: String!",
        reason="被反映人在乙县任职",
    )
    return call(waiting)


async def acknowledge_tipoff(client: Client) -> Call:
    call = _tipoff_call("acknowledgeTipoff", ", message: $m", ", $m: String!", m="已受理")
    return call(await registered(client, cadre=CADRE))


async def send_tipoff_message(client: Client) -> Call:
    call = _tipoff_call("sendTipoffMessage", ", body: $m", ", $m: String!", m="请补充材料")
    return call(await registered(client, cadre=CADRE))


async def reveal_tipoff_reporter(client: Client) -> Call:
    tipoff = await registered(client, cadre=CADRE)
    return Call(COUNTY, REVEAL, {"id": tipoff["id"], "reason": "需要核实举报细节"})


async def open_case(client: Client) -> Call:
    tipoff = await registered(client, cadre=CADRE)
    return Call(COUNTY, OPEN_CASE, {"ids": [tipoff["id"]], "cadre": CADRE})


async def open_case_from_audit_finding(client: Client) -> Call:
    finding = (await answered(client, "C-0007"))["result"]["findings"][0]["id"]
    query = "mutation($id: ID!) { openCaseFromAuditFinding(findingId: $id) { id } }"
    return Call("city.supervisor", query, {"id": finding})


async def assign_investigators(client: Client) -> Call:
    case = await open_case_on(client, cadre=CADRE)
    return Call(COUNTY, ASSIGN, {"id": case["id"], "users": [COUNTY]})


async def record_case_finding(client: Client) -> Call:
    case = await open_case_on(client, cadre=CADRE)
    await client.data(ASSIGN, {"id": case["id"], "users": [COUNTY]}, user=COUNTY)
    finding = {"assessment": "SUBSTANTIATED", "facts": unique("凭证核实")}
    return Call(COUNTY, FINDING, {"id": case["id"], "input": finding})


async def decide_case(client: Client) -> Call:
    case = await with_findings(client, cadre=CADRE)
    decision = {"outcome": "FOUNDED", "measures": ["ADMONISHMENT"], "reason": "属实"}
    return Call(COUNTY, DECIDE, {"id": case["id"], "input": decision})


async def take_over_case(client: Client) -> Call:
    case = await open_case_on(client, cadre=CADRE)
    return Call("city.supervisor", TAKE_OVER, {"id": case["id"], "reason": "提级查核"})


async def refer_case(client: Client) -> Call:
    case = await open_case_on(client, cadre=CADRE)
    return Call(COUNTY, REFER, {"id": case["id"], "reason": "涉嫌违纪"})


# -- audits ------------------------------------------------------------------------------------

BUREAU = "audit.bureau"
AUDITED = "C-0002"


def _commission_call(field: str, user: str, commission: dict[str, Any]) -> Call:
    query = f"mutation($id: ID!) {{ {field}(commissionId: $id) {{ id }} }}"
    return Call(user, query, {"id": commission["id"]})


async def commission_audit(client: Client) -> Call:
    return Call("city.supervisor", COMMISSION, {"input": commission_input(AUDITED)})


async def accept_audit_commission(client: Client) -> Call:
    return Call(BUREAU, ACCEPT, {"id": (await commissioned(client, AUDITED))["id"]})


async def start_audit_work(client: Client) -> Call:
    commission = await commissioned(client, AUDITED)
    await client.data(ACCEPT, {"id": commission["id"]}, user=BUREAU)
    return _commission_call("startAuditWork", BUREAU, commission)


async def submit_audit_result(client: Client) -> Call:
    commission = await commissioned(client, AUDITED)
    await client.data(ACCEPT, {"id": commission["id"]}, user=BUREAU)
    variables = {"id": commission["id"], "input": result_input(), "key": commission["id"]}
    return Call(BUREAU, SUBMIT, variables)


FEEDBACK_INPUT = {"discussedOn": "2026-01-05", "notes": "谈话"}


async def record_audit_feedback(client: Client) -> Call:
    commission = await answered(client, AUDITED)
    return Call("city.selector", FEEDBACK, {"id": commission["id"], "input": FEEDBACK_INPUT})


async def close_audit_commission(client: Client) -> Call:
    commission = await answered(client, AUDITED)
    variables = {"id": commission["id"], "input": FEEDBACK_INPUT}
    await client.data(FEEDBACK, variables, user="city.selector")
    return Call("city.selector", CLOSE, {"id": commission["id"]})


ADD_ITEM = """
mutation($id: ID!, $input: RectificationItemInput!) {
  addRectificationItem(findingId: $id, input: $input) { id }
}
"""


async def _item_input(client: Client) -> dict[str, Any]:
    finding = (await answered(client, AUDITED))["result"]["findings"][0]
    item = {"owner": "财务科", "description": unique("收回资金"), "dueDate": "2030-06-30"}
    return {"id": finding["id"], "input": item}


async def add_rectification_item(client: Client) -> Call:
    return Call("city.supervisor", ADD_ITEM, await _item_input(client))


async def complete_rectification_item(client: Client) -> Call:
    item = await client.data(ADD_ITEM, await _item_input(client), user="city.supervisor")
    query = 'mutation($id: ID!) { completeRectificationItem(itemId: $id, note: "已收回") { id } }'
    return Call("city.selector", query, {"id": item["addRectificationItem"]["id"]})


PLANNER = "finance.supervisor"
PROPOSE = (
    'mutation($year: Int!) { proposeAuditPlan(year: $year, unitCode: "dept-finance", '
    'share: "0.5") { id } }'
)


async def _plan(client: Client, year: int) -> str:
    plan: str = (await client.data(PROPOSE, {"year": year}, user=PLANNER))["proposeAuditPlan"]["id"]
    return plan


async def propose_audit_plan(client: Client) -> Call:
    return Call(PLANNER, PROPOSE, {"year": 2041})


async def adjust_audit_plan(client: Client) -> Call:
    query = """
    mutation($id: ID!) { adjustAuditPlan(planId: $id, input: {
        exclude: [{cadreCode: "C-0301", reason: "audited by the province this year"}]}) { id } }
    """
    return Call(PLANNER, query, {"id": await _plan(client, 2042)})


async def approve_audit_plan(client: Client) -> Call:
    query = "mutation($id: ID!) { approveAuditPlan(planId: $id) { id } }"
    return Call(PLANNER, query, {"id": await _plan(client, 2043)})


# -- selection ---------------------------------------------------------------------------------


async def set_committee_members(client: Client) -> Call:
    # far in the future, on a committee no other test reads the rolls of
    variables = {
        "unit": "soe-energy",
        "codes": ["C-0004", "C-0005", "C-0006"],
        "from": "2199-07-01",
    }
    return Call("admin", SET_ROLL, variables)


async def start_selection(client: Client) -> Call:
    started = {
        "managingUnit": "city",
        "postTitle": unique("post"),
        "workUnit": "city",
        "kind": "SINGLE_PROMOTION",
        "positions": 1,
    }
    return Call("city.selector", START, {"input": started})


def _step(s: Scenario, query: str, user: str | None = None, **variables: Any) -> Call:
    return Call(user or s.selector, query, {"id": s.id, **variables})


async def _started(client: Client) -> Scenario:
    s = Scenario(client)
    await s.start()
    return s


async def _announced(client: Client) -> Scenario:
    s = await _started(client)
    await s.round({"C-0020": 20})
    await s.fix(["C-0020"])
    await s.announce()
    return s


async def record_recommendation_round(client: Client) -> Call:
    s = await _started(client)
    return _step(s, ROUND, input=round_input({"C-0020": 30}))


async def fix_candidates(client: Client) -> Call:
    s = await _started(client)
    await s.round({"C-0020": 20})
    fixed = {"candidates": ["C-0020"], "reasons": [], "meetingDate": s.before(40)}
    return _step(s, FIX, input=fixed)


async def announce_inspection(client: Client) -> Call:
    s = await _started(client)
    await s.round({"C-0020": 20})
    await s.fix(["C-0020"])
    return _step(s, ANNOUNCE, input={"noticeFrom": s.before(30), "noticeTo": s.before(24)})


async def record_inspection_feedback(client: Client) -> Call:
    s = await _announced(client)
    query = """
    mutation($id: ID!, $input: InspectionFeedbackInput!) {
      recordInspectionFeedback(selectionId: $id, input: $input) { content }
    }
    """
    feedback = {"receivedOn": s.before(27), "channel": "LETTER", "content": unique("反映")}
    return _step(s, query, SUPERVISOR, input=feedback)


async def report_canvassing(client: Client) -> Call:
    s = await _announced(client)
    query = """
    mutation($id: ID!, $input: CanvassingReportInput!) {
      reportCanvassing(selectionId: $id, input: $input) { id }
    }
    """
    return _step(s, query, SUPERVISOR, input={"cadreCode": "C-0021", "facts": unique("宴请")})


async def request_integrity_appraisal(client: Client) -> Call:
    return _step(await _announced(client), REQUEST, SUPERVISOR)


async def answer_integrity_appraisal(client: Client) -> Call:
    s = await _announced(client)
    request = await s.run(REQUEST, {}, user=SUPERVISOR)
    answers = [
        {"cadreCode": c["code"], "verdict": "NO_PROBLEMS_KNOWN", "detail": ""}
        for c in request["candidates"]
    ]
    return Call("discipline.officer", ANSWER, {"id": request["id"], "answers": answers})


async def record_inspection(client: Client) -> Call:
    s = await _announced(client)
    return _step(s, INSPECT, cadre="C-0020", input=s.inspection_input())


async def record_integrity_opinion(client: Client) -> Call:
    s = await _announced(client)
    await s.appraise()
    await s.inspect("C-0020")
    return _step(s, INTEGRITY, SUPERVISOR, cadre="C-0020", opinion="廉洁自律情况良好")


async def record_supervision_opinion(client: Client) -> Call:
    s = await _announced(client)
    await s.appraise()
    await s.inspect("C-0020")
    return _step(s, OPINION, SUPERVISOR, cadre="C-0020", opinion="同意提交讨论")


async def _ready(client: Client, s: Scenario, roll: list[str], candidate: str) -> Scenario:
    await s.set_roll(roll)
    await s.ready([candidate])
    return s


async def record_decision_meeting(client: Client) -> Call:
    s = await _ready(client, Scenario(client), ROLL[:9], "C-0020")
    return _step(s, MEETING, input=s.meeting_input(ROLL[:6], ["C-0020"], agree=6))


async def record_accountability(client: Client) -> Call:
    s = await _ready(client, Scenario(client), ROLL[:9], "C-0020")
    await s.run(MEETING, {"input": s.meeting_input(ROLL[:6], ["C-0020"], agree=6)})
    query = """
    mutation($id: ID!) { recordAccountability(selectionId: $id, cadreCode: "C-0024",
      role: INSPECTOR, finding: "考察失实") { role } }
    """
    return _step(s, query, SUPERVISOR)


async def order_revocation(client: Client) -> Call:
    county = Scenario(client, unit="county-a", selector=await county_selector(client))
    roll = [f"C-01{n:02d}" for n in range(2, 11)]
    s = await _ready(client, county, roll, "C-0111")
    await s.run(MEETING, {"input": s.meeting_input(roll[:6], ["C-0111"], 6)})
    query = 'mutation($id: ID!) { orderRevocation(selectionId: $id, reason: "程序不合规") { id } }'
    return _step(s, query, SUPERVISOR)


COMPLIANCE_YEAR = 2019  # a year no other test reads the compliance of


async def record_self_check(client: Client) -> Call:
    query = "mutation($i: SelfCheckInput!) { recordSelfCheck(input: $i) { year } }"
    check = {"unitCode": "county-a", "year": COMPLIANCE_YEAR, "completedOn": "2019-10-01"}
    return Call(COUNTY, query, {"i": {**check, "findings": "程序规范"}})


async def submit_selection_report(client: Client) -> Call:
    query = "mutation($i: SelectionReportInput!) { submitSelectionReport(input: $i) { year } }"
    report = {"unitCode": "county-a", "year": COMPLIANCE_YEAR, "content": "专项报告"}
    return Call(COUNTY, query, {"i": report})


async def record_compliance_check(client: Client) -> Call:
    query = "mutation($i: ComplianceCheckInput!) { recordComplianceCheck(input: $i) { year } }"
    check = {"unitCode": "county-a", "year": COMPLIANCE_YEAR, "kind": "CHECK"}
    return Call(SUPERVISOR, query, {"i": {**check, "checkedOn": "2019-12-10", "findings": "无"}})


# -- daily supervision -------------------------------------------------------------------------


async def record_talk(client: Client) -> Call:
    talk = {"cadreCode": "C-0102", "kind": "REMINDER", "heldOn": days(-1), "heldBy": ["C-0001"]}
    return Call(COUNTY, RECORD_TALK, {"input": {**talk, "summary": unique("提醒谈话")}})


async def send_inquiry_letter(client: Client) -> Call:
    letter = {"cadreCode": "C-0102", "matter": unique("请说明情况"), "replyDue": days(10)}
    return Call(COUNTY, SEND_LETTER, {"input": letter})


async def record_inquiry_reply(client: Client) -> Call:
    letter = await send_letter(client)
    reply = {"receivedOn": days(0), "text": "情况属实"}
    return Call(COUNTY, REPLY, {"id": letter["id"], "input": reply})


async def conclude_inquiry(client: Client) -> Call:
    letter = await send_letter(client)
    reply = {"receivedOn": days(0), "text": "情况属实"}
    await client.data(REPLY, {"id": letter["id"], "input": reply}, user=COUNTY)
    conclusion = {"outcome": "EXPLAINED", "note": "说明属实"}
    return Call(COUNTY, CONCLUDE, {"id": letter["id"], "input": conclusion})


async def admonish(client: Client) -> Call:
    admonishment = {"cadreCode": "C-0107", "grounds": ["CONDUCT"], "correctBy": days(30)}
    return Call(COUNTY, ADMONISH, {"input": {**admonishment, "facts": unique("作风")}})


async def review_admonishment(client: Client) -> Call:
    from models import AdmonishmentGround
    from rules import admonishments
    from tests.daily_support import gid

    row = await admonishments.admonish(
        await who(COUNTY),
        "C-0107",
        [AdmonishmentGround.CONDUCT],
        unique("作风"),
        ago(5),
        on=ago(100),
    )
    review = {"improved": True, "newProblems": False, "findings": "已改进", "proposal": "LIFTED"}
    return Call(COUNTY, REVIEW, {"id": gid("Admonishment", row.id), "input": review})


async def record_personal_matters_report(client: Client) -> Call:
    year = today().year - 5
    report = {"cadreCode": "C-0108", "year": year, "submittedOn": f"{year}-12-30"}
    return Call(COUNTY, PERSONAL, {"input": {**report, "matters": []}})


async def submit_top_leader_report(client: Client) -> Call:
    year = today().year - 5
    text = dict.fromkeys(
        ("thought", "work", "style", "integrity", "responsibility", "teamBuilding"), "述责述廉"
    )
    report = {"cadreCode": "C-0105", "year": year, "submittedOn": f"{year}-12-30", **text}
    return Call(COUNTY, TOP_REPORT, {"input": report})


async def record_major_decision(client: Client) -> Call:
    return Call(COUNTY, DECISION, {"input": decision_input()})


def _life_meeting() -> dict[str, Any]:
    problem = {"cadreCode": "C-0102", "problem": unique("调研不深入"), "rectification": "每月下村"}
    return {
        "unitCode": "county-a.town-1",
        "heldOn": days(-3),
        "attendees": ["C-0101", "C-0102"],
        "problems": [{**problem, "dueOn": days(20)}],
    }


async def record_life_meeting(client: Client) -> Call:
    return Call(COUNTY, MEETING_RECORD, {"input": _life_meeting()})


async def _meeting(client: Client) -> dict[str, Any]:
    data = await client.data(MEETING_RECORD, {"input": _life_meeting()}, user=COUNTY)
    meeting: dict[str, Any] = data["recordLifeMeeting"]
    return meeting


async def complete_rectification(client: Client) -> Call:
    (problem,) = (await _meeting(client))["problems"]
    return Call(COUNTY, COMPLETE, {"id": problem["id"], "note": "已落实"})


async def review_life_meeting(client: Client) -> Call:
    meeting = await _meeting(client)
    review = {"verdict": "SATISFACTORY", "comment": "好"}
    return Call("city.supervisor", REVIEW_MEETING, {"id": meeting["id"], "input": review})


async def record_supervision_information(client: Client) -> Call:
    information = {"cadreCode": "C-0203", "source": "LAW_ENFORCEMENT", "severity": "LOW"}
    information |= {"receivedOn": days(-1), "summary": unique("交通违法")}
    return Call("county-b.supervisor", INFORMATION, {"input": information})


# -- accounts ----------------------------------------------------------------------------------

CREATE = "mutation($u: String!) { createUser(input: {username: $u}) { username } }"
GRANT = '{username: $u, role: "selector", unitCode: "county-b"}'


async def _account(client: Client) -> str:
    name = f"dup.{uuid.uuid4().hex[:8]}"
    await client.data(CREATE, {"u": name}, user="admin")
    return name


async def create_user(client: Client) -> Call:
    return Call("admin", CREATE, {"u": f"dup.{uuid.uuid4().hex[:8]}"})


async def deactivate_user(client: Client) -> Call:
    query = "mutation($u: String!) { deactivateUser(username: $u) { username } }"
    return Call("admin", query, {"u": await _account(client)})


async def assign_role(client: Client) -> Call:
    query = f"mutation($u: String!) {{ assignRole(input: {GRANT}) {{ id }} }}"
    return Call("admin", query, {"u": await _account(client)})


async def revoke_role(client: Client) -> Call:
    name = await _account(client)
    await client.data((await assign_role(client)).query, {"u": name}, user="admin")
    query = f"mutation($u: String!) {{ revokeRole(input: {GRANT}) {{ id }} }}"
    return Call("admin", query, {"u": name})


CALLS: dict[str, Prepare] = {
    "registerTipoff": register_tipoff,
    "routeTipoff": route_tipoff,
    "transferTipoff": transfer_tipoff,
    "acknowledgeTipoff": acknowledge_tipoff,
    "sendTipoffMessage": send_tipoff_message,
    "revealTipoffReporter": reveal_tipoff_reporter,
    "openCase": open_case,
    "openCaseFromAuditFinding": open_case_from_audit_finding,
    "assignInvestigators": assign_investigators,
    "recordCaseFinding": record_case_finding,
    "decideCase": decide_case,
    "takeOverCase": take_over_case,
    "referCase": refer_case,
    "commissionAudit": commission_audit,
    "acceptAuditCommission": accept_audit_commission,
    "startAuditWork": start_audit_work,
    "submitAuditResult": submit_audit_result,
    "recordAuditFeedback": record_audit_feedback,
    "closeAuditCommission": close_audit_commission,
    "addRectificationItem": add_rectification_item,
    "completeRectificationItem": complete_rectification_item,
    "proposeAuditPlan": propose_audit_plan,
    "adjustAuditPlan": adjust_audit_plan,
    "approveAuditPlan": approve_audit_plan,
    "setCommitteeMembers": set_committee_members,
    "startSelection": start_selection,
    "recordRecommendationRound": record_recommendation_round,
    "fixCandidates": fix_candidates,
    "announceInspection": announce_inspection,
    "recordInspectionFeedback": record_inspection_feedback,
    "reportCanvassing": report_canvassing,
    "requestIntegrityAppraisal": request_integrity_appraisal,
    "answerIntegrityAppraisal": answer_integrity_appraisal,
    "recordInspection": record_inspection,
    "recordIntegrityOpinion": record_integrity_opinion,
    "recordSupervisionOpinion": record_supervision_opinion,
    "recordDecisionMeeting": record_decision_meeting,
    "recordAccountability": record_accountability,
    "orderRevocation": order_revocation,
    "recordSelfCheck": record_self_check,
    "submitSelectionReport": submit_selection_report,
    "recordComplianceCheck": record_compliance_check,
    "recordTalk": record_talk,
    "sendInquiryLetter": send_inquiry_letter,
    "recordInquiryReply": record_inquiry_reply,
    "concludeInquiry": conclude_inquiry,
    "admonish": admonish,
    "reviewAdmonishment": review_admonishment,
    "recordPersonalMattersReport": record_personal_matters_report,
    "submitTopLeaderReport": submit_top_leader_report,
    "recordMajorDecision": record_major_decision,
    "recordLifeMeeting": record_life_meeting,
    "completeRectification": complete_rectification,
    "reviewLifeMeeting": review_life_meeting,
    "recordSupervisionInformation": record_supervision_information,
    "createUser": create_user,
    "deactivateUser": deactivate_user,
    "assignRole": assign_role,
    "revokeRole": revoke_role,
}


def test_every_mutation_of_the_schema_has_a_prepared_call() -> None:
    mutation = schema._schema.mutation_type
    assert mutation is not None
    assert set(mutation.fields) == set(CALLS) | set(NOT_CLAIMED)
    assert not set(CALLS) & set(NOT_CLAIMED)


def _decisions(entries: list[AccessLogEntry]) -> list[AccessLogEntry]:
    """The entries of decisions: not the notes of what an answer showed (J8 reads)."""
    return [e for e in entries if not all(a.endswith(":read") for a in e.action.split("+"))]


def _answered_id(body: dict[str, Any], field: str) -> str | None:
    answer = body["data"][field]
    if not isinstance(answer, dict) or "id" not in answer:
        return None
    return str(from_base64(answer["id"])[1])


@pytest.mark.parametrize("field", sorted(CALLS))
async def test_ten_identical_calls_of_each_mutation_take_effect_once(
    client: Client, field: str
) -> None:
    # Given a valid call of the mutation
    call = await CALLS[field](client)
    last = await AccessLogEntry.all().order_by("-id").first()
    # When it is sent ten times at once
    bodies = await ten_at_once(client, call.query, call.variables, call.user)
    # Then one takes effect and the others are CONFLICT (or, where harmless, answer the same)
    if field in REPEATABLE:
        assert outcomes(bodies) == ["OK"] * 10, bodies
        assert len({json.dumps(b["data"], sort_keys=True) for b in bodies}) == 1
    else:
        assert outcomes(bodies) == ["CONFLICT"] * 9 + ["OK"], bodies
    # And the decision's entries in the access log come from one request, which names the
    # record answered: in the decision's own entry, or, through the layer, in its note of reads
    written = list(await AccessLogEntry.filter(id__gt=last.id if last else 0, username=call.user))
    decided = _decisions(written)
    assert decided, f"{field} left no decision in the access log"
    requests = {_request(e) for e in decided}
    assert len(requests) == 1, [(e.action, e.detail) for e in decided]
    answered_id = next(
        (i for b in bodies if "errors" not in b if (i := _answered_id(b, field))), None
    )
    if answered_id is not None:
        naming = (
            decided if _answers_decision(field) else [e for e in written if _request(e) in requests]
        )
        assert answered_id in _named(naming), [(e.action, e.record_ids) for e in naming]


def _request(entry: AccessLogEntry) -> str | None:
    request: str | None = json.loads(entry.detail or "{}").get("request")
    return request


def _named(entries: list[AccessLogEntry]) -> set[str]:
    """The record ids the entries name (`1,2` or, for reads, `kind:1,2;kind:3`)."""
    return {
        i
        for e in entries
        for part in e.record_ids.split(";")
        for i in part.rpartition(":")[2].split(",")
    }


def _answers_decision(field: str) -> bool:
    """Whether the mutation answers without the layer (`@answers_decision`)."""
    mutation = schema.get_type_by_name("Mutation")
    assert isinstance(mutation, StrawberryObjectDefinition)
    resolver = next(
        f for f in mutation.fields if schema.config.name_converter.from_field(f) == field
    ).base_resolver
    return bool(getattr(getattr(resolver, "wrapped_func", None), "__answers_decision__", False))
