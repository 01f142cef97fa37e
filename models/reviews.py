"""What is written about each candidate before the decision: the inspection with its steps and
facts (S7), the combined integrity opinion (S4) and the supervision office's opinion (L2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.cadres import Cadre
    from models.selections import Selection
    from models.users import User


class InspectionRecord(Model):
    id = fields.IntField(primary_key=True)
    selection: fields.ForeignKeyRelation[Selection] = fields.ForeignKeyField(
        "models.Selection", related_name="inspections", on_delete=fields.RESTRICT
    )
    selection_id: int
    cadre: fields.ForeignKeyRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, on_delete=fields.RESTRICT
    )
    cadre_id: int
    inspector_ids = fields.JSONField[list[int]]()
    # [{"at": "YYYY-MM-DD", "action": str, "facts": str}] in the order given
    steps = fields.JSONField[list[dict[str, str]]]()
    conclusion = fields.TextField()
    recorded_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    recorded_by_id: int
    recorded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "inspection_record"
        indexes = (("cadre_id", "selection_id"),)
        unique_together = (("selection_id", "cadre_id"),)


class IntegrityOpinion(Model):
    """S4: appraisal + inspection findings + daily supervision information, per candidate."""

    id = fields.IntField(primary_key=True)
    selection: fields.ForeignKeyRelation[Selection] = fields.ForeignKeyField(
        "models.Selection", related_name="integrity_opinions", on_delete=fields.RESTRICT
    )
    selection_id: int
    cadre: fields.ForeignKeyRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, on_delete=fields.RESTRICT
    )
    cadre_id: int
    basis = fields.TextField()  # what the opinion was written on, as it stood then
    opinion = fields.TextField()
    recorded_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    recorded_by_id: int
    recorded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "integrity_opinion"
        indexes = (("cadre_id", "selection_id"),)
        unique_together = (("selection_id", "cadre_id"),)


class SupervisionOpinion(Model):
    """L2: the supervision office's opinion on a candidate, asked before the decision."""

    id = fields.IntField(primary_key=True)
    selection: fields.ForeignKeyRelation[Selection] = fields.ForeignKeyField(
        "models.Selection", related_name="supervision_opinions", on_delete=fields.RESTRICT
    )
    selection_id: int
    cadre: fields.ForeignKeyRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, on_delete=fields.RESTRICT
    )
    cadre_id: int
    opinion = fields.TextField()
    recorded_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    recorded_by_id: int
    recorded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "supervision_opinion"
        indexes = (("cadre_id", "selection_id"),)
        unique_together = (("selection_id", "cadre_id"),)
