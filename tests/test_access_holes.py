"""The holes a careful tester found where one path forgot what the others do, each closed by the
protected layer or the rule it names (issue 8): given the path, when the caller follows it, then
it shows no more than every other path does."""

from __future__ import annotations

from typing import Any

from tests.conftest import Client
from tests.selection_support import (
    DISCIPLINE,
    INTEGRITY,
    SUPERVISOR,
    Scenario,
    county_selector,
)

CANDIDATE_FILES = """
query($id: ID!) {
  selection(id: $id) {
    candidateRecords {
      cadre { __typename code ... on Cadre { birthDate rank managingUnit { code } } }
      inspection { conclusion steps { facts } }
      supervisionOpinion { opinion }
      integrityOpinion { opinion basis }
      appraisal { verdict cadre { code } }
    }
    candidates { __typename code }
  }
}
"""


def records_by_code(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["cadre"]["code"]: r for r in data["selection"]["candidateRecords"]}


async def test_the_discipline_commission_sees_who_the_candidates_are_never_their_files(
    client: Client,
) -> None:
    # Given a request the discipline commission has answered
    s = Scenario(client)
    await s.ready(["C-0020"])
    # When the discipline officer reads its requests, candidates and answers
    query = """
    { integrityAppraisalRequests(first: 100) { edges { node {
        candidates { __typename code name post workUnit { code } }
        answers { cadre { __typename code ... on Cadre { birthDate rank } } }
    } } } }
    """
    data = await client.data(query, user=DISCIPLINE)
    nodes = [e["node"] for e in data["integrityAppraisalRequests"]["edges"]]
    people = [c for n in nodes for c in n["candidates"]] + [
        a["cadre"] for n in nodes for a in n["answers"]
    ]
    # Then each cadre is who they are (code, name, post, unit), never a personnel file (J7)
    assert any(p["code"] == "C-0020" for p in people)
    assert {p["__typename"] for p in people} == {"PersonSummary"}


async def test_a_county_selector_sees_nominees_outside_its_jurisdiction_only_as_people(
    client: Client,
) -> None:
    # Given a county selection whose round nominated a city-managed cadre and a county one
    county = await county_selector(client)
    s = Scenario(client, unit="county-a", selector=county)
    await s.start()
    await s.round({"C-0002": 20, "C-0102": 10})
    await s.fix(["C-0002"], reasons={})
    # When the county selector reads the candidates
    data = await client.data(CANDIDATE_FILES, {"id": s.id}, user=county)
    # Then its own cadre comes with the file, the city's cadre only as a person (J3)
    records = records_by_code(data)
    assert records["C-0102"]["cadre"]["__typename"] == "Cadre"
    assert records["C-0002"]["cadre"] == {"__typename": "PersonSummary", "code": "C-0002"}
    assert data["selection"]["candidates"] == [{"__typename": "PersonSummary", "code": "C-0002"}]


async def test_an_integrity_opinions_basis_counts_only_the_audits_its_author_may_read(
    client: Client,
) -> None:
    # Given a county selection whose candidate has an audit commissioned by the city (demo world)
    county = await county_selector(client)
    s = Scenario(client, unit="county-a", selector=county)
    await s.ready(["C-0002"])
    # When the county's supervision office writes the integrity opinion
    await s.run(INTEGRITY, {"cadre": "C-0002", "opinion": "廉洁自律情况良好"}, user=s.supervisor)
    # Then its basis counts none of the city's audits, which the county cannot read (J3)
    data = await client.data(CANDIDATE_FILES, {"id": s.id}, user=s.supervisor)
    basis = records_by_code(data)["C-0002"]["integrityOpinion"]["basis"]
    assert "daily supervision: 0 economic-responsibility audit(s)" in basis


async def test_a_candidate_linked_to_a_user_never_reads_his_inspection_or_the_opinions_on_him(
    client: Client,
) -> None:
    # Given a city selection whose candidate is C-0003, the cadre of the user city.deputy
    s = Scenario(client)
    await s.ready(["C-0003"])
    await s.run(INTEGRITY, {"cadre": "C-0003", "opinion": "廉洁自律情况良好"}, user=SUPERVISOR)
    # When city.deputy, a supervisor of the city, reads the selection
    own = records_by_code(await client.data(CANDIDATE_FILES, {"id": s.id}, user="city.deputy"))
    # Then the inspection, the opinions and the appraisal about him are not there (J5)
    assert own["C-0003"] | {"cadre": None} == {
        "cadre": None,
        "inspection": None,
        "supervisionOpinion": None,
        "integrityOpinion": None,
        "appraisal": None,
    }
    # nor the inspection's conclusion through the responsibility chain
    chain = """
    query($id: ID!) { responsibilityChain(selectionId: $id) { role about { code } detail } }
    """
    links = (await client.data(chain, {"id": s.id}, user="city.deputy"))["responsibilityChain"]
    assert not [link for link in links if (link["about"] or {}).get("code") == "C-0003"]
    # while the rest of the supervision office reads them all
    other = records_by_code(await client.data(CANDIDATE_FILES, {"id": s.id}, user=SUPERVISOR))
    assert all(other["C-0003"][k] for k in ("inspection", "supervisionOpinion", "appraisal"))
    assert other["C-0003"]["integrityOpinion"]
