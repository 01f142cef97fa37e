"""D3, D4: talks, letters of inquiry and admonishments, each step with its gates and errors, one
transaction with its access-log entry."""

from __future__ import annotations

from models import Admonishment, AdmonishmentGround, Case, InquiryLetter, InquiryStatus
from rules import admonishments, inquiries
from tests.conftest import Client
from tests.daily_support import (
    ADMONISH,
    CITY,
    CONCLUDE,
    COUNTY_A,
    COUNTY_B,
    RECORD_TALK,
    REPLY,
    REVIEW,
    SEND_LETTER,
    ago,
    days,
    decision,
    pk,
    rule,
    send_letter,
    unique,
    who,
)
from tests.daily_support import gid as global_id
from tests.helpers import error_codes


async def test_a_talk_is_recorded_with_who_held_it_and_logged(client: Client) -> None:
    summary = unique("任前谈话")
    data = await client.data(
        RECORD_TALK,
        {
            "input": {
                "cadreCode": "C-0102",
                "kind": "APPOINTMENT",
                "heldOn": days(-1),
                "heldBy": ["C-0001", "C-0003"],
                "summary": summary,
            }
        },
        user=COUNTY_A,
    )
    talk = data["recordTalk"]
    assert (talk["kind"], talk["cadre"]["code"], talk["jurisdiction"]["code"]) == (
        "APPOINTMENT",
        "C-0102",
        "county-a",
    )
    assert [h["code"] for h in talk["heldBy"]] == ["C-0001", "C-0003"]
    assert talk["recordedBy"] == {"username": COUNTY_A}
    entry = await decision("talk:record")
    assert (entry.action, entry.username, entry.roles) == (
        "talk:record",
        COUNTY_A,
        "supervisor@county-a",
    )


async def test_a_talk_in_the_future_or_held_by_no_known_cadre_is_bad_input(
    client: Client,
) -> None:
    base = {"cadreCode": "C-0102", "kind": "REMINDER", "heldOn": days(0), "heldBy": ["C-0001"]}
    changes: list[dict[str, object]] = [
        {"heldOn": days(1)},
        {"heldBy": []},
        {"heldBy": ["C-9999"]},
    ]
    for change in changes:
        body = await client.post(RECORD_TALK, {"input": {**base, **change}}, user=COUNTY_A)
        assert error_codes(body) == ["BAD_USER_INPUT"], change


async def test_only_the_managing_units_supervisor_keeps_the_file(client: Client) -> None:
    talk = {"cadreCode": "C-0102", "kind": "REMINDER", "heldOn": days(0), "heldBy": ["C-0001"]}
    # Another county cannot see the cadre; the city reads it through oversight but does not act.
    body = await client.post(RECORD_TALK, {"input": talk}, user=COUNTY_B)
    assert error_codes(body) == ["NOT_FOUND"]
    body = await client.post(RECORD_TALK, {"input": talk}, user=CITY)
    assert error_codes(body) == ["FORBIDDEN"]
    for user in ("city.selector", "admin", "discipline.officer", "audit.bureau"):
        body = await client.post(RECORD_TALK, {"input": talk}, user=user)
        assert error_codes(body) == ["NOT_FOUND"], user


async def test_no_one_keeps_their_own_file(client: Client) -> None:
    talk = {"cadreCode": "C-0003", "kind": "REMINDER", "heldOn": days(0), "heldBy": ["C-0001"]}
    body = await client.post(RECORD_TALK, {"input": talk}, user="city.deputy")
    assert error_codes(body) == ["PRECONDITION_FAILED"] and rule(body) == "J5"


async def test_a_letter_is_answered_once_and_then_concluded(client: Client) -> None:
    letter = await send_letter(client)
    assert (letter["status"], letter["overdue"], letter["sentOn"]) == (
        "AWAITING_REPLY",
        False,
        days(0),
    )
    assert (await decision("inquiry_letter:send")).record_ids == pk(letter["id"])
    replied = await client.data(
        REPLY,
        {"id": letter["id"], "input": {"receivedOn": days(0), "text": "情况属实"}},
        user=COUNTY_A,
    )
    reply = replied["recordInquiryReply"]
    assert reply["status"] == "REPLIED"
    assert reply["reply"] == {"receivedOn": days(0), "text": "情况属实", "late": False}
    again = await client.post(
        REPLY, {"id": letter["id"], "input": {"receivedOn": days(0), "text": "再次"}}, user=COUNTY_A
    )
    assert error_codes(again) == ["CONFLICT"]
    concluded = await client.data(
        CONCLUDE,
        {"id": letter["id"], "input": {"outcome": "EXPLAINED", "note": "说明属实"}},
        user=COUNTY_A,
    )
    conclusion = concluded["concludeInquiry"]
    assert conclusion["status"] == "CONCLUDED"
    assert (conclusion["conclusion"], conclusion["conclusionNote"]) == ("EXPLAINED", "说明属实")
    assert (conclusion["concludedOn"], conclusion["case"]) == (days(0), None)
    twice = await client.post(
        CONCLUDE, {"id": letter["id"], "input": {"outcome": "TALK", "note": "x"}}, user=COUNTY_A
    )
    assert error_codes(twice) == ["CONFLICT"]


async def test_a_letter_needs_a_reply_due_after_today(client: Client) -> None:
    for due in (days(0), days(-3)):
        body = await client.post(
            SEND_LETTER,
            {"input": {"cadreCode": "C-0102", "matter": "说明", "replyDue": due}},
            user=COUNTY_A,
        )
        assert error_codes(body) == ["BAD_USER_INPUT"]
    body = await client.post(
        SEND_LETTER,
        {"input": {"cadreCode": "C-0102", "matter": "  ", "replyDue": days(5)}},
        user=COUNTY_A,
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_a_reply_cannot_come_from_the_future_or_before_the_letter(client: Client) -> None:
    letter = await send_letter(client)
    for day in (days(1), days(-1)):
        body = await client.post(
            REPLY, {"id": letter["id"], "input": {"receivedOn": day, "text": "x"}}, user=COUNTY_A
        )
        assert error_codes(body) == ["BAD_USER_INPUT"], day


async def test_a_letter_is_not_concluded_before_its_reply_unless_overdue(client: Client) -> None:
    letter = await send_letter(client)
    body = await client.post(
        CONCLUDE, {"id": letter["id"], "input": {"outcome": "TALK", "note": "x"}}, user=COUNTY_A
    )
    assert error_codes(body) == ["PRECONDITION_FAILED"] and rule(body) == "D4"
    # Sent 30 days ago, due 10 days ago, no reply: overdue, and concluded on the silence.
    overdue = await inquiries.send_inquiry_letter(
        await who(COUNTY_A), "C-0103", unique("说明"), ago(10), on=ago(30)
    )
    gid = global_id("InquiryLetter", overdue.id)
    found = await client.data(
        "query($id: ID!) { node(id: $id) { ... on InquiryLetter { overdue status } } }",
        {"id": gid},
        user=COUNTY_A,
    )
    assert found["node"] == {"overdue": True, "status": "AWAITING_REPLY"}
    done = await client.data(
        CONCLUDE, {"id": gid, "input": {"outcome": "TALK", "note": "逾期未复"}}, user=COUNTY_A
    )
    assert done["concludeInquiry"]["status"] == "CONCLUDED"
    assert done["concludeInquiry"]["overdue"] is False


async def test_concluding_with_a_case_opens_it_about_the_cadre_in_the_same_step(
    client: Client,
) -> None:
    letter = await send_letter(client, "C-0106")
    await client.data(
        REPLY, {"id": letter["id"], "input": {"receivedOn": days(0), "text": "否认"}}, user=COUNTY_A
    )
    data = await client.data(
        CONCLUDE,
        {"id": letter["id"], "input": {"outcome": "CASE_OPENED", "note": "说明不能令人信服"}},
        user=COUNTY_A,
    )
    case = data["concludeInquiry"]["case"]
    assert (case["status"], case["subject"]["code"]) == ("OPEN", "C-0106")
    row = await InquiryLetter.get(id=int(pk(letter["id"])))
    opened = await Case.get(id=row.case_id)
    assert (opened.jurisdiction_id, opened.cadre_id) == (row.jurisdiction_id, row.cadre_id)
    opening = await decision("case:open")
    concluding = await decision("inquiry_letter:conclude")
    assert (opening.record_ids, concluding.record_ids) == (str(opened.id), str(row.id))
    assert opening.id < concluding.id


async def test_a_letter_in_another_jurisdiction_is_not_found_and_the_city_may_not_act(
    client: Client,
) -> None:
    letter = await send_letter(client)
    reply = {"id": letter["id"], "input": {"receivedOn": days(0), "text": "x"}}
    assert error_codes(await client.post(REPLY, reply, user=COUNTY_B)) == ["NOT_FOUND"]
    assert error_codes(await client.post(REPLY, reply, user=CITY)) == ["FORBIDDEN"]
    assert (
        await InquiryLetter.get(id=int(pk(letter["id"])))
    ).status is InquiryStatus.AWAITING_REPLY


async def test_an_admonishment_carries_its_written_notice_and_deadline(client: Client) -> None:
    facts = unique("工作推进不力")
    data = await client.data(
        ADMONISH,
        {
            "input": {
                "cadreCode": "C-0107",
                "grounds": ["LACK_OF_DRIVE", "MEDIOCRE_WORK", "LACK_OF_DRIVE"],
                "facts": facts,
                "correctBy": days(90),
            }
        },
        user=COUNTY_A,
    )
    issued = data["admonish"]
    assert issued["grounds"] == ["LACK_OF_DRIVE", "MEDIOCRE_WORK"]
    assert (issued["status"], issued["overdueReview"], issued["review"]) == (
        "CORRECTING",
        False,
        None,
    )
    assert facts in issued["notice"] and days(90) in issued["notice"]
    assert (await decision("admonishment:issue")).record_ids == pk(issued["id"])


async def test_an_admonishment_needs_grounds_facts_and_a_deadline_after_today(
    client: Client,
) -> None:
    base = {"cadreCode": "C-0107", "grounds": ["CONDUCT"], "facts": "x", "correctBy": days(30)}
    changes: list[dict[str, object]] = [{"grounds": []}, {"facts": " "}, {"correctBy": days(0)}]
    for change in changes:
        body = await client.post(ADMONISH, {"input": {**base, **change}}, user=COUNTY_A)
        assert error_codes(body) == ["BAD_USER_INPUT"], change


async def test_an_admonishment_is_not_reviewed_before_its_deadline(client: Client) -> None:
    data = await client.data(
        ADMONISH,
        {
            "input": {
                "cadreCode": "C-0107",
                "grounds": ["CONDUCT"],
                "facts": unique("作风"),
                "correctBy": days(30),
            }
        },
        user=COUNTY_A,
    )
    review = {"improved": True, "newProblems": False, "findings": "好", "proposal": "LIFTED"}
    body = await client.post(REVIEW, {"id": data["admonish"]["id"], "input": review}, user=COUNTY_A)
    assert error_codes(body) == ["PRECONDITION_FAILED"] and rule(body) == "D4"


async def _overdue_admonishment(cadre: str = "C-0107") -> str:
    row = await admonishments.admonish(
        await who(COUNTY_A),
        cadre,
        [AdmonishmentGround.REPEATED_MISTAKES],
        unique("屡犯错误"),
        ago(5),
        on=ago(100),
    )
    return global_id("Admonishment", row.id)


async def test_a_review_must_follow_d4s_table_and_happens_once(client: Client) -> None:
    gid = await _overdue_admonishment()
    shown = await client.data(
        "query($id: ID!) { node(id: $id) { ... on Admonishment { overdueReview } } }",
        {"id": gid},
        user=COUNTY_A,
    )
    assert shown["node"] == {"overdueReview": True}
    refused = {"improved": False, "newProblems": False, "findings": "无改进", "proposal": "LIFTED"}
    body = await client.post(REVIEW, {"id": gid, "input": refused}, user=COUNTY_A)
    assert error_codes(body) == ["PRECONDITION_FAILED"] and rule(body) == "D4"
    assert (await Admonishment.get(id=int(pk(gid)))).reviewed_on is None
    good = {**refused, "proposal": "REMOVAL"}
    data = await client.data(REVIEW, {"id": gid, "input": good}, user=COUNTY_A)
    reviewed = data["reviewAdmonishment"]
    assert reviewed["status"] == "REVIEWED" and reviewed["overdueReview"] is False
    assert reviewed["review"] == {
        "on": days(0),
        "improved": False,
        "newProblems": False,
        "proposal": "REMOVAL",
        "findings": "无改进",
    }
    assert (await decision("admonishment:review")).record_ids == pk(gid)
    again = await client.post(REVIEW, {"id": gid, "input": good}, user=COUNTY_A)
    assert error_codes(again) == ["CONFLICT"]


async def test_only_the_managing_units_supervisor_reviews(client: Client) -> None:
    gid = await _overdue_admonishment()
    review = {"improved": True, "newProblems": False, "findings": "好", "proposal": "LIFTED"}
    body = await client.post(REVIEW, {"id": gid, "input": review}, user=COUNTY_B)
    assert error_codes(body) == ["NOT_FOUND"]
    body = await client.post(REVIEW, {"id": gid, "input": review}, user=CITY)
    assert error_codes(body) == ["FORBIDDEN"]
