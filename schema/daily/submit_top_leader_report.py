from __future__ import annotations

from typing import Annotated

import strawberry

from rules import top_leader_reports
from schema.daily.filings import TopLeaderReport
from schema.daily.inputs import SubmitTopLeaderReportInput
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description=(
        "Record a top leader's yearly report (D3): only for a top leader (`isTopLeader`); one a "
        "year (again: CONFLICT)."
    )
)
@answers_decision
async def submit_top_leader_report(
    info: Info,
    input: Annotated[SubmitTopLeaderReportInput, strawberry.argument(description="The report.")],
) -> TopLeaderReport:
    principal = info.context.require_principal()
    text = top_leader_reports.ReportText(
        thought=input.thought,
        work=input.work,
        style=input.style,
        integrity=input.integrity,
        responsibility=input.responsibility,
        team_building=input.team_building,
    )
    row = await top_leader_reports.submit(
        principal, input.cadre_code, input.year, input.submitted_on, text
    )
    return TopLeaderReport.of(row)
