"""supervisionStaffing (L3): who does supervision work in each jurisdiction; who has no one."""

from __future__ import annotations

import datetime
import uuid

from models import AccessLogEntry, OrgUnit, RoleAssignment, User
from tests.conftest import Client

STAFFING = """
query($staffed: Boolean) {
  supervisionStaffing(staffed: $staffed) { unit { code } staff { username } staffed }
}
"""


async def staffing(client: Client, user: str, staffed: bool | None = None) -> dict[str, list[str]]:
    data = await client.data(STAFFING, {"staffed": staffed}, user=user)
    rows = data["supervisionStaffing"]
    assert all(r["staffed"] is bool(r["staff"]) for r in rows)
    return {r["unit"]["code"]: [s["username"] for s in r["staff"]] for r in rows}


async def test_the_city_sees_every_jurisdiction_with_its_supervision_staff(client: Client) -> None:
    found = await staffing(client, "city.supervisor")
    demo = {
        "city": {"city.deputy", "city.supervisor"},
        "county-a": {"county-a.supervisor"},
        "county-b": {"county-b.supervisor"},
        "dept-finance": {"finance.supervisor"},
        "soe-energy": set(),
    }
    assert set(found) == set(demo)
    for code, names in demo.items():
        assert names <= set(found[code])  # other tests may name more


async def test_unstaffed_jurisdictions_can_be_picked_out(client: Client) -> None:
    everyone = await staffing(client, "city.supervisor")
    unstaffed = await staffing(client, "city.supervisor", staffed=False)
    staffed = await staffing(client, "city.supervisor", staffed=True)
    assert unstaffed == {code: [] for code, staff in everyone.items() if not staff}
    assert staffed == {code: staff for code, staff in everyone.items() if staff}
    assert "county-a" in staffed


async def test_a_county_sees_only_its_own_and_others_see_nothing(client: Client) -> None:
    own = await staffing(client, "county-a.supervisor")
    assert set(own) == {"county-a"} and "county-a.supervisor" in own["county-a"]
    for user in ("city.selector", "audit.bureau", "discipline.officer"):
        assert await staffing(client, user) == {}


async def test_the_administrator_sees_the_staffing_it_manages(client: Client) -> None:
    assert set(await staffing(client, "admin")) == {
        "city",
        "county-a",
        "county-b",
        "dept-finance",
        "soe-energy",
    }


async def test_naming_and_revoking_staff_shows_at_once(client: Client) -> None:
    user = await User.create(username=f"soe-{uuid.uuid4().hex[:8]}")
    soe = await OrgUnit.get(code="soe-energy")
    assignment = await RoleAssignment.create(user=user, role="supervisor", unit=soe)
    try:
        before = (await staffing(client, "city.supervisor"))["soe-energy"]
        assert user.username in before
        assert (await staffing(client, "city.supervisor", staffed=False)).get("soe-energy") is None
        entry = await AccessLogEntry.all().order_by("-id").first()
        assert entry is not None and "soe-energy" in entry.record_ids
        assignment.revoked_at = datetime.datetime.now(datetime.UTC)
        await assignment.save()
        after = (await staffing(client, "city.supervisor"))["soe-energy"]
        assert after == [n for n in before if n != user.username]
    finally:
        await RoleAssignment.filter(user=user).delete()
        await user.delete()
