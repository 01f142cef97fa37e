"""Inputs of the staff tip-off mutations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from models import Tipoff as TipoffModel
from schema.bounds import stored_in
from schema.tipoffs.types import TipoffChannel


@strawberry.input(description="A tip-off received by staff (phone, letter, visit or referral).")
class RegisterTipoffInput:
    channel: TipoffChannel = strawberry.field(  # type: ignore[valid-type]
        description="How it was received; `REFERRAL` needs `sourceDepartment`."
    )
    content: str = strawberry.field(description="What the reporter says.")
    cadre_code: str | None = strawberry.field(
        default=None,
        description=(
            "A known cadre's code: the tip-off falls under its managing unit at once (J2); a cadre "
            "the caller cannot see is `NOT_FOUND`, the caller's own record `PRECONDITION_FAILED` "
            "J5."
        ),
    )
    subject_name: str | None = strawberry.field(
        metadata=stored_in(TipoffModel, "subject_name"),
        default=None,
        description="The name of the person reported on, as given.",
    )
    subject_post: str | None = strawberry.field(
        metadata=stored_in(TipoffModel, "subject_post"),
        default=None,
        description="Their post, as given.",
    )
    subject_unit: str | None = strawberry.field(
        metadata=stored_in(TipoffModel, "subject_unit_text"),
        default=None,
        description="Their unit, as given (a name or a unit code).",
    )
    reporter_name: str | None = strawberry.field(
        default=None, description="The reporter's name; leave out for an anonymous tip-off (J6)."
    )
    reporter_contact: str | None = strawberry.field(
        default=None, description="How to reach the reporter; kept hidden like the name (J6)."
    )
    source_department: str | None = strawberry.field(
        default=None,
        description="For a referral: the department that sent it.",
        metadata=stored_in(TipoffModel, "source_department"),
    )
    receiving_unit: str | None = strawberry.field(
        default=None,
        description=(
            "Code of the unit whose queue it waits in without a cadre; by default the caller's one "
            "supervising unit."
        ),
    )


TipoffId = Annotated[
    strawberry.ID,
    strawberry.argument(
        description=(
            "The tip-off's global id; one the caller cannot read is `NOT_FOUND`, one it reads "
            "only through oversight `FORBIDDEN`."
        )
    ),
]
