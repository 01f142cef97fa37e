"""The decision meeting's gates in CONTRACT.md's order (S6, S6, S6, L2, S5), the arithmetic of S5
through the API on the roll in force that day, and the conflict-of-interest rule (J5)."""

from __future__ import annotations

import pytest

from tests.conftest import Client
from tests.helpers import error_codes
from tests.selection_support import (
    ANSWER,
    DISCIPLINE,
    MEETING,
    ROLL,
    SUPERVISOR,
    Scenario,
    rule_of,
)


async def test_each_gate_refuses_in_its_own_scenario_in_order(client: Client) -> None:
    s = Scenario(client)
    await s.set_roll(ROLL[:9])
    meeting = {"input": s.meeting_input(ROLL[:9], ["C-0020"], agree=9)}
    await s.start()
    await s.round({"C-0020": 20, "C-0021": 10})
    # 1. no candidates fixed: no discussion (S6)
    body = await s.post(MEETING, meeting)
    assert rule_of(body) == ("PRECONDITION_FAILED", "S6")
    assert "candidates" in body["errors"][0]["message"]
    await s.fix(["C-0020"])
    await s.announce()
    # 2. fixed but not inspected (S6)
    body = await s.post(MEETING, meeting)
    assert rule_of(body) == ("PRECONDITION_FAILED", "S6")
    assert "inspection" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["candidates"] == ["C-0020"]
    await s.inspect("C-0020")
    # 3. inspected, but the appraisal only under verification (S6)
    await s.appraise("UNDER_VERIFICATION")
    body = await s.post(MEETING, meeting)
    assert rule_of(body) == ("PRECONDITION_FAILED", "S6")
    assert "integrity appraisal" in body["errors"][0]["message"]
    # 4. appraised, but without the supervision office's opinion (L2)
    request = (
        await client.data(
            "query($id: ID!) { selection(id: $id) { appraisalRequest { id } } }",
            {"id": s.id},
            user=SUPERVISOR,
        )
    )["selection"]["appraisalRequest"]
    answer = [{"cadreCode": "C-0020", "verdict": "NO_PROBLEMS_KNOWN"}]
    await client.data(ANSWER, {"id": request["id"], "answers": answer}, user=DISCIPLINE)
    body = await s.post(MEETING, meeting)
    assert rule_of(body) == ("PRECONDITION_FAILED", "L2")
    await s.opine("C-0020")
    # 5. everything ready, but five of nine present: no quorum, no vote (S5)
    short = {"input": s.meeting_input(ROLL[:5], ["C-0020"], agree=5)}
    body = await s.post(MEETING, short)
    assert rule_of(body) == ("PRECONDITION_FAILED", "S5")
    assert body["errors"][0]["extensions"]["quorum"] == 6
    # and with six present it is held
    held = await s.run(MEETING, {"input": s.meeting_input(ROLL[:6], ["C-0020"], agree=5)})
    assert held["results"][0]["passed"] is True
    # 6. a meeting after the decision is out of order
    body = await s.post(MEETING, meeting)
    assert rule_of(body) == ("CONFLICT", None)


@pytest.mark.parametrize(
    ("roll", "present", "agree", "outcome"),
    [
        (9, 6, 5, "passes"),
        (9, 6, 4, "fails"),
        (9, 5, 5, "no quorum"),
        (7, 5, 4, "passes"),
        (10, 7, 5, "fails"),
        (3, 2, 2, "passes"),
        (12, 8, 7, "passes"),
        (12, 7, 7, "no quorum"),
    ],
)
async def test_s5_table_through_the_api(
    client: Client, roll: int, present: int, agree: int, outcome: str
) -> None:
    s = Scenario(client)
    await s.set_roll(ROLL[:roll])
    await s.ready(["C-0020"])
    body = await s.post(MEETING, {"input": s.meeting_input(ROLL[:present], ["C-0020"], agree)})
    if outcome == "no quorum":
        assert rule_of(body) == ("PRECONDITION_FAILED", "S5")
        return
    result = body["data"]["recordDecisionMeeting"]
    assert result["results"][0]["agree"] == agree
    assert result["results"][0]["passed"] is (outcome == "passes")
    assert result["agreeNeeded"] == roll // 2 + 1


async def test_the_roll_in_force_on_the_meeting_day_counts_and_history_is_kept(
    client: Client,
) -> None:
    s = Scenario(client)
    # Given a roll of 9 from the meeting day, and a roll of 12 set later, from the day after
    await s.set_roll(ROLL[:9])
    later = Scenario(client)
    later.day = s.day.fromordinal(s.day.toordinal() + 1)
    await later.set_roll(ROLL[:12])
    await s.ready(["C-0020"])
    # When six meet on the meeting day: the roll of nine counts (6 ≥ 6), not the later twelve
    held = await s.run(MEETING, {"input": s.meeting_input(ROLL[:6], ["C-0020"], agree=5)})
    assert (held["quorum"], len(held["members"])) == (6, 9)
    history = await client.data(
        '{ committeeRolls(unitCode: "city") { effectiveFrom size } }', user="city.selector"
    )
    days = [r["effectiveFrom"] for r in history["committeeRolls"]]
    assert s.day.isoformat() in days and later.day.isoformat() in days


async def test_a_member_who_is_the_candidate_does_not_vote_on_themself_but_counts(
    client: Client,
) -> None:
    s = Scenario(client)
    members = [*ROLL[:8], "C-0020"]  # the candidate sits on the roll of nine
    await s.set_roll(members)
    await s.ready(["C-0020"])
    present = [*ROLL[:5], "C-0020"]
    # When the candidate votes on themself: J5
    meeting = s.meeting_input(present, ["C-0020"], agree=5)
    meeting["votes"].append(
        {"memberCadreCode": "C-0020", "candidateCadreCode": "C-0020", "vote": "AGREE"}
    )
    body = await s.post(MEETING, {"input": meeting})
    assert rule_of(body) == ("PRECONDITION_FAILED", "J5")
    # Then without that vote the meeting is quorate (6 of 9) and 5 agree of the 5 voting pass
    held = await s.run(MEETING, {"input": s.meeting_input(present, ["C-0020"], agree=5)})
    assert held["quorum"] == 6
    assert held["results"][0]["agree"] + held["results"][0]["disagree"] == 5
    assert held["results"][0]["passed"] is True


async def test_missing_votes_strangers_and_double_votes_are_bad_input(client: Client) -> None:
    s = Scenario(client)
    await s.set_roll(ROLL[:9])
    await s.ready(["C-0020"])
    good = s.meeting_input(ROLL[:6], ["C-0020"], agree=5)
    cases = [
        {**good, "votes": good["votes"][:-1]},  # one present member did not vote
        {**good, "votes": [*good["votes"], good["votes"][0]]},  # voted twice
        {**good, "present": [*ROLL[:5], "C-0101"]},  # not on the roll
        {**good, "heldOn": "2999-01-01"},
        {**good, "minutes": " "},
    ]
    for case in cases:
        assert error_codes(await s.post(MEETING, {"input": case})) == ["BAD_USER_INPUT"]


async def test_a_superiors_supervisor_never_records_a_subordinate_committees_meeting(
    client: Client,
) -> None:
    s = Scenario(client)
    await s.set_roll(ROLL[:9])
    await s.ready(["C-0020"])
    body = await s.post(
        MEETING, {"input": s.meeting_input(ROLL[:6], ["C-0020"], agree=5)}, user=SUPERVISOR
    )
    assert error_codes(body) == ["FORBIDDEN"]  # J4: reads, never decides
