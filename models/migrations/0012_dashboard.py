"""Dashboards: indexes the warning rules use (founded cases by outcome and day, per cadre and per
jurisdiction for L1; audit results by rating) and the reminder digests of `cadre-api remind`."""

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0009_log_chains_meeting_fingerprint_claims")]

    initial = False

    operations = [
        ops.AddIndex(
            model_name="Case", index=Index(fields=["status", "outcome", "decided_at", "cadre_id"])
        ),
        ops.AddIndex(model_name="AuditResult", index=Index(fields=["rating", "commission_id"])),
        ops.CreateModel(
            name="ReminderDigest",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("day", fields.DateField(unique=True)),
                ("working_days", fields.SmallIntField()),
                ("body", fields.TextField(unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "reminder_digest", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
    ]
