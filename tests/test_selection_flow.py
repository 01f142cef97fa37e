"""One appointment from round to decision through the API, as a portal drives it, and what it
costs to list selections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import Client
from tests.selection_support import (
    ANNOUNCE,
    ANSWER,
    DISCIPLINE,
    FIX,
    INSPECT,
    INTEGRITY,
    LIST,
    MEETING,
    OPINION,
    REQUEST,
    ROLL,
    ROUND,
    SELECTOR,
    SUPERVISOR,
    Scenario,
    fix_input,
    round_input,
)

DOSSIER = """
query($id: ID!) {
  selection(id: $id) {
    status decidedOn
    rounds { number eligible cast recommendedBy { organisation leader { code } writtenRecord }
             tallies { cadre { code } votes } }
    candidateRecords { cadre { code } votes chosen reasonNeeded reason
      appraisal { verdict detail alreadyConcluded }
      inspection { inspectors { code } steps { at action facts } conclusion }
      integrityOpinion { opinion basis } supervisionOpinion { opinion } }
    inspectionNotice { noticeFrom noticeTo }
    appraisalRequest { status addressedTo { code } }
    meetings { quorum agreeNeeded members { code } present { code } votes { member { code } vote }
               results { candidate { code } passed } }
    decision { passed { code } decidedOn }
  }
}
"""
CHAIN = """
query($id: ID!) {
  responsibilityChain(selectionId: $id) {
    role organisation cadre { code } about { code } on detail recordedBy
  }
}
"""
PENDING = """
{ integrityAppraisalRequests(first: 50) {
    edges { node { id status candidates { code } addressedTo { code } } } } }
"""


async def test_one_appointment_from_round_to_passed_decision(client: Client) -> None:
    s = Scenario(client)
    roll = ROLL[:9]
    # Given the city committee's roll of nine, in force from the meeting day
    await s.set_roll(roll)
    # When the selection office starts a single promotion and records the round
    started = await s.start()
    assert started["status"] == "RECOMMENDATION" and started["decision"] is None
    tallies = {"C-0020": 31, "C-0021": 12, "C-0022": 5}
    await s.run(ROUND, {"input": round_input(tallies, cast=50)})
    # and the collective decision fixes the top nominee (no reason needed)
    fixed = await s.run(FIX, {"input": fix_input(["C-0020"], None, s.before(40))})
    assert fixed["status"] == "CANDIDATES_FIXED" and fixed["candidates"] == [{"code": "C-0020"}]
    # and announces the inspection
    notice = {"noticeFrom": s.before(30), "noticeTo": s.before(24)}
    assert (await s.run(ANNOUNCE, {"input": notice}))["status"] == "INSPECTION"
    # and the supervision office asks the discipline commission
    request = await s.run(REQUEST, {}, user=SUPERVISOR)
    assert request["addressedTo"] == {"code": "city-discipline"}
    # which finds it among its pending requests and answers
    pending = await client.data(PENDING, user=DISCIPLINE)
    assert request["id"] in [
        e["node"]["id"] for e in pending["integrityAppraisalRequests"]["edges"]
    ]
    answer = [{"cadreCode": "C-0020", "verdict": "CONCLUDED_FINDING", "detail": "2019年已诫勉"}]
    answered = await client.data(ANSWER, {"id": request["id"], "answers": answer}, user=DISCIPLINE)
    assert answered["answerIntegrityAppraisal"]["status"] == "ANSWERED"
    # and the inspection, the integrity opinion and the supervision opinion are written
    await s.run(INSPECT, {"cadre": "C-0020", "input": s.inspection_input()})
    await s.run(INTEGRITY, {"cadre": "C-0020", "opinion": "廉洁自律情况良好"}, user=SUPERVISOR)
    await s.run(OPINION, {"cadre": "C-0020", "opinion": "同意提交讨论"}, user=SUPERVISOR)
    # When six of the nine meet and five agree
    meeting = await s.run(MEETING, {"input": s.meeting_input(roll[:6], ["C-0020"], agree=5)})
    # Then the arithmetic is returned with the result: 5 > 9 / 2, with six of nine present
    assert (meeting["quorum"], meeting["agreeNeeded"]) == (6, 5)
    assert [m["code"] for m in meeting["members"]] == roll
    assert meeting["results"] == [
        {"candidate": {"code": "C-0020"}, "agree": 5, "disagree": 1, "defer": 0, "passed": True}
    ]
    # and the selection is decided, with its whole dossier readable
    data = await client.data(DOSSIER, {"id": s.id}, user=SUPERVISOR)
    selection = data["selection"]
    assert selection["status"] == "DECIDED"
    assert selection["decision"] == {"passed": [{"code": "C-0020"}], "decidedOn": s.day.isoformat()}
    chosen = selection["candidateRecords"][0]
    assert chosen["appraisal"] == {
        "verdict": "CONCLUDED_FINDING",
        "detail": "2019年已诫勉",
        "alreadyConcluded": True,
    }
    assert chosen["inspection"]["inspectors"] == [{"code": "C-0024"}, {"code": "C-0025"}]
    assert "CONCLUDED_FINDING" in chosen["integrityOpinion"]["basis"]
    assert [r["cadre"]["code"] for r in selection["candidateRecords"]] == [
        "C-0020",
        "C-0021",
        "C-0022",
    ]
    # and the responsibility chain names the recommender, the inspectors and the deciders (S7)
    chain = (await client.data(CHAIN, {"id": s.id}, user=SELECTOR))["responsibilityChain"]
    roles = [(link["role"], link["organisation"] or link["cadre"]["code"]) for link in chain]
    assert roles[0] == ("RECOMMENDER", "市委组织部")
    assert ("INSPECTOR", "C-0024") in roles and ("INSPECTOR", "C-0025") in roles
    assert [c for r, c in roles if r == "DECIDER"] == roll[:6]
    assert {link["recordedBy"] for link in chain} == {SELECTOR}


async def test_a_general_election_stays_open_until_every_position_has_passed(
    client: Client,
) -> None:
    s = Scenario(client)
    await s.set_roll(ROLL[:7])
    await s.ready(["C-0020", "C-0021"], positions=2)
    # When one candidate passes and the other fails (7/5: four agree pass, three do not)
    first = s.meeting_input(ROLL[:5], ["C-0020"], agree=4)
    first["votes"] += s.meeting_input(ROLL[:5], ["C-0021"], agree=3)["votes"]
    await s.run(MEETING, {"input": first})
    # Then the selection stays open with the one who passed
    data = (await client.data(DOSSIER, {"id": s.id}, user=SELECTOR))["selection"]
    assert data["status"] == "INSPECTION"
    assert data["decision"] == {"passed": [{"code": "C-0020"}], "decidedOn": None}
    # When another meeting votes on the one still open, and it passes
    second = await s.run(MEETING, {"input": s.meeting_input(ROLL[:6], ["C-0021"], agree=5)})
    assert [r["candidate"]["code"] for r in second["results"]] == ["C-0021"]
    data = (await client.data(DOSSIER, {"id": s.id}, user=SELECTOR))["selection"]
    assert data["status"] == "DECIDED"
    assert [p["code"] for p in data["decision"]["passed"]] == ["C-0020", "C-0021"]


async def test_listing_selections_costs_the_same_for_5_and_50(
    client: Client, statements: Callable[[], Any]
) -> None:
    for _ in range(6):
        s = Scenario(client)
        await s.start()
        await s.round({"C-0020": 20, "C-0021": 10})
        await s.fix(["C-0020"])
    counts = []
    for first in (5, 50):
        variables = {"first": first, "filter": {"status": "CANDIDATES_FIXED"}}
        await client.data(LIST, variables, user=SUPERVISOR)
        with statements() as sent:
            data = await client.data(LIST, variables, user=SUPERVISOR)
        assert len(data["selections"]["edges"]) >= min(first, 6)
        counts.append(len(sent))
    # principal, units below, page, count, units, candidate choices, cadres, decision, access log
    assert counts == [9, 9]
