"""S5 counts a meeting against the roll in force on its day: neither a backdated meeting nor a
backdated roll may choose the quorum after the fact."""

from __future__ import annotations

import datetime

import pytest

from api.errors import BadUserInput
from policies.principal import load_principal
from rules import committees
from tests.conftest import Client
from tests.helpers import error_codes
from tests.selection_support import MEETING, ROLL, SET_ROLL, Scenario


async def test_a_meeting_cannot_be_dated_before_its_candidates_were_fixed(client: Client) -> None:
    s = Scenario(client)
    await s.set_roll(ROLL[:9])
    await s.ready(["C-0020"])
    early = (s.day - datetime.timedelta(days=400)).isoformat()
    body = await s.post(MEETING, {"input": s.meeting_input(ROLL[:6], ["C-0020"], 6, heldOn=early)})
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_a_roll_cannot_be_backdated_over_a_meeting_already_held(client: Client) -> None:
    # Given a meeting held under a nine-member roll
    s = Scenario(client)
    await s.set_roll(ROLL[:9])
    await s.ready(["C-0020"])
    await s.run(MEETING, {"input": s.meeting_input(ROLL[:6], ["C-0020"], 5)})
    # When the administrator sets a three-member roll in force on the meeting's day
    body = await client.post(
        SET_ROLL, {"unit": "city", "codes": ROLL[:3], "from": s.day.isoformat()}, user="admin"
    )
    # Then it is refused (S5: no backdating), and so is the operator's load over that day
    assert error_codes(body) == ["BAD_USER_INPUT"]
    admin = await load_principal("admin")
    assert admin is not None
    with pytest.raises(BadUserInput):
        await committees.load_roll(admin, "city", ROLL[:3], s.day)
    # while a roll from the day before, superseded by the meeting's own roll, changes nothing
    await committees.load_roll(admin, "city", ROLL[:3], s.day - datetime.timedelta(days=1))
