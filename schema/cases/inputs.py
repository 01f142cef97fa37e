"""Inputs of the case mutations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.cases.types import CaseMeasure, CaseOutcome, FindingAssessment


@strawberry.input(description="An investigator's finding.")
class CaseFindingInput:
    assessment: FindingAssessment = strawberry.field(  # type: ignore[valid-type]
        description="Whether the reported problem is true."
    )
    facts: str = strawberry.field(description="The facts behind the assessment.")


@strawberry.input(description="A case's decision (D5).")
class DecideCaseInput:
    outcome: CaseOutcome = strawberry.field(  # type: ignore[valid-type]
        description=(
            "The outcome; it must follow from the latest finding, else `PRECONDITION_FAILED` D5."
        )
    )
    measures: list[CaseMeasure] = strawberry.field(  # type: ignore[valid-type]
        default_factory=list,
        description=(
            "Measures on the cadre: at least one for FOUNDED, none for NAME_CLEARED, "
            "FALSE_ACCUSATION or RETALIATION; each at most once."
        ),
    )
    reason: str = strawberry.field(description="Why, as the minutes will show it.")


CaseId = Annotated[
    strawberry.ID,
    strawberry.argument(
        description=(
            "The case's global id; one the caller cannot read is `NOT_FOUND`, one it reads only "
            "through oversight `FORBIDDEN`."
        )
    ),
]
