"""The steps before the decision: rounds (S1, S7), candidates (S2, S6), the notice and its
feedback (S3), the appraisal (S4), the inspection's written record (S7), and steps out of order."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Client
from tests.helpers import error_codes
from tests.selection_support import (
    ANNOUNCE,
    ANSWER,
    DISCIPLINE,
    FIX,
    INSPECT,
    INTEGRITY,
    OPINION,
    REQUEST,
    ROUND,
    START,
    SUPERVISOR,
    Scenario,
    county_selector,
    fix_input,
    round_input,
    rule_of,
)

FEEDBACK = """
mutation($id: ID!, $input: InspectionFeedbackInput!) {
  recordInspectionFeedback(selectionId: $id, input: $input) { receivedOn channel cadre { code } }
}
"""


@pytest.mark.parametrize(
    ("eligible", "cast", "tallies"),
    [
        (50, 51, {"C-0020": 1}),  # more ballots than eligible voters
        (50, 40, {"C-0020": 41}),  # more votes than ballots
        (50, 40, {"C-0020": 30, "C-0021": 11}),  # more votes than ballots × positions
        (50, -1, {"C-0020": 0}),
        (50, 40, {"C-0020": -3}),
        (50, 40, {}),
        (50, 40, {"C-9999": 3}),
    ],
)
async def test_impossible_tallies_are_bad_input(
    client: Client, eligible: int, cast: int, tallies: dict[str, int]
) -> None:
    s = Scenario(client)
    await s.start()
    body = await s.post(ROUND, {"input": {**round_input(tallies, cast), "eligible": eligible}})
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_a_nominee_named_twice_is_bad_input(client: Client) -> None:
    s = Scenario(client)
    await s.start()
    doubled = round_input({"C-0020": 3})
    doubled["tallies"] *= 2
    assert error_codes(await s.post(ROUND, {"input": doubled})) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "who",
    [
        {"leaderCadreCode": "C-0001"},  # a leader without a written record: verbal
        {"leaderCadreCode": "C-0001", "writtenRecord": "  "},
        {"organisation": "市委组织部", "leaderCadreCode": "C-0001", "writtenRecord": "x"},
        {},
    ],
)
async def test_a_recommendation_names_one_recommender_in_writing(
    client: Client, who: dict[str, Any]
) -> None:
    s = Scenario(client)
    await s.start()
    body = await s.post(ROUND, {"input": {**round_input({"C-0020": 3}), "recommendedBy": who}})
    assert rule_of(body) == ("PRECONDITION_FAILED", "S7")


async def test_a_leaders_written_recommendation_is_kept(client: Client) -> None:
    s = Scenario(client)
    await s.start()
    who = {"leaderCadreCode": "C-0001", "writtenRecord": "推荐信（2025年3月1日）"}
    await s.run(ROUND, {"input": round_input({"C-0020": 3}, **who)})
    data = await client.data(
        "query($id: ID!) { selection(id: $id) { rounds { recommendedBy "
        "{ organisation leader { code } writtenRecord } } } }",
        {"id": s.id},
        user="city.selector",
    )
    assert data["selection"]["rounds"] == [
        {
            "recommendedBy": {
                "organisation": None,
                "leader": {"code": "C-0001"},
                "writtenRecord": "推荐信（2025年3月1日）",
            }
        }
    ]


async def test_no_nomination_without_a_round_or_outside_the_latest_round(client: Client) -> None:
    s = Scenario(client)
    await s.start()
    body = await s.post(FIX, {"input": fix_input(["C-0020"], None, s.before(40))})
    assert rule_of(body) == ("PRECONDITION_FAILED", "S6")
    await s.round({"C-0020": 20, "C-0021": 10})
    await s.round({"C-0021": 25, "C-0022": 10})  # the latest round counts
    body = await s.post(FIX, {"input": fix_input(["C-0020"], None, s.before(40))})
    assert rule_of(body) == ("PRECONDITION_FAILED", "S6")
    assert body["errors"][0]["extensions"]["notRecommended"] == ["C-0020"]


async def test_s2_names_who_needs_a_reason_at_a_tied_boundary(client: Client) -> None:
    s = Scenario(client)
    await s.start(positions=2)
    await s.round({"C-0020": 30, "C-0021": 20, "C-0022": 20, "C-0023": 5})
    # When both tied nominees are chosen for the one place left, and the top one is not
    body = await s.post(FIX, {"input": fix_input(["C-0021", "C-0022"], None, s.before(40))})
    # Then the top one left out, and both of the over-chosen tie, need reasons
    assert rule_of(body) == ("PRECONDITION_FAILED", "S2")
    assert body["errors"][0]["extensions"]["needReasons"] == ["C-0020", "C-0021", "C-0022"]
    # And with a reason given for some only, the rest are still named
    partly = fix_input(["C-0021", "C-0022"], {"C-0020": "已另行任用"}, s.before(40))
    body = await s.post(FIX, {"input": partly})
    assert body["errors"][0]["extensions"]["needReasons"] == ["C-0021", "C-0022"]
    # When one of the tie is chosen with the top one, no reason is needed
    fixed = await s.run(FIX, {"input": fix_input(["C-0020", "C-0022"], None, s.before(40))})
    assert fixed["candidates"] == [{"code": "C-0020"}, {"code": "C-0022"}]


async def test_reasons_are_kept_with_the_choice(client: Client) -> None:
    s = Scenario(client)
    await s.start()
    await s.round({"C-0020": 30, "C-0021": 10})
    reasons = {"C-0021": "专业对口，经集体研究", "C-0020": "本人因病请辞"}
    await s.run(FIX, {"input": fix_input(["C-0021"], reasons, s.before(40))})
    data = await client.data(
        "query($id: ID!) { selection(id: $id) { candidateRecords "
        "{ cadre { code } chosen reasonNeeded reason } } }",
        {"id": s.id},
        user="city.selector",
    )
    assert data["selection"]["candidateRecords"] == [
        {
            "cadre": {"code": "C-0021"},
            "chosen": True,
            "reasonNeeded": True,
            "reason": reasons["C-0021"],
        },
        {
            "cadre": {"code": "C-0020"},
            "chosen": False,
            "reasonNeeded": True,
            "reason": reasons["C-0020"],
        },
    ]


async def test_steps_out_of_order_are_refused(client: Client) -> None:
    s = Scenario(client)
    await s.start()
    await s.round({"C-0020": 20})
    # inspection and its announcement concern fixed candidates (S2)
    body = await s.post(ANNOUNCE, {"input": {"noticeFrom": s.before(30), "noticeTo": s.before(24)}})
    assert rule_of(body) == ("PRECONDITION_FAILED", "S2")
    await s.fix(["C-0020"])
    # a round after the candidates are fixed: no rule names it
    assert rule_of(await s.post(ROUND, {"input": round_input({"C-0020": 1})})) == ("CONFLICT", None)
    assert rule_of(await s.post(FIX, {"input": fix_input(["C-0020"], None, s.before(40))}))[0] == (
        "CONFLICT"
    )
    # inspection needs its announcement (S3), and so does the appraisal request (S4)
    inspect = {"cadre": "C-0020", "input": s.inspection_input()}
    assert rule_of(await s.post(INSPECT, inspect)) == ("PRECONDITION_FAILED", "S3")
    assert rule_of(await s.post(REQUEST, {}, user=SUPERVISOR)) == ("PRECONDITION_FAILED", "S4")
    await s.announce()
    assert (
        rule_of(
            await s.post(
                ANNOUNCE, {"input": {"noticeFrom": s.before(30), "noticeTo": s.before(24)}}
            )
        )[0]
        == "CONFLICT"
    )
    # the integrity opinion follows the inspection (S4)
    opinion = {"cadre": "C-0020", "opinion": "x"}
    assert rule_of(await s.post(INTEGRITY, opinion, user=SUPERVISOR)) == (
        "PRECONDITION_FAILED",
        "S4",
    )


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"inspectors": []}, "S7"),
        ({"steps": []}, "S7"),
        ({"conclusion": " "}, "S7"),
        ({"steps": [{"at": "2025-01-01", "action": "个别谈话", "facts": ""}]}, "S7"),
        ({"inspectors": ["C-0020"]}, "J5"),  # the candidate inspecting themself
    ],
)
async def test_an_inspection_is_a_written_record_with_its_facts(
    client: Client, change: dict[str, Any], rule: str
) -> None:
    s = Scenario(client)
    await s.start()
    await s.round({"C-0020": 20})
    await s.fix(["C-0020"])
    await s.announce()
    steps = (
        {"steps": [{**st, "at": s.before(20)} for st in change["steps"]]}
        if change.get("steps")
        else {}
    )
    body = await s.post(
        INSPECT, {"cadre": "C-0020", "input": {**s.inspection_input(), **change, **steps}}
    )
    assert rule_of(body) == ("PRECONDITION_FAILED", rule)


async def test_feedback_of_the_notice_period_is_kept_and_later_feedback_is_refused(
    client: Client,
) -> None:
    s = Scenario(client)
    await s.start()
    await s.round({"C-0020": 20})
    await s.fix(["C-0020"])
    await s.announce()
    during = {
        "receivedOn": s.before(27),
        "channel": "LETTER",
        "content": "反映其亲属经商",
        "cadreCode": "C-0020",
    }
    kept = await s.run(FEEDBACK, {"input": during})
    assert kept == {"receivedOn": s.before(27), "channel": "LETTER", "cadre": {"code": "C-0020"}}
    after = {**during, "receivedOn": s.before(10)}
    assert rule_of(await s.post(FEEDBACK, {"input": after})) == ("PRECONDITION_FAILED", "S3")
    data = await client.data(
        "query($id: ID!) { selection(id: $id) { inspectionFeedback { content } } }",
        {"id": s.id},
        user=SUPERVISOR,
    )
    assert data["selection"]["inspectionFeedback"] == [{"content": "反映其亲属经商"}]


async def test_a_final_appraisal_answer_stands_and_under_verification_may_be_replaced(
    client: Client,
) -> None:
    s = Scenario(client)
    await s.start(positions=2)
    await s.round({"C-0020": 20, "C-0021": 15})
    await s.fix(["C-0020", "C-0021"])
    await s.announce()
    request = await s.run(REQUEST, {}, user=SUPERVISOR)
    assert error_codes(await s.post(REQUEST, {}, user=SUPERVISOR)) == ["CONFLICT"]

    async def answer(code: str, verdict: str, detail: str = "核查中") -> dict[str, Any]:
        answers = [{"cadreCode": code, "verdict": verdict, "detail": detail}]
        return await client.post(ANSWER, {"id": request["id"], "answers": answers}, user=DISCIPLINE)

    first = await answer("C-0020", "UNDER_VERIFICATION")
    assert first["data"]["answerIntegrityAppraisal"]["status"] == "PARTLY_ANSWERED"
    await answer("C-0021", "NO_PROBLEMS_KNOWN")
    replaced = await answer("C-0020", "NO_PROBLEMS_KNOWN")
    assert replaced["data"]["answerIntegrityAppraisal"]["status"] == "ANSWERED"
    assert error_codes(await answer("C-0020", "CONCLUDED_FINDING")) == ["CONFLICT"]
    assert error_codes(await answer("C-0022", "NO_PROBLEMS_KNOWN")) == ["BAD_USER_INPUT"]
    # the selection office cannot answer for the commission
    answers = [{"cadreCode": "C-0021", "verdict": "NO_PROBLEMS_KNOWN"}]
    body = await client.post(
        ANSWER, {"id": request["id"], "answers": answers}, user="city.selector"
    )
    assert error_codes(body) == ["FORBIDDEN"]


async def test_the_supervision_opinion_is_given_once_by_the_units_own_office(
    client: Client,
) -> None:
    s = Scenario(client)
    await s.start()
    await s.round({"C-0020": 20})
    await s.fix(["C-0020"])
    assert error_codes(await s.post(OPINION, {"cadre": "C-0020", "opinion": "x"})) == ["FORBIDDEN"]
    await s.opine("C-0020")
    again = await s.post(OPINION, {"cadre": "C-0020", "opinion": "y"}, user=SUPERVISOR)
    assert error_codes(again) == ["CONFLICT"]
    stranger = await s.post(OPINION, {"cadre": "C-0021", "opinion": "y"}, user=SUPERVISOR)
    assert error_codes(stranger) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "change",
    [
        {"positions": 0},
        {"kind": "SINGLE_PROMOTION", "positions": 2},
        {"workUnit": "county-b"},  # not in county A's tree
        {"postTitle": " "},
        {"managingUnit": "nowhere"},
    ],
)
async def test_a_selection_starts_for_a_post_its_unit_manages(
    client: Client, change: dict[str, Any]
) -> None:
    start = {
        "managingUnit": "county-a",
        "postTitle": "甲县文旅局局长",
        "workUnit": "county-a",
        "kind": "GENERAL_ELECTION",
        "positions": 1,
        **change,
    }
    selector = await county_selector(client)
    assert error_codes(await client.post(START, {"input": start}, user=selector)) == [
        "BAD_USER_INPUT"
    ]
