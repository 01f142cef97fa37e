"""Indexes the warning rules use: founded cases by outcome and day (per cadre, and per
jurisdiction for L1), audit results by rating."""

from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0011_file_indexes")]

    initial = False

    operations = [
        ops.AddIndex(model_name="Case", index=Index(fields=["outcome", "decided_at", "cadre_id"])),
        ops.AddIndex(model_name="AuditResult", index=Index(fields=["rating", "commission_id"])),
    ]
