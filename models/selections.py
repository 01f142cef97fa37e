"""Selections (S1–S3): a post or slate to fill under the jurisdiction that manages it, its
democratic recommendation rounds, the collective decision fixing its candidates, and the
announcement of inspection with the feedback received during the notice period."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.cadres import Cadre
    from models.tipoffs import Tipoff
    from models.units import OrgUnit
    from models.users import User


class SelectionKind(StrEnum):
    GENERAL_ELECTION = "GENERAL_ELECTION"
    SINGLE_PROMOTION = "SINGLE_PROMOTION"


class FeedbackChannel(StrEnum):
    PHONE = "PHONE"
    LETTER = "LETTER"
    VISIT = "VISIT"
    ONLINE = "ONLINE"
    REFERRAL = "REFERRAL"


class SelectionStatus(StrEnum):
    RECOMMENDATION = "RECOMMENDATION"  # rounds may be recorded, candidates not yet fixed
    CANDIDATES_FIXED = "CANDIDATES_FIXED"
    INSPECTION = "INSPECTION"  # inspection announced (S3)
    DECIDED = "DECIDED"  # `positions` candidates passed (S5)
    REVOKED = "REVOKED"  # a superior ordered the decision revoked (S9)


class Selection(Model):
    id = fields.IntField(primary_key=True)
    managing_unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    managing_unit_id: int
    work_unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    work_unit_id: int
    post_title = fields.CharField(max_length=200)
    kind = fields.CharEnumField(SelectionKind, max_length=20)
    positions = fields.SmallIntField()
    status = fields.CharEnumField(
        SelectionStatus, max_length=20, default=SelectionStatus.RECOMMENDATION
    )
    candidates_fixed_on = fields.DateField(null=True)
    candidates_fixed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    candidates_fixed_by_id: int | None
    decided_on = fields.DateField(null=True)
    started_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    started_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "selection"
        indexes = (("managing_unit_id", "id"),)


class RecommendationRound(Model):
    """S1, S7: a democratic recommendation round and who recommended."""

    id = fields.IntField(primary_key=True)
    selection: fields.ForeignKeyRelation[Selection] = fields.ForeignKeyField(
        "models.Selection", related_name="rounds", on_delete=fields.RESTRICT
    )
    selection_id: int
    number = fields.SmallIntField()
    eligible = fields.IntField()
    cast = fields.IntField()
    recommending_organisation = fields.CharField(max_length=200, null=True)
    recommending_leader: fields.ForeignKeyNullableRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    recommending_leader_id: int | None
    written_record = fields.TextField(default="")
    recorded_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    recorded_by_id: int
    recorded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "recommendation_round"
        unique_together = (("selection_id", "number"),)


class RoundTally(Model):
    id = fields.IntField(primary_key=True)
    round: fields.ForeignKeyRelation[RecommendationRound] = fields.ForeignKeyField(
        "models.RecommendationRound", related_name="tallies", on_delete=fields.CASCADE
    )
    round_id: int
    cadre: fields.ForeignKeyRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, on_delete=fields.RESTRICT
    )
    cadre_id: int
    votes = fields.IntField()

    class Meta:
        table = "round_tally"
        indexes = (("cadre_id", "round_id"),)
        unique_together = (("round_id", "cadre_id"),)


class CandidateChoice(Model):
    """S2: one nominee of the latest round as the collective decision treated them: chosen for
    inspection or not, and the written reason where the votes alone do not explain it."""

    id = fields.IntField(primary_key=True)
    selection: fields.ForeignKeyRelation[Selection] = fields.ForeignKeyField(
        "models.Selection", related_name="choices", on_delete=fields.RESTRICT
    )
    selection_id: int
    cadre: fields.ForeignKeyRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, on_delete=fields.RESTRICT
    )
    cadre_id: int
    votes = fields.IntField()
    chosen = fields.BooleanField()
    reason_needed = fields.BooleanField(default=False)
    reason = fields.TextField(default="")
    position = fields.SmallIntField()

    class Meta:
        table = "candidate_choice"
        unique_together = (("selection_id", "cadre_id"),)
        indexes = (
            ("selection_id", "chosen", "position"),
            ("cadre_id", "selection_id"),
        )


class InspectionNotice(Model):
    """S3: the inspection announced in advance (考察预告)."""

    id = fields.IntField(primary_key=True)
    selection: fields.OneToOneRelation[Selection] = fields.OneToOneField(
        "models.Selection", related_name="notice", on_delete=fields.RESTRICT
    )
    selection_id: int
    notice_from = fields.DateField()
    notice_to = fields.DateField()
    announced_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    announced_by_id: int
    announced_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "inspection_notice"


class InspectionFeedback(Model):
    """S3: feedback received during the notice period; it may become a tip-off (`tipoff`)."""

    id = fields.IntField(primary_key=True)
    selection: fields.ForeignKeyRelation[Selection] = fields.ForeignKeyField(
        "models.Selection", related_name="feedback", on_delete=fields.RESTRICT
    )
    selection_id: int
    cadre: fields.ForeignKeyNullableRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    cadre_id: int | None
    received_on = fields.DateField()
    channel = fields.CharEnumField(FeedbackChannel, max_length=16)
    content = fields.TextField()
    recorded_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    recorded_by_id: int
    recorded_at = fields.DatetimeField(auto_now_add=True)
    tipoff: fields.ForeignKeyNullableRelation[Tipoff] = fields.ForeignKeyField(
        "models.Tipoff", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    tipoff_id: int | None

    class Meta:
        table = "inspection_feedback"
        indexes = (("cadre_id", "selection_id"),)
