"""Driving the daily-supervision file (D1–D6) through the API, and replaying a step on an earlier
day through the rules (as the demo world does) where a test needs a deadline already passed."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from strawberry.relay import from_base64, to_base64

from models import AccessLogEntry
from policies.principal import Principal, load_principal
from rules.calendar import office_today
from tests.conftest import Client

COUNTY_A = "county-a.supervisor"
COUNTY_B = "county-b.supervisor"
CITY = "city.supervisor"

PERSON = "cadre { code name post }"
RECORDED = "recordedBy { username } recordedAt jurisdiction { code }"
TALK = f"id kind heldOn summary heldBy {{ code }} {PERSON} {RECORDED}"
LETTER = f"""id status matter sentOn replyDue overdue reply {{ receivedOn text late }}
  conclusion conclusionNote concludedOn case {{ id status subject {{ code }} }}
  {PERSON} {RECORDED}"""
ADMONISHMENT = f"""id status grounds facts notice issuedOn correctBy overdueReview
  review {{ on improved newProblems proposal findings }} {PERSON} {RECORDED}"""
MEETING = f"""id heldOn unit {{ code }} attendees {{ code }} {RECORDED}
  problems {{ id cadre {{ code }} problem rectification dueOn done doneOn overdue }}
  review {{ verdict comment on reviewedBy {{ username }} }}"""

RECORD_TALK = f"mutation($input: RecordTalkInput!) {{ recordTalk(input: $input) {{ {TALK} }} }}"
SEND_LETTER = f"""mutation($input: SendInquiryLetterInput!) {{
  sendInquiryLetter(input: $input) {{ {LETTER} }} }}"""
REPLY = f"""mutation($id: ID!, $input: InquiryReplyInput!) {{
  recordInquiryReply(letterId: $id, input: $input) {{ {LETTER} }} }}"""
CONCLUDE = f"""mutation($id: ID!, $input: ConcludeInquiryInput!) {{
  concludeInquiry(letterId: $id, input: $input) {{ {LETTER} }} }}"""
ADMONISH = f"mutation($input: AdmonishInput!) {{ admonish(input: $input) {{ {ADMONISHMENT} }} }}"
REVIEW = f"""mutation($id: ID!, $input: ReviewAdmonishmentInput!) {{
  reviewAdmonishment(admonishmentId: $id, input: $input) {{ {ADMONISHMENT} }} }}"""
PERSONAL = """mutation($input: RecordPersonalMattersReportInput!) {
  recordPersonalMattersReport(input: $input) { id year submittedOn matters { category detail }
  cadre { code } } }"""
TOP_REPORT = """mutation($input: SubmitTopLeaderReportInput!) {
  submitTopLeaderReport(input: $input) { id year submittedOn overdue dueOn cadre { code } } }"""
DECISION = """mutation($input: RecordMajorDecisionInput!) {
  recordMajorDecision(input: $input) { id kind amount unit { code } jurisdiction { code }
  present { code } } }"""
MEETING_RECORD = f"""mutation($input: RecordLifeMeetingInput!) {{
  recordLifeMeeting(input: $input) {{ {MEETING} }} }}"""
COMPLETE = f"""mutation($id: ID!, $note: String!) {{
  completeRectification(problemId: $id, note: $note) {{ {MEETING} }} }}"""
REVIEW_MEETING = f"""mutation($id: ID!, $input: ReviewLifeMeetingInput!) {{
  reviewLifeMeeting(meetingId: $id, input: $input) {{ {MEETING} }} }}"""
INFORMATION = """mutation($input: RecordSupervisionInformationInput!) {
  recordSupervisionInformation(input: $input) { id source severity receivedOn summary
  cadre { code } } }"""


def today() -> datetime.date:
    return office_today()


def days(n: int) -> str:
    """The offices' day `n` days from today (negative: ago), as the API writes it."""
    return (today() + datetime.timedelta(days=n)).isoformat()


def ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:8]}"


def decision_input(**change: object) -> dict[str, object]:
    """A major decision (D2) of county-a.town-1's team, kept by county A's supervisor."""
    return {
        "unitCode": "county-a.town-1",
        "kind": "LARGE_SUM",
        "decidedOn": days(-2),
        "subject": unique("资金安排"),
        "amount": "300000.00",
        "present": ["C-0101", "C-0102"],
        "outcome": "同意",
        "minutes": "一致同意",
        **change,
    }


async def who(username: str) -> Principal:
    principal = await load_principal(username)
    assert principal is not None
    return principal


def rule(body: dict[str, Any]) -> str:
    return body["errors"][0]["extensions"]["rule"]  # type: ignore[no-any-return]


async def decision(action: str) -> AccessLogEntry:
    """The latest access-log entry of a decision (reads are written after it, as the operation
    ends)."""
    entry = await AccessLogEntry.filter(action=action).order_by("-id").first()
    assert entry is not None
    return entry


async def send_letter(
    client: Client, cadre: str = "C-0102", *, due: int = 10, user: str = COUNTY_A
) -> dict[str, Any]:
    data = await client.data(
        SEND_LETTER,
        {"input": {"cadreCode": cadre, "matter": unique("请说明情况"), "replyDue": days(due)}},
        user=user,
    )
    return data["sendInquiryLetter"]  # type: ignore[no-any-return]


def gid(type_name: str, key: int) -> str:
    return to_base64(type_name, key)


def pk(global_id: str) -> str:
    return from_base64(global_id)[1]
