"""Decision meetings (S5, J5), revocation by a superior (S9) and accountability (S7)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.cadres import Cadre
    from models.committees import CommitteeRoll
    from models.selections import Selection
    from models.units import OrgUnit
    from models.users import User


class Vote(StrEnum):
    AGREE = "AGREE"
    DISAGREE = "DISAGREE"
    DEFER = "DEFER"


class ResponsibilityRole(StrEnum):
    RECOMMENDER = "RECOMMENDER"
    INSPECTOR = "INSPECTOR"
    DECIDER = "DECIDER"


class DecisionMeeting(Model):
    id = fields.IntField(primary_key=True)
    selection: fields.ForeignKeyRelation[Selection] = fields.ForeignKeyField(
        "models.Selection", related_name="meetings", on_delete=fields.RESTRICT
    )
    selection_id: int
    held_on = fields.DateField()
    roll: fields.ForeignKeyRelation[CommitteeRoll] = fields.ForeignKeyField(
        "models.CommitteeRoll", related_name=False, on_delete=fields.RESTRICT
    )
    roll_id: int
    member_ids = fields.JSONField[list[int]]()
    present_ids = fields.JSONField[list[int]]()
    quorum = fields.SmallIntField()
    agree_needed = fields.SmallIntField()
    minutes = fields.TextField()
    recorded_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    recorded_by_id: int
    recorded_at = fields.DatetimeField(auto_now_add=True)
    # The meeting's content (selection, day, who was present, every vote, the minutes) hashed:
    # the same meeting sent twice (a retry, a double click) is recorded once.
    fingerprint = fields.CharField(max_length=64, null=True, unique=True)

    class Meta:
        table = "decision_meeting"


class MeetingVote(Model):
    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[DecisionMeeting] = fields.ForeignKeyField(
        "models.DecisionMeeting", related_name="votes", on_delete=fields.RESTRICT
    )
    meeting_id: int
    member: fields.ForeignKeyRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, on_delete=fields.RESTRICT
    )
    member_id: int
    candidate: fields.ForeignKeyRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, on_delete=fields.RESTRICT
    )
    candidate_id: int
    vote = fields.CharEnumField(Vote, max_length=8)

    class Meta:
        table = "meeting_vote"
        unique_together = (("meeting_id", "member_id", "candidate_id"),)


class MeetingResult(Model):
    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[DecisionMeeting] = fields.ForeignKeyField(
        "models.DecisionMeeting", related_name="results", on_delete=fields.RESTRICT
    )
    meeting_id: int
    candidate: fields.ForeignKeyRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, on_delete=fields.RESTRICT
    )
    candidate_id: int
    position = fields.SmallIntField()
    agree = fields.SmallIntField()
    disagree = fields.SmallIntField()
    defer = fields.SmallIntField()
    passed = fields.BooleanField()

    class Meta:
        table = "meeting_result"
        indexes = (("candidate_id", "meeting_id"),)
        unique_together = (("meeting_id", "candidate_id"),)


class Revocation(Model):
    """S9: a superior ordered the appointment decision revoked."""

    id = fields.IntField(primary_key=True)
    selection: fields.OneToOneRelation[Selection] = fields.OneToOneField(
        "models.Selection", related_name="revocation", on_delete=fields.RESTRICT
    )
    selection_id: int
    ordering_unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    ordering_unit_id: int
    reason = fields.TextField()
    ordered_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    ordered_by_id: int
    ordered_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "selection_revocation"


class AccountabilityRecord(Model):
    """S7: accountability attached to someone who recommended, inspected or decided."""

    id = fields.IntField(primary_key=True)
    selection: fields.ForeignKeyRelation[Selection] = fields.ForeignKeyField(
        "models.Selection", related_name="accountability", on_delete=fields.RESTRICT
    )
    selection_id: int
    managing_unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    managing_unit_id: int
    cadre: fields.ForeignKeyRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, on_delete=fields.RESTRICT
    )
    cadre_id: int
    role = fields.CharEnumField(ResponsibilityRole, max_length=16)
    finding = fields.TextField()
    recorded_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    recorded_by_id: int
    recorded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "accountability_record"
        indexes = (("cadre_id", "id"),)
