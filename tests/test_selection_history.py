"""S5 counts a meeting against the roll in force on its day: neither a backdated meeting nor a
backdated roll may choose the quorum after the fact."""

from __future__ import annotations

import datetime

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
    # When someone sets a three-member roll that would be in force on the meeting's day
    body = await client.post(
        SET_ROLL,
        {"unit": "city", "codes": ROLL[:3], "from": s.day.isoformat()},
        user="city.selector",
    )
    # Then it is refused: history is kept, not rewritten
    assert error_codes(body) == ["BAD_USER_INPUT"]
    # while a roll from the day before, superseded by the meeting's own roll, changes nothing
    earlier = (s.day - datetime.timedelta(days=1)).isoformat()
    await client.data(
        SET_ROLL, {"unit": "city", "codes": ROLL[:3], "from": earlier}, user="city.selector"
    )
