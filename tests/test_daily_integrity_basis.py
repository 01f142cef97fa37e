"""S4, D6: the combined integrity opinion is written on the cadre's daily-supervision file as
well, and only on what its author may read (J3, J4)."""

from __future__ import annotations

from tests.conftest import Client
from tests.selection_support import INTEGRITY, Scenario, county_selector

BASIS = """query($id: ID!) { selection(id: $id) {
  candidateRecords { cadre { code } integrityOpinion { basis } } } }"""


async def _basis(client: Client, s: Scenario, cadre: str) -> str:
    await s.start()
    await s.round({cadre: 30}, cast=40)
    await s.fix([cadre])
    await s.announce()
    await s.appraise()
    await s.inspect(cadre)
    await s.run(INTEGRITY, {"cadre": cadre, "opinion": "廉洁自律情况良好"}, user=s.supervisor)
    data = await client.data(BASIS, {"id": s.id}, user=s.supervisor)
    (record,) = data["selection"]["candidateRecords"]
    return str(record["integrityOpinion"]["basis"])


async def test_the_basis_shows_the_candidates_daily_file(client: Client) -> None:
    basis = await _basis(client, Scenario(client), "C-0001")
    assert "talks: 1 (REMINDER 1)" in basis
    assert "letters of inquiry: 1, reply overdue 0" in basis
    assert "information from other departments: 1 (MEDIUM 1)" in basis
    assert "life-meeting problems raised: 1, open 0, overdue 0" in basis
    assert "major decisions attended: 1" in basis


async def test_the_basis_holds_only_what_its_author_may_read(client: Client) -> None:
    # C-0001 is the city's: county-a's supervision office reads nothing of that file.
    s = Scenario(client, unit="county-a", selector=await county_selector(client))
    basis = await _basis(client, s, "C-0001")
    assert "talks" not in basis and "letters of inquiry" not in basis
    assert "information from other departments" not in basis
