"""Inputs of the case mutations."""

from __future__ import annotations

import strawberry

from schema.cases.types import CaseMeasure, CaseOutcome, FindingAssessment


@strawberry.input
class CaseFindingInput:
    assessment: FindingAssessment  # type: ignore[valid-type]
    facts: str


@strawberry.input
class DecideCaseInput:
    outcome: CaseOutcome  # type: ignore[valid-type]
    measures: list[CaseMeasure] = strawberry.field(default_factory=list)  # type: ignore[valid-type]
    reason: str
