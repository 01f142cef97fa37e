"""Inputs of the staff tip-off mutations."""

from __future__ import annotations

import strawberry

from models import Tipoff as TipoffModel
from schema.bounds import stored_in
from schema.tipoffs.types import TipoffChannel


@strawberry.input
class RegisterTipoffInput:
    channel: TipoffChannel  # type: ignore[valid-type]
    content: str
    cadre_code: str | None = strawberry.field(
        default=None, description="Known cadre: the tip-off falls under its managing unit at once."
    )
    subject_name: str | None = strawberry.field(
        default=None, metadata=stored_in(TipoffModel, "subject_name")
    )
    subject_post: str | None = strawberry.field(
        default=None, metadata=stored_in(TipoffModel, "subject_post")
    )
    subject_unit: str | None = strawberry.field(
        default=None, metadata=stored_in(TipoffModel, "subject_unit_text")
    )
    reporter_name: str | None = None
    reporter_contact: str | None = None
    source_department: str | None = strawberry.field(
        default=None,
        description="For a referral: the department that sent it.",
        metadata=stored_in(TipoffModel, "source_department"),
    )
    receiving_unit: str | None = strawberry.field(
        default=None, description="The queue it waits in; by default your one supervising unit."
    )
