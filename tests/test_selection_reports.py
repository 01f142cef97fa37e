"""What selection supervision hands on: notice-period feedback becomes a tip-off (S3), and vote
canvassing becomes a case (S8)."""

from __future__ import annotations

from tests.conftest import Client
from tests.helpers import error_codes
from tests.selection_support import SUPERVISOR, Scenario

FEEDBACK = """
mutation($id: ID!, $input: InspectionFeedbackInput!) {
  recordInspectionFeedback(selectionId: $id, input: $input) {
    content tipoff { status content jurisdiction { code } subject { post cadre { code } } }
  }
}
"""
CANVASSING = """
mutation($id: ID!, $input: CanvassingReportInput!) {
  reportCanvassing(selectionId: $id, input: $input) {
    kind status summary subject { code } jurisdiction { code }
  }
}
"""


async def _announced(client: Client) -> Scenario:
    s = Scenario(client)
    await s.start()
    await s.round({"C-0020": 20})
    await s.fix(["C-0020"])
    await s.announce()
    return s


async def test_notice_period_feedback_becomes_a_tip_off_about_the_candidate(
    client: Client,
) -> None:
    s = await _announced(client)
    feedback = {
        "receivedOn": s.before(27),
        "channel": "LETTER",
        "content": "反映其违规兼职",
        "cadreCode": "C-0020",
        "asTipoff": True,
    }
    data = await s.run(FEEDBACK, {"input": feedback}, user=SUPERVISOR)
    tipoff = data["tipoff"]
    assert tipoff["status"] == "ROUTED"
    assert tipoff["content"] == "反映其违规兼职"
    assert tipoff["subject"]["cadre"] == {"code": "C-0020"}
    assert tipoff["jurisdiction"] == {"code": "city"}


async def test_only_supervision_staff_turn_feedback_into_a_tip_off_and_nothing_is_half_kept(
    client: Client,
) -> None:
    s = await _announced(client)
    feedback = {
        "receivedOn": s.before(27),
        "channel": "PHONE",
        "content": "half-kept?",
        "asTipoff": True,
    }
    body = await s.post(FEEDBACK, {"input": feedback})  # the selector registers no tip-offs
    assert error_codes(body) == ["FORBIDDEN"]
    data = await client.data(
        "query($id: ID!) { selection(id: $id) { inspectionFeedback { content } } }",
        {"id": s.id},
        user=SUPERVISOR,
    )
    assert data["selection"]["inspectionFeedback"] == []  # the feedback rolled back with it


async def test_vote_canvassing_becomes_a_case_about_the_canvasser(client: Client) -> None:
    s = await _announced(client)
    data = await s.run(
        CANVASSING,
        {"input": {"cadreCode": "C-0021", "facts": "推荐前宴请参会人员并许诺提拔"}},
        user=SUPERVISOR,
    )
    assert data == {
        "kind": "CANVASSING",
        "status": "OPEN",
        "summary": "推荐前宴请参会人员并许诺提拔",
        "subject": {"code": "C-0021"},
        "jurisdiction": {"code": "city"},
    }


async def test_canvassing_reports_follow_jurisdiction(client: Client) -> None:
    s = await _announced(client)
    report = {"input": {"cadreCode": "C-0021", "facts": "x"}}
    assert error_codes(await s.post(CANVASSING, report, user="county-a.supervisor")) == [
        "NOT_FOUND"
    ]
    assert error_codes(await s.post(CANVASSING, report, user="city.selector")) == ["FORBIDDEN"]
    own = {"input": {"cadreCode": "C-0003", "facts": "x"}}
    body = await s.post(CANVASSING, own, user="city.deputy")
    assert error_codes(body) == ["PRECONDITION_FAILED"]


async def test_feedback_about_a_candidate_is_kept_from_that_candidates_own_account(
    client: Client,
) -> None:
    # Given a city selection with C-0003 (the deputy's own record) as its candidate
    s = Scenario(client)
    await s.start()
    await s.round({"C-0003": 20})
    await s.fix(["C-0003"])
    await s.announce()
    feedback = {
        "receivedOn": s.before(27),
        "channel": "PHONE",
        "content": "反映其收受礼品",
        "cadreCode": "C-0003",
    }
    await s.run(FEEDBACK, {"input": feedback})
    query = "query($id: ID!) { selection(id: $id) { inspectionFeedback { content } } }"
    # Then the supervisor sees it, and the deputy (linked to C-0003) does not (J5)
    seen = await client.data(query, {"id": s.id}, user=SUPERVISOR)
    assert seen["selection"]["inspectionFeedback"] == [{"content": "反映其收受礼品"}]
    hidden = await client.data(query, {"id": s.id}, user="city.deputy")
    assert hidden["selection"]["inspectionFeedback"] == []


async def test_a_feedback_tip_off_counts_its_deadlines_from_the_day_it_was_received(
    client: Client,
) -> None:
    import datetime

    from rules.deadlines import add_working_days

    s = await _announced(client)
    received = s.before(27)
    feedback = {
        "receivedOn": received,
        "channel": "VISIT",
        "content": "来访反映",
        "cadreCode": "C-0020",
        "asTipoff": True,
    }
    query = FEEDBACK.replace("tipoff { status", "tipoff { routingDue status")
    data = await s.run(query, {"input": feedback}, user=SUPERVISOR)
    expected, _ = add_working_days(datetime.date.fromisoformat(received), 5)
    assert data["tipoff"]["routingDue"] == expected.isoformat()
