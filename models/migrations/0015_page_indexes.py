"""Indexes so that every list filter and the deadline (overdue) filter are served by an index, and a
page costs about the same at a million cadres as at ten thousand (issue 12; checked with EXPLAIN
by tests/test_page_plans.py on PostgreSQL).

* cadres are paged in `code` order (the unique index on `code`); a filter on one unit walks
  `(managing_unit_id, code)` or `(work_unit_id, code)` in that order and stops after the page;
  the rare top leaders and fund managers have partial indexes in `code` order;
* the search (name, pinyin, initials, code: `LIKE '%…%'` as tortoise writes it, on the
  `CAST(… AS VARCHAR)` expression) uses trigram indexes on PostgreSQL (`pg_trgm`, a trusted
  extension a database owner may create); SQLite scans, as it always did;
* overdue tip-offs: routing still owed (`status = 'RECEIVED'`) and an acceptance notice still
  owed (`acknowledged_at IS NULL`) are partial indexes on their due dates, so the deadline
  filter reads the open tip-offs only, however many closed ones the years have piled up.
"""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

COMMON = [
    "CREATE INDEX IF NOT EXISTS cadre_managing_unit_code ON cadre (managing_unit_id, code)",
    "CREATE INDEX IF NOT EXISTS cadre_work_unit_code ON cadre (work_unit_id, code)",
    "CREATE INDEX IF NOT EXISTS cadre_top_leader_code ON cadre (code) WHERE is_top_leader",
    "CREATE INDEX IF NOT EXISTS cadre_funds_code ON cadre (code) WHERE manages_funds",
    "CREATE INDEX IF NOT EXISTS tipoff_routing_owed ON tipoff (routing_due, id) "
    "WHERE status = 'RECEIVED'",
    "CREATE INDEX IF NOT EXISTS tipoff_notice_owed ON tipoff (acknowledgement_due, id) "
    "WHERE acknowledged_at IS NULL AND acknowledgement_due IS NOT NULL",
]
TRIGRAM = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS cadre_name_trgm ON cadre USING gin ((name::varchar) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS cadre_pinyin_trgm ON cadre "
    "USING gin ((name_pinyin::varchar) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS cadre_initials_prefix ON cadre "
    "((name_initials::varchar) varchar_pattern_ops)",
    "CREATE INDEX IF NOT EXISTS cadre_code_trgm ON cadre "
    "USING gin ((upper(code::varchar)) gin_trgm_ops)",
]
INDEXES = [
    "cadre_managing_unit_code",
    "cadre_work_unit_code",
    "cadre_top_leader_code",
    "cadre_funds_code",
    "tipoff_routing_owed",
    "tipoff_notice_owed",
]
TRIGRAM_INDEXES = ["cadre_name_trgm", "cadre_pinyin_trgm", "cadre_initials_prefix", "cadre_code_trgm"]


async def create(apps: Any, editor: Any) -> None:
    postgres = editor.client.capabilities.dialect == "postgres"
    for statement in COMMON + (TRIGRAM if postgres else []):
        await editor.client.execute_script(statement)


async def drop(apps: Any, editor: Any) -> None:
    postgres = editor.client.capabilities.dialect == "postgres"
    for name in INDEXES + (TRIGRAM_INDEXES if postgres else []):
        await editor.client.execute_script(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("models", "0014_change_notifications")]

    initial = False

    operations = [ops.RunPython(create, drop)]
