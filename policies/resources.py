"""How each kind of record falls under a jurisdiction (J2), so a scope can become a WHERE clause.

`jurisdiction` is the column holding the unit whose jurisdiction the record falls under; `addressee`
the column holding the unit a record is addressed to (J7); `subject` the column holding the cadre a
record is about, for the conflict-of-interest rule (J5) on the kinds of record it covers, and
`naming` the records that may concern a cadre by what they name before they name it (J5: an
unrouted tip-off, matched by `rules.tipoffs.may_concern`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from models import TipoffConcern


@dataclass(frozen=True, slots=True)
class Resource:
    name: str
    jurisdiction: str | None = None
    addressee: str | None = None
    subject: str | None = None
    conflict_sensitive: bool = False
    label: str | None = None  # how the access log names these records, when not `name`
    # J5 before a record names its cadre: the ids of the records that may concern a cadre by
    # what they name (an unrouted tip-off's subject name, post and unit).
    naming: Callable[[int], Awaitable[frozenset[int]]] | None = None

    @property
    def kind(self) -> str:
        return self.label or self.name


CADRE = Resource("cadre", jurisdiction="managing_unit_id")
# Kinds of record placed at any unit (accounts and role assignments), not only at a committee
# that manages cadres or a unit records are addressed to.
PLACED_AT_ANY_UNIT = frozenset({"user", "role"})
ROLE = Resource("role", jurisdiction="unit_id")
USER = Resource("user", jurisdiction="unit_id")
# Audit commissions fall under the commissioning jurisdiction and are addressed to the bureau.
AUDIT = Resource("audit", jurisdiction="managing_unit_id", addressee="addressed_unit_id")
AUDIT_PLAN = Resource("audit", jurisdiction="unit_id", label="audit_plan")
# A result's findings are placed through their commission; rectification is the commissioning
# side's follow-up alone (no addressee: the bureau never sees it).
AUDIT_FINDING = Resource(
    "audit",
    jurisdiction="result__commission__managing_unit_id",
    addressee="result__commission__addressed_unit_id",
    label="audit_finding",
)
RECTIFICATION = Resource(
    "audit", jurisdiction="finding__result__commission__managing_unit_id", label="rectification"
)


# Tip-offs and cases fall under the cadre's managing unit, or the queue that received them (J2);
# a referred case is addressed to the discipline commission (J7); both are hidden from a user
# linked to the cadre they concern (J5).
async def _tipoffs_naming(cadre_id: int) -> frozenset[int]:
    ids = await TipoffConcern.filter(cadre_id=cadre_id).values_list("tipoff_id", flat=True)
    return frozenset(int(str(i)) for i in ids)


TIPOFF = Resource(
    "tipoff",
    jurisdiction="jurisdiction_id",
    subject="subject_cadre_id",
    conflict_sensitive=True,
    naming=_tipoffs_naming,
)
# D5 notices fall under the committee they tell; hidden from the cadre concerned (J5).
CASE_NOTICE = Resource(
    "case", jurisdiction="unit_id", subject="cadre_id", conflict_sensitive=True, label="case_notice"
)
CASE = Resource(
    "case",
    jurisdiction="jurisdiction_id",
    addressee="referred_to_id",
    subject="cadre_id",
    conflict_sensitive=True,
)
# Selections fall under the jurisdiction that manages the post (S1–S9). Their appraisal requests
# are also addressed to the discipline commission (J7); rolls and compliance records belong to the
# unit they describe.
SELECTION = Resource("selection", jurisdiction="managing_unit_id")
# Accountability for a failed appointment (S7) lies with the jurisdiction of the selection.
ACCOUNTABILITY = Resource("selection", jurisdiction="managing_unit_id", label="accountability")
# The parts of a selection about one candidate that J5 hides from that candidate's own account:
# inspection records, the supervision office's opinions, notice-period feedback, the discipline
# commission's answers (placed through their selection or request).
INSPECTION = Resource(
    "selection",
    jurisdiction="selection__managing_unit_id",
    subject="cadre_id",
    conflict_sensitive=True,
    label="inspection",
)
SUPERVISION_OPINION = Resource(
    "selection",
    jurisdiction="selection__managing_unit_id",
    subject="cadre_id",
    conflict_sensitive=True,
    label="supervision_opinion",
)
INSPECTION_FEEDBACK = Resource(
    "selection",
    jurisdiction="selection__managing_unit_id",
    subject="cadre_id",
    conflict_sensitive=True,
    label="inspection_feedback",
)
INTEGRITY_OPINION = Resource(
    "appraisal",
    jurisdiction="selection__managing_unit_id",
    subject="cadre_id",
    conflict_sensitive=True,
    label="integrity_opinion",
)
APPRAISAL_ANSWER = Resource(
    "appraisal",
    jurisdiction="request__managing_unit_id",
    addressee="request__addressed_unit_id",
    subject="cadre_id",
    conflict_sensitive=True,
    label="appraisal_answer",
)
# A decision meeting belongs to its selection.
DECISION_MEETING = Resource(
    "selection", jurisdiction="selection__managing_unit_id", label="decision_meeting"
)
APPRAISAL = Resource("appraisal", jurisdiction="managing_unit_id", addressee="addressed_unit_id")
COMMITTEE = Resource("committee", jurisdiction="unit_id")
SELECTION_COMPLIANCE = Resource("selection", jurisdiction="unit_id", label="selection_compliance")
# Daily supervision (D1–D6) falls under the cadre's managing unit, or for team records under the
# committee that manages the team (J2). The daily-supervision file proper (talks, inquiry
# letters, admonishments, information from other departments) is hidden from a user linked to
# the cadre (J5); the cadre's own filings and the team's records are not.
TALK = Resource(
    "daily",
    jurisdiction="jurisdiction_id",
    subject="cadre_id",
    conflict_sensitive=True,
    label="talk",
)
INQUIRY_LETTER = Resource(
    "daily",
    jurisdiction="jurisdiction_id",
    subject="cadre_id",
    conflict_sensitive=True,
    label="inquiry_letter",
)
ADMONISHMENT = Resource(
    "daily",
    jurisdiction="jurisdiction_id",
    subject="cadre_id",
    conflict_sensitive=True,
    label="admonishment",
)
SUPERVISION_INFORMATION = Resource(
    "daily",
    jurisdiction="jurisdiction_id",
    subject="cadre_id",
    conflict_sensitive=True,
    label="supervision_information",
)
PERSONAL_MATTERS_REPORT = Resource(
    "daily", jurisdiction="jurisdiction_id", subject="cadre_id", label="personal_matters_report"
)
TOP_LEADER_REPORT = Resource(
    "daily", jurisdiction="jurisdiction_id", subject="cadre_id", label="top_leader_report"
)
MAJOR_DECISION = Resource("daily", jurisdiction="jurisdiction_id", label="major_decision")
LIFE_MEETING = Resource("daily", jurisdiction="jurisdiction_id", label="life_meeting")
LIFE_MEETING_PROBLEM = Resource(
    "daily", jurisdiction="jurisdiction_id", subject="cadre_id", label="life_meeting_problem"
)
# A unit's selection work of a year (S9), listed by the unit itself.
UNIT_SELECTION_WORK = Resource("selection", jurisdiction="id", label="selection_compliance")
