"""Driving a selection through the API, step by step, as a portal does."""

from __future__ import annotations

import datetime
import itertools
import uuid
from typing import Any

from policies.principal import load_principal
from rules import committees
from tests.conftest import Client

# Each scenario gets days of its own (a roll set from its meeting day), so that scenarios sharing
# a committee never see each other's rolls.
_days = itertools.count(0, 2)
ROLL = [f"C-{n:04d}" for n in range(4, 20)]  # city-managed cadres that sit on test rolls
NOMINEES = ["C-0020", "C-0021", "C-0022", "C-0023"]
INSPECTORS = ["C-0024", "C-0025"]

SELECTION_FIELDS = """
  id status postTitle kind positions managingUnit { code } candidates { code }
  decision { passed { code } decidedOn }
"""
START = f"""
mutation($input: StartSelectionInput!) {{ startSelection(input: $input) {{ {SELECTION_FIELDS} }} }}
"""
ROUND = f"""
mutation($id: ID!, $input: RecommendationRoundInput!) {{
  recordRecommendationRound(selectionId: $id, input: $input) {{ {SELECTION_FIELDS} }}
}}
"""
FIX = f"""
mutation($id: ID!, $input: FixCandidatesInput!) {{
  fixCandidates(selectionId: $id, input: $input) {{ {SELECTION_FIELDS} }}
}}
"""
ANNOUNCE = f"""
mutation($id: ID!, $input: AnnounceInspectionInput!) {{
  announceInspection(selectionId: $id, input: $input) {{ {SELECTION_FIELDS} }}
}}
"""
REQUEST = """
mutation($id: ID!) {
  requestIntegrityAppraisal(selectionId: $id) {
    id status candidates { code } addressedTo { code }
  }
}
"""
ANSWER = """
mutation($id: ID!, $answers: [AppraisalAnswerInput!]!) {
  answerIntegrityAppraisal(requestId: $id, answers: $answers) {
    id status candidates { code } answers { cadre { code } verdict detail alreadyConcluded }
  }
}
"""
INSPECT = f"""
mutation($id: ID!, $cadre: String!, $input: InspectionInput!) {{
  recordInspection(selectionId: $id, cadreCode: $cadre, input: $input) {{ {SELECTION_FIELDS} }}
}}
"""
INTEGRITY = f"""
mutation($id: ID!, $cadre: String!, $opinion: String!) {{
  recordIntegrityOpinion(selectionId: $id, cadreCode: $cadre, opinion: $opinion) {{
    {SELECTION_FIELDS}
  }}
}}
"""
OPINION = f"""
mutation($id: ID!, $cadre: String!, $opinion: String!) {{
  recordSupervisionOpinion(selectionId: $id, cadreCode: $cadre, opinion: $opinion) {{
    {SELECTION_FIELDS}
  }}
}}
"""
MEETING = """
mutation($id: ID!, $input: DecisionMeetingInput!) {
  recordDecisionMeeting(selectionId: $id, input: $input) {
    id heldOn quorum agreeNeeded members { code } present { code }
    results { candidate { code } agree disagree defer passed }
  }
}
"""
SET_ROLL = """
mutation($unit: String!, $codes: [String!]!, $from: Date) {
  setCommitteeMembers(unitCode: $unit, cadreCodes: $codes, from: $from) {
    unit { code } effectiveFrom members { code }
  }
}
"""
ONE = f"query($id: ID!) {{ selection(id: $id) {{ {SELECTION_FIELDS} }} }}"
LIST = f"""
query($filter: SelectionFilter, $first: Int, $after: String) {{
  selections(filter: $filter, first: $first, after: $after) {{
    totalCount edges {{ node {{ {SELECTION_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }}
  }}
}}
"""
SELECTOR = "city.selector"
SUPERVISOR = "city.supervisor"
DISCIPLINE = "discipline.officer"


class Scenario:
    """One selection with its own calendar: the meeting day and the days before it."""

    def __init__(self, client: Client, unit: str = "city", selector: str = SELECTOR) -> None:
        self.client = client
        self.unit = unit
        self.selector = selector
        self.supervisor = f"{unit}.supervisor"
        # after the demo world's own meeting (2025-04-02), so no roll set here rewrites it
        self.day = datetime.date(2025, 4, 10) + datetime.timedelta(days=next(_days))
        self.id = ""

    def before(self, days: int) -> str:
        return (self.day - datetime.timedelta(days=days)).isoformat()

    async def run(self, query: str, variables: dict[str, Any], user: str | None = None) -> Any:
        data = await self.client.data(
            query, {"id": self.id, **variables}, user=user or self.selector
        )
        return next(iter(data.values()))

    async def post(self, query: str, variables: dict[str, Any], user: str | None = None) -> Any:
        return await self.client.post(
            query, {"id": self.id, **variables}, user=user or self.selector
        )

    async def start(self, positions: int = 1, work_unit: str | None = None) -> dict[str, Any]:
        kind = "SINGLE_PROMOTION" if positions == 1 else "GENERAL_ELECTION"
        started = await self.run(
            START,
            {
                "input": {
                    "managingUnit": self.unit,
                    "postTitle": f"post {uuid.uuid4().hex[:6]}",
                    "workUnit": work_unit or self.unit,
                    "kind": kind,
                    "positions": positions,
                }
            },
        )
        self.id = started["id"]
        return dict(started)

    async def round(self, tallies: dict[str, int], cast: int = 40) -> Any:
        return await self.run(ROUND, {"input": round_input(tallies, cast)})

    async def fix(self, candidates: list[str], reasons: dict[str, str] | None = None) -> Any:
        return await self.run(FIX, {"input": fix_input(candidates, reasons, self.before(40))})

    async def announce(self) -> Any:
        notice = {"noticeFrom": self.before(30), "noticeTo": self.before(24)}
        return await self.run(ANNOUNCE, {"input": notice})

    async def inspect(self, cadre: str) -> Any:
        return await self.run(INSPECT, {"cadre": cadre, "input": self.inspection_input()})

    def inspection_input(self) -> dict[str, Any]:
        return {
            "inspectors": INSPECTORS,
            "steps": [
                {"at": self.before(22), "action": "个别谈话", "facts": "谈话32人，评价较好"},
                {"at": self.before(20), "action": "查阅档案", "facts": "档案记载一致"},
            ],
            "conclusion": "政治素质好，工作实绩突出",
        }

    async def appraise(self, verdict: str = "NO_PROBLEMS_KNOWN") -> Any:
        request = await self.run(REQUEST, {}, user=self.supervisor)
        answers = [
            {
                "cadreCode": c["code"],
                "verdict": verdict,
                "detail": "已办结" * (verdict != "NO_PROBLEMS_KNOWN"),
            }
            for c in request["candidates"]
        ]
        await self.client.data(ANSWER, {"id": request["id"], "answers": answers}, user=DISCIPLINE)
        return request

    async def opine(self, cadre: str) -> Any:
        return await self.run(
            OPINION, {"cadre": cadre, "opinion": "同意提交讨论"}, user=self.supervisor
        )

    async def ready(self, candidates: list[str], positions: int = 1) -> None:
        """A selection with every gate of the decision meeting open."""
        await self.start(positions)
        await self.round({c: 20 - i for i, c in enumerate(candidates)}, cast=40)
        await self.fix(candidates)
        await self.announce()
        await self.appraise()
        for c in candidates:
            await self.inspect(c)
            await self.opine(c)

    async def set_roll(self, members: list[str]) -> None:
        """The roll from the scenario's meeting day, loaded by the operator as `seed demo` loads
        the demo's (through the API a roll only takes effect from tomorrow, S5)."""
        admin = await load_principal("admin")
        assert admin is not None
        await committees.load_roll(admin, self.unit, members, self.day)

    def meeting_input(
        self, present: list[str], candidates: list[str], agree: int, **overrides: Any
    ) -> dict[str, Any]:
        """`present` vote on each candidate: the first `agree` of them AGREE, the rest DISAGREE."""
        votes = []
        for candidate in candidates:
            voters = [m for m in present if m != candidate]
            votes += [
                {
                    "memberCadreCode": m,
                    "candidateCadreCode": candidate,
                    "vote": "AGREE" if i < agree else "DISAGREE",
                }
                for i, m in enumerate(voters)
            ]
        return {
            "heldOn": self.day.isoformat(),
            "present": present,
            "votes": votes,
            "minutes": "会议纪要：讨论并表决",
            **overrides,
        }


def round_input(tallies: dict[str, int], cast: int = 40, **who: Any) -> dict[str, Any]:
    return {
        "eligible": 50,
        "cast": cast,
        "tallies": [{"cadreCode": c, "votes": v} for c, v in tallies.items()],
        "recommendedBy": who or {"organisation": "市委组织部"},
    }


def fix_input(
    candidates: list[str], reasons: dict[str, str] | None, meeting_date: str
) -> dict[str, Any]:
    return {
        "candidates": candidates,
        "reasons": [{"cadreCode": c, "reason": r} for c, r in (reasons or {}).items()],
        "meetingDate": meeting_date,
    }


def rule_of(body: dict[str, Any]) -> tuple[str, str | None]:
    error = body["errors"][0]
    return error["extensions"]["code"], error["extensions"].get("rule")


async def county_selector(client: Client, unit: str = "county-a") -> str:
    """A `selector @ unit` user (the demo has none below the city), created once."""
    name = f"test.{unit}.selector"
    await client.post(
        "mutation($u: String!) { createUser(input: {username: $u}) { username } }",
        {"u": name},
        user="admin",
    )
    await client.post(
        "mutation($u: String!, $unit: String!) { assignRole(input: "
        '{username: $u, role: "selector", unitCode: $unit}) { id } }',
        {"u": name, "unit": unit},
        user="admin",
    )
    return name
