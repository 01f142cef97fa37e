"""Indexes for the cadre's file and the deadlines (schema/file): each part of a selection that
names a cadre, and a case's findings, found by the cadre (or case) they are about; each kind of
pending deadline found by its status and due day."""

from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0010_daily")]

    initial = False

    operations = [
        ops.AddIndex(model_name="RoundTally", index=Index(fields=["cadre_id", "round_id"])),
        ops.AddIndex(
            model_name="CandidateChoice", index=Index(fields=["cadre_id", "selection_id"])
        ),
        ops.AddIndex(
            model_name="InspectionFeedback", index=Index(fields=["cadre_id", "selection_id"])
        ),
        ops.AddIndex(
            model_name="IntegrityAppraisalAnswer", index=Index(fields=["cadre_id", "request_id"])
        ),
        ops.AddIndex(
            model_name="InspectionRecord", index=Index(fields=["cadre_id", "selection_id"])
        ),
        ops.AddIndex(
            model_name="IntegrityOpinion", index=Index(fields=["cadre_id", "selection_id"])
        ),
        ops.AddIndex(
            model_name="SupervisionOpinion", index=Index(fields=["cadre_id", "selection_id"])
        ),
        ops.AddIndex(
            model_name="MeetingResult", index=Index(fields=["candidate_id", "meeting_id"])
        ),
        ops.AddIndex(model_name="CaseFinding", index=Index(fields=["case_id", "id"])),
        ops.AddIndex(model_name="Case", index=Index(fields=["status", "conclusion_due"])),
        ops.AddIndex(model_name="Tipoff", index=Index(fields=["status", "routing_due"])),
        ops.AddIndex(model_name="AuditCommission", index=Index(fields=["status", "due_date"])),
        ops.AddIndex(model_name="RectificationItem", index=Index(fields=["status", "due_date"])),
    ]
