"""J5 before routing: an unrouted tip-off that may concern a linked user's cadre by what it names
(subject name, post, unit; spaces, full-width and traditional forms folded) is invisible to that
user, in lists and by id, and routing, transferring or revealing it is NOT_FOUND."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from rules.tipoff_concerns import Linked, Named, may_concern, normalise
from tests.conftest import Client
from tests.helpers import error_codes
from tests.test_tipoff_routing import ROUTE, TRANSFER
from tests.tipoff_support import REGISTER, REVEAL, SUBMIT, TIPOFFS

DEPUTY = "city.deputy"  # supervisor @ city, linked to C-0003 张志强, 市委组织部副部长
NODE = "query($id: ID!) { node(id: $id) { id } tipoff(id: $id) { id } }"

ZHANG = Linked(3, "张志强", "zhangzhiqiang", normalise("市委组织部副部长"), ("市委", "city"))


@pytest.mark.parametrize(
    ("name", "post", "unit"),
    [
        ("張 志強", "", ""),  # traditional, with a space
        ("ＺＨＡＮＧ　ＺＨＩＱＩＡＮＧ", "", ""),  # full-width pinyin
        ("张志强同志", "", ""),
        ("", "市委組織部副部長", ""),
        ("", "组织部副部长", "city"),
        ("", "副部长", ""),  # part of the post, no unit named: in doubt, hide
        ("张某", "", "市委"),
    ],
)
def test_what_may_concern_a_linked_cadre_is_matched(name: str, post: str, unit: str) -> None:
    assert may_concern(Named(normalise(name), normalise(post), normalise(unit)), ZHANG)


@pytest.mark.parametrize(
    ("name", "post", "unit"),
    [
        ("李四", "县委书记", "county-a"),
        ("", "副部长", "county-b"),
        ("", "", "市委"),
        ("王某", "", ""),
    ],
)
def test_what_names_someone_else_is_not_matched(name: str, post: str, unit: str) -> None:
    assert not may_concern(Named(normalise(name), normalise(post), normalise(unit)), ZHANG)


async def register_unrouted(client: Client, **subject: str) -> dict[str, Any]:
    data = await client.data(
        REGISTER,
        {
            "input": {
                "channel": "LETTER",
                "content": f"反映问题 {uuid.uuid4().hex[:8]}",
                "receivingUnit": "city",
                "reporterName": "匿名群众",
                **subject,
            }
        },
        user="city.supervisor",
    )
    tipoff: dict[str, Any] = data["registerTipoff"]
    return tipoff


async def listed_ids(client: Client, user: str) -> set[str]:
    ids: set[str] = set()
    after = None
    while True:
        page = (await client.data(TIPOFFS, {"first": 100, "after": after}, user=user))["tipoffs"]
        ids |= {e["node"]["id"] for e in page["edges"]}
        if not page["pageInfo"]["hasNextPage"]:
            return ids
        after = page["pageInfo"]["endCursor"]


async def test_an_unrouted_tip_off_naming_the_deputy_is_hidden_from_him_everywhere(
    client: Client,
) -> None:
    # Given a tip-off in the city's queue naming the deputy's post and name, in traditional form
    tipoff = await register_unrouted(client, subjectName="張 志強", subjectPost="市委組織部副部長")
    other = await register_unrouted(client, subjectName="李四", subjectPost="县委书记")
    # When the deputy, a supervisor of the city, looks for it
    listed = await listed_ids(client, DEPUTY)
    # Then he sees it neither listed nor by id, while the other tip-off he does see
    assert tipoff["id"] not in listed and other["id"] in listed
    assert await client.data(NODE, {"id": tipoff["id"]}, user=DEPUTY) == {
        "node": None,
        "tipoff": None,
    }
    # and routing, transferring or revealing it is NOT_FOUND (J5)
    attempts = [
        (ROUTE, {"id": tipoff["id"], "cadre": "C-0004"}),
        (TRANSFER, {"id": tipoff["id"], "unit": "county-a", "reason": "转办"}),
        (REVEAL, {"id": tipoff["id"], "reason": "核实"}),
    ]
    for query, variables in attempts:
        assert error_codes(await client.post(query, variables, user=DEPUTY)) == ["NOT_FOUND"]
    # while the rest of the supervision office sees and handles it
    assert tipoff["id"] in await listed_ids(client, "city.supervisor")


async def test_a_public_tip_off_is_matched_too_and_so_is_an_account_linked_later(
    client: Client,
) -> None:
    # Given public tip-offs naming the deputy and a cadre no account is linked to yet (C-0008)
    found = await client.data('{ cadre(code: "C-0008") { name } }', user="city.supervisor")
    c8 = found["cadre"]["name"]
    before = await listed_ids(client, "city.supervisor")
    for named in ("张志强", c8):
        marker = uuid.uuid4().hex[:8]
        content = {"channel": "ONLINE", "content": f"举报 {marker}", "subjectName": named}
        await client.post(SUBMIT, {"input": content})
    new = await listed_ids(client, "city.supervisor") - before
    subject = "query($id: ID!) { tipoff(id: $id) { subject { name } } }"
    named_in = {
        t: (await client.data(subject, {"id": t}, user="city.supervisor"))["tipoff"]["subject"][
            "name"
        ]
        for t in new
    }
    assert sorted(named_in.values()) == sorted(["张志强", c8])
    # When an account is linked to C-0008 and made a supervisor of the city
    name = f"linked.{uuid.uuid4().hex[:8]}"
    create = (
        'mutation($u: String!) { createUser(input: {username: $u, cadreCode: "C-0008"}) '
        "{ username } }"
    )
    await client.data(create, {"u": name}, user="admin")
    assign = (
        'mutation($u: String!) { assignRole(input: {username: $u, role: "supervisor", '
        'unitCode: "city"}) { id } }'
    )
    await client.data(assign, {"u": name}, user="admin")
    # Then each sees the tip-off naming the other, never the one naming themself
    for user, other in ((DEPUTY, c8), (name, "张志强")):
        seen = await listed_ids(client, user) & new
        assert {named_in[t] for t in seen} == {other}
