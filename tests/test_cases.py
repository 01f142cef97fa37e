"""Cases (D5, J4, J7): the state machine, its outcomes, take-over, referral, and races."""

from __future__ import annotations

import asyncio

import pytest

from tests.audit_support import answered
from tests.conftest import Client
from tests.helpers import error_codes
from tests.tipoff_support import (
    ASSIGN,
    CASES,
    DECIDE,
    FINDING,
    OPEN_CASE,
    REFER,
    TAKE_OVER,
    open_case_on,
    registered,
    with_findings,
)

COUNTY = "county-a.supervisor"


def rule(body: dict[str, object]) -> str:
    return body["errors"][0]["extensions"]["rule"]  # type: ignore[index,no-any-return]


async def test_verification_from_tip_off_to_decision(client: Client) -> None:
    case = await open_case_on(client)
    assert (case["status"], case["jurisdiction"]) == ("OPEN", {"code": "county-a"})
    assigned = await client.data(ASSIGN, {"id": case["id"], "users": [COUNTY]}, user=COUNTY)
    assert assigned["assignInvestigators"]["investigators"] == [{"username": COUNTY}]
    found = await client.data(
        FINDING,
        {"id": case["id"], "input": {"assessment": "SUBSTANTIATED", "facts": "违规发放属实"}},
        user=COUNTY,
    )
    assert found["recordCaseFinding"]["status"] == "FINDINGS_RECORDED"
    decided = await client.data(
        DECIDE,
        {
            "id": case["id"],
            "input": {
                "outcome": "FOUNDED",
                "measures": ["ADMONISHMENT", "TALK_AND_REMINDER"],
                "reason": "违规发放补贴属实",
            },
        },
        user=COUNTY,
    )
    result = decided["decideCase"]
    assert (result["status"], result["outcome"]) == ("DECIDED", "FOUNDED")
    assert result["measures"] == ["ADMONISHMENT", "TALK_AND_REMINDER"]


async def test_each_step_in_the_wrong_state_is_refused_with_its_rule(client: Client) -> None:
    case = await open_case_on(client)
    body = await client.post(
        FINDING,
        {"id": case["id"], "input": {"assessment": "SUBSTANTIATED", "facts": "x"}},
        user=COUNTY,
    )
    assert error_codes(body) == ["PRECONDITION_FAILED"] and rule(body) == "D5"
    body = await client.post(
        DECIDE, {"id": case["id"], "input": {"outcome": "NAME_CLEARED", "reason": "x"}}, user=COUNTY
    )
    assert error_codes(body) == ["PRECONDITION_FAILED"] and rule(body) == "D5"
    decided = await with_findings(client, assessment="UNSUBSTANTIATED")
    await client.data(
        DECIDE,
        {"id": decided["id"], "input": {"outcome": "NAME_CLEARED", "reason": "不实"}},
        user=COUNTY,
    )
    # (The assignment is sent as another document: the same one as `with_findings` sent moments
    # ago would be refused as its duplicate, CONFLICT, before any rule is asked.)
    for query, variables in (
        (ASSIGN.replace("mutation", "mutation Again"), {"id": decided["id"], "users": [COUNTY]}),
        (DECIDE, {"id": decided["id"], "input": {"outcome": "NAME_CLEARED", "reason": "x"}}),
        (REFER, {"id": decided["id"], "reason": "x"}),
    ):
        body = await client.post(query, variables, user=COUNTY)
        assert error_codes(body) == ["PRECONDITION_FAILED"] and rule(body) == "D5"


@pytest.mark.parametrize(
    ("outcome", "measures"),
    [("FOUNDED", []), ("NAME_CLEARED", ["DEMOTION"]), ("FALSE_ACCUSATION", ["REMOVAL"])],
)
async def test_outcomes_and_measures_must_agree(
    client: Client, outcome: str, measures: list[str]
) -> None:
    case = await with_findings(client)
    body = await client.post(
        DECIDE,
        {"id": case["id"], "input": {"outcome": outcome, "measures": measures, "reason": "x"}},
        user=COUNTY,
    )
    assert error_codes(body) == ["PRECONDITION_FAILED"] and rule(body) == "D5"


async def test_a_cleared_name_is_told_to_the_cadres_committee(client: Client) -> None:
    case = await with_findings(client, assessment="SERIOUSLY_UNTRUE")
    data = await client.data(
        DECIDE,
        {"id": case["id"], "input": {"outcome": "NAME_CLEARED", "reason": "反映严重失实"}},
        user=COUNTY,
    )
    assert data["decideCase"]["informedUnit"] == {"code": "county-a"}


async def test_a_false_accusation_opens_a_matter_of_its_own(client: Client) -> None:
    case = await with_findings(client, assessment="SERIOUSLY_UNTRUE")
    await client.data(
        DECIDE,
        {"id": case["id"], "input": {"outcome": "FALSE_ACCUSATION", "reason": "故意捏造"}},
        user=COUNTY,
    )
    data = await client.data(
        CASES, {"filter": {"kind": "FALSE_ACCUSATION"}, "first": 100}, user=COUNTY
    )
    parents = [e["node"]["parentCase"] for e in data["cases"]["edges"]]
    assert {"id": case["id"]} in parents


async def test_two_decisions_at_once_one_wins_the_other_conflicts(client: Client) -> None:
    case = await with_findings(client)
    bodies = await asyncio.gather(
        *(
            client.post(
                DECIDE,
                {
                    "id": case["id"],
                    "input": {"outcome": outcome, "measures": measures, "reason": "并发"},
                },
                user=COUNTY,
            )
            for outcome, measures in (("FOUNDED", ["ADMONISHMENT"]), ("FOUNDED", ["DEMOTION"]))
        )
    )
    codes = sorted(error_codes(b)[0] if "errors" in b else "OK" for b in bodies)
    assert codes in (["CONFLICT", "OK"], ["OK", "PRECONDITION_FAILED"])
    data = await client.data(CASES, {"first": 100}, user=COUNTY)
    mine = [e["node"] for e in data["cases"]["edges"] if e["node"]["id"] == case["id"]]
    assert mine[0]["status"] == "DECIDED"
    winner = next(b for b in bodies if "errors" not in b)
    assert mine[0]["outcome"] == winner["data"]["decideCase"]["outcome"]  # nothing half-written


async def test_investigators_come_from_the_cases_own_jurisdiction(client: Client) -> None:
    case = await open_case_on(client)
    for user in ("county-b.supervisor", "city.supervisor", "nobody"):
        body = await client.post(ASSIGN, {"id": case["id"], "users": [user]}, user=COUNTY)
        assert error_codes(body) == ["PRECONDITION_FAILED"] and rule(body) == "J3"


async def test_only_assigned_investigators_record_findings(client: Client) -> None:
    case = await open_case_on(client)
    await client.data(ASSIGN, {"id": case["id"], "users": [COUNTY]}, user=COUNTY)
    body = await client.post(
        FINDING,
        {"id": case["id"], "input": {"assessment": "SUBSTANTIATED", "facts": "x"}},
        user="city.supervisor",
    )
    assert error_codes(body) == ["FORBIDDEN"]  # the city reads it through oversight only


async def test_a_superior_takes_a_serious_case_over_and_then_handles_it(client: Client) -> None:
    case = await open_case_on(client)
    body = await client.post(TAKE_OVER, {"id": case["id"], "reason": "x"}, user=COUNTY)
    assert error_codes(body) == ["PRECONDITION_FAILED"] and rule(body) == "J4"
    body = await client.post(
        TAKE_OVER, {"id": case["id"], "reason": "x"}, user="county-b.supervisor"
    )
    assert error_codes(body) == ["NOT_FOUND"]
    data = await client.data(
        TAKE_OVER, {"id": case["id"], "reason": "涉及县领导，提级查核"}, user="city.supervisor"
    )
    taken = data["takeOverCase"]
    assert taken["jurisdiction"] == {"code": "city"}
    assert taken["originalJurisdiction"] == {"code": "county-a"}
    await client.data(
        ASSIGN, {"id": case["id"], "users": ["city.supervisor"]}, user="city.supervisor"
    )
    body = await client.post(ASSIGN, {"id": case["id"], "users": [COUNTY]}, user=COUNTY)
    assert error_codes(body) == ["NOT_FOUND"]  # taken up: it is the city's, out of county A's sight


async def test_a_referred_case_is_seen_by_the_discipline_officer_and_no_one_else_new(
    client: Client,
) -> None:
    case = await open_case_on(client)
    data = await client.data(REFER, {"id": case["id"], "reason": "涉嫌违纪"}, user=COUNTY)
    assert data["referCase"]["referredTo"] == {"code": "city-discipline"}
    seen = await client.data(CASES, {"first": 100}, user="discipline.officer")
    assert case["id"] in {e["node"]["id"] for e in seen["cases"]["edges"]}
    assert all(e["node"]["status"] == "REFERRED" for e in seen["cases"]["edges"])


async def test_a_case_joins_only_tip_offs_routed_to_its_cadre(client: Client) -> None:
    other = await registered(client, COUNTY, None)
    body = await client.post(OPEN_CASE, {"ids": [other["id"]], "cadre": "C-0101"}, user=COUNTY)
    assert error_codes(body) == ["PRECONDITION_FAILED"] and rule(body) == "J2"
    first = await registered(client)
    await client.data(OPEN_CASE, {"ids": [first["id"]], "cadre": "C-0101"}, user=COUNTY)
    body = await client.post(OPEN_CASE, {"ids": [first["id"]], "cadre": "C-0101"}, user=COUNTY)
    assert error_codes(body) == ["CONFLICT"]


async def test_several_tip_offs_join_one_case(client: Client) -> None:
    ids = [(await registered(client))["id"] for _ in range(3)]
    data = await client.data(OPEN_CASE, {"ids": ids, "cadre": "C-0101"}, user=COUNTY)
    assert sorted(t["id"] for t in data["openCase"]["tipoffs"]) == sorted(ids)


async def test_an_audit_finding_opens_a_case_about_the_audited_cadre(client: Client) -> None:
    commission = await answered(client, "C-0007")
    finding = commission["result"]["findings"][0]["id"]
    query = (
        "mutation($id: ID!) { openCaseFromAuditFinding(findingId: $id) "
        "{ kind subject { code } jurisdiction { code } } }"
    )
    data = await client.data(query, {"id": finding}, user="city.supervisor")
    assert data["openCaseFromAuditFinding"] == {
        "kind": "AUDIT_FINDING",
        "subject": {"code": "C-0007"},
        "jurisdiction": {"code": "city"},
    }
    again = await client.post(query, {"id": finding}, user="city.supervisor")
    assert error_codes(again) == ["CONFLICT"]
    body = await client.post(query, {"id": finding}, user="audit.bureau")
    assert error_codes(body) == ["FORBIDDEN"]


async def test_listing_tip_offs_costs_the_same_for_5_and_50(
    client: Client, statements: object
) -> None:
    for _ in range(6):
        await registered(client, "county-b.supervisor", "C-0201")
    from tests.tipoff_support import TIPOFFS

    counts = []
    for first in (5, 50):
        await client.data(TIPOFFS, {"first": first}, user="county-b.supervisor")
        with statements() as sent:  # type: ignore[operator]
            data = await client.data(TIPOFFS, {"first": first}, user="county-b.supervisor")
        assert len(data["tipoffs"]["edges"]) == min(first, data["tipoffs"]["totalCount"])
        counts.append(len(sent))
    # principal, units below, page, count, units, reveals of this caller, cadres, access log
    assert counts[0] == counts[1] == 8, counts


async def test_a_retaliation_matter_is_kept_from_the_account_of_the_cadre_it_concerns(
    client: Client,
) -> None:
    # Given a case about C-0003 decided as retaliation by the city
    city = "city.supervisor"
    tipoff = await registered(client, city, "C-0003", receivingUnit="city")
    case = await client.data(OPEN_CASE, {"ids": [tipoff["id"]], "cadre": "C-0003"}, user=city)
    case_id = case["openCase"]["id"]
    await client.data(ASSIGN, {"id": case_id, "users": [city]}, user=city)
    await client.data(
        FINDING,
        {"id": case_id, "input": {"assessment": "SERIOUSLY_UNTRUE", "facts": "打击报复"}},
        user=city,
    )
    await client.data(
        DECIDE,
        {"id": case_id, "input": {"outcome": "RETALIATION", "reason": "报复举报人"}},
        user=city,
    )
    # Then the matter it opened is the city's, and the deputy (C-0003) neither sees nor takes it
    matters = await client.data(CASES, {"filter": {"kind": "RETALIATION"}, "first": 100}, user=city)
    assert any(e["node"]["parentCase"] == {"id": case_id} for e in matters["cases"]["edges"])
    mine = await client.data(
        CASES, {"filter": {"kind": "RETALIATION"}, "first": 100}, user="city.deputy"
    )
    assert all(e["node"]["subject"] != {"code": "C-0003"} for e in mine["cases"]["edges"])
    assert all(e["node"]["parentCase"] != {"id": case_id} for e in mine["cases"]["edges"])


async def test_a_routed_tip_off_cannot_be_transferred_away_from_its_cadres_unit(
    client: Client,
) -> None:
    from tests.test_tipoff_routing import TRANSFER

    tipoff = await registered(client)  # about C-0101, under county A
    body = await client.post(
        TRANSFER, {"id": tipoff["id"], "unit": "county-b", "reason": "x"}, user=COUNTY
    )
    assert error_codes(body) == ["PRECONDITION_FAILED"] and rule(body) == "J2"


async def test_a_taken_over_case_takes_its_tip_offs_and_their_reveal_with_it(
    client: Client,
) -> None:
    from tests.tipoff_support import REVEAL, TIPOFF

    tipoff = await registered(client)
    case = await client.data(OPEN_CASE, {"ids": [tipoff["id"]], "cadre": "C-0101"}, user=COUNTY)
    await client.data(
        TAKE_OVER, {"id": case["openCase"]["id"], "reason": "提级"}, user="city.supervisor"
    )
    moved = await client.data(TIPOFF, {"id": tipoff["id"]}, user="city.supervisor")
    assert moved["tipoff"]["jurisdiction"] == {"code": "city"}
    assert (await client.data(TIPOFF, {"id": tipoff["id"]}, user=COUNTY))["tipoff"] is None
    body = await client.post(REVEAL, {"id": tipoff["id"], "reason": "核实"}, user=COUNTY)
    assert error_codes(body) == ["NOT_FOUND"]
    revealed = await client.data(
        REVEAL, {"id": tipoff["id"], "reason": "核实"}, user="city.supervisor"
    )
    assert revealed["revealTipoffReporter"] is not None


@pytest.mark.parametrize(
    ("assessment", "outcome", "measures"),
    [
        ("SUBSTANTIATED", "NAME_CLEARED", []),
        ("SERIOUSLY_UNTRUE", "FOUNDED", ["DEMOTION"]),
        ("UNSUBSTANTIATED", "FALSE_ACCUSATION", []),
        ("PARTLY_SUBSTANTIATED", "FOUNDED", ["DEMOTION"]),
    ],
)
async def test_the_outcome_must_follow_what_verification_found(
    client: Client, assessment: str, outcome: str, measures: list[str]
) -> None:
    case = await with_findings(client, assessment=assessment)
    body = await client.post(
        DECIDE,
        {"id": case["id"], "input": {"outcome": outcome, "measures": measures, "reason": "x"}},
        user=COUNTY,
    )
    assert error_codes(body) == ["PRECONDITION_FAILED"] and rule(body) == "D5"


async def test_a_false_accusation_matter_puts_no_measures_on_the_cadre_it_wronged(
    client: Client,
) -> None:
    # Given the matter opened by clearing C-0101 of a false accusation
    case = await with_findings(client, assessment="SERIOUSLY_UNTRUE")
    await client.data(
        DECIDE,
        {"id": case["id"], "input": {"outcome": "FALSE_ACCUSATION", "reason": "故意捏造"}},
        user=COUNTY,
    )
    matters = await client.data(
        CASES, {"filter": {"kind": "FALSE_ACCUSATION"}, "first": 100}, user=COUNTY
    )
    matter = next(
        e["node"]
        for e in matters["cases"]["edges"]
        if e["node"]["parentCase"] == {"id": case["id"]}
    )
    await client.data(ASSIGN, {"id": matter["id"], "users": [COUNTY]}, user=COUNTY)
    await client.data(
        FINDING,
        {"id": matter["id"], "input": {"assessment": "SUBSTANTIATED", "facts": "举报人承认捏造"}},
        user=COUNTY,
    )
    # Then demoting C-0101 on it is refused, and so is clearing anyone's name again
    for outcome, measures in (("FOUNDED", ["DEMOTION"]), ("NAME_CLEARED", [])):
        body = await client.post(
            DECIDE,
            {
                "id": matter["id"],
                "input": {"outcome": outcome, "measures": measures, "reason": "x"},
            },
            user=COUNTY,
        )
        assert error_codes(body) == ["PRECONDITION_FAILED"] and rule(body) == "D5"
    # while establishing the false accusation itself stands
    data = await client.data(
        DECIDE,
        {"id": matter["id"], "input": {"outcome": "FOUNDED", "reason": "诬告属实，移交处理"}},
        user=COUNTY,
    )
    assert data["decideCase"]["outcome"] == "FOUNDED"


async def test_a_cleared_name_is_told_to_the_cadres_committee_even_after_a_take_over(
    client: Client,
) -> None:
    # Given a case about C-0101 that the city took over from county A
    tipoff = await registered(client)
    opened = await client.data(OPEN_CASE, {"ids": [tipoff["id"]], "cadre": "C-0101"}, user=COUNTY)
    case_id = opened["openCase"]["id"]
    city = "city.supervisor"
    await client.data(TAKE_OVER, {"id": case_id, "reason": "提级查核"}, user=city)
    await client.data(ASSIGN, {"id": case_id, "users": [city]}, user=city)
    await client.data(
        FINDING,
        {"id": case_id, "input": {"assessment": "UNSUBSTANTIATED", "facts": "反映不实"}},
        user=city,
    )
    # When the city clears the cadre's name
    await client.data(
        DECIDE,
        {"id": case_id, "input": {"outcome": "NAME_CLEARED", "reason": "予以澄清"}},
        user=city,
    )
    # Then county A, which can no longer read the case, is told
    notices = await client.data(
        "{ caseNotices(first: 100) { edges { node { body unit { code } cadre { code } } } } }",
        user=COUNTY,
    )
    told = [e["node"] for e in notices["caseNotices"]["edges"] if "予以澄清" in e["node"]["body"]]
    assert told and told[-1]["unit"] == {"code": "county-a"}
    assert told[-1]["cadre"] == {"code": "C-0101"}
    others = await client.data("{ caseNotices { totalCount } }", user="county-b.supervisor")
    assert others["caseNotices"]["totalCount"] == 0
