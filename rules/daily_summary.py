"""S4, D6: what the cadre's daily-supervision file says, in a few lines, for the basis of the
combined integrity opinion: only what its author may read (J3, J4, J5), counted in SQL."""

from __future__ import annotations

from collections import Counter
from typing import TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models import (
    Admonishment,
    AdmonishmentStatus,
    InquiryLetter,
    InquiryStatus,
    LifeMeetingProblem,
    MajorDecision,
    MajorDecisionAttendee,
    PersonalMattersReport,
    SupervisionInformation,
    Talk,
    TopLeaderReport,
)
from policies.principal import Principal
from policies.resources import (
    ADMONISHMENT,
    INQUIRY_LETTER,
    LIFE_MEETING_PROBLEM,
    MAJOR_DECISION,
    PERSONAL_MATTERS_REPORT,
    SUPERVISION_INFORMATION,
    TALK,
    TOP_LEADER_REPORT,
    Resource,
)
from policies.scope import resolve_scope, restrict
from rules.calendar import office_today

M = TypeVar("M", bound=Model)


async def _readable(
    principal: Principal, resource: Resource, qs: QuerySet[M], conn: BaseDBAsyncClient
) -> QuerySet[M]:
    return restrict(qs, await resolve_scope(principal, resource, "read"), resource).using_db(conn)


def _tally(values: list[str]) -> str:
    counts = Counter(values)
    return ", ".join(f"{k} {n}" for k, n in sorted(counts.items()))


async def daily_file_lines(
    principal: Principal, cadre_id: int, conn: BaseDBAsyncClient
) -> list[str]:
    """S4: the daily-supervision information on the cadre that `principal` may read, one line
    per kind that holds any (talks, letters of inquiry, admonishments, information from other
    departments, reports filed, life-meeting rectifications, major decisions attended)."""
    today = office_today()
    lines: list[str] = []
    about = {"cadre_id": cadre_id}

    talks = await (await _readable(principal, TALK, Talk.filter(**about), conn)).values_list(
        "kind", flat=True
    )
    if talks:
        lines.append(f"talks: {len(talks)} ({_tally([str(k) for k in talks])})")

    letters = await (
        await _readable(principal, INQUIRY_LETTER, InquiryLetter.filter(**about), conn)
    ).values_list("status", "reply_due", "outcome")
    if letters:
        overdue = sum(
            1 for s, due, _ in letters if s == InquiryStatus.AWAITING_REPLY and today > due
        )
        outcomes = _tally([str(o) for _, _, o in letters if o is not None])
        lines.append(
            f"letters of inquiry: {len(letters)}, reply overdue {overdue}"
            + (f", concluded: {outcomes}" if outcomes else "")
        )

    admonished = await (
        await _readable(principal, ADMONISHMENT, Admonishment.filter(**about), conn)
    ).values_list("status", "correct_by", "proposal")
    if admonished:
        correcting = sum(1 for s, _, _ in admonished if s == AdmonishmentStatus.CORRECTING)
        proposals = _tally([str(p) for _, _, p in admonished if p is not None])
        lines.append(
            f"admonishments: {len(admonished)}, still correcting {correcting}"
            + (f", reviewed: {proposals}" if proposals else "")
        )

    information = await (
        await _readable(
            principal, SUPERVISION_INFORMATION, SupervisionInformation.filter(**about), conn
        )
    ).values_list("severity", flat=True)
    if information:
        lines.append(
            f"information from other departments: {len(information)} "
            f"({_tally([str(s) for s in information])})"
        )

    matters = await (
        await _readable(
            principal, PERSONAL_MATTERS_REPORT, PersonalMattersReport.filter(**about), conn
        )
    ).values_list("year", flat=True)
    if matters:
        lines.append(f"personal matters reports: {', '.join(str(y) for y in sorted(matters))}")

    yearly = await (
        await _readable(principal, TOP_LEADER_REPORT, TopLeaderReport.filter(**about), conn)
    ).values_list("year", flat=True)
    if yearly:
        lines.append(f"top leader's yearly reports: {', '.join(str(y) for y in sorted(yearly))}")

    problems = await (
        await _readable(principal, LIFE_MEETING_PROBLEM, LifeMeetingProblem.filter(**about), conn)
    ).values_list("done_on", "due_on")
    if problems:
        open_ = sum(1 for done, _ in problems if done is None)
        late = sum(1 for done, due in problems if done is None and today > due)
        lines.append(f"life-meeting problems raised: {len(problems)}, open {open_}, overdue {late}")

    attended = Subquery(MajorDecisionAttendee.filter(**about).values("decision_id"))
    decisions = await (
        await _readable(principal, MAJOR_DECISION, MajorDecision.filter(id__in=attended), conn)
    ).count()
    if decisions:
        lines.append(f"major decisions attended: {decisions}")
    return lines
