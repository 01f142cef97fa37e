"""The access log's keys get ids (key rotation, `cadre-api rotate-log-key`, api/access_log.py).

* `access_log.key_id`: the id of the key an entry is MACed under; "" for the entries already
  there (their chain's key is found from its first link, so they need no rewrite);
* `access_log_retired_key`: the keys a rotation retired, and a trigger that refuses an entry under
  one of them, so a server still running with a retired key fails closed instead of extending the
  log behind the rotation's seal. On PostgreSQL it is a statement trigger over the inserted rows
  (one check per group commit, not per row); SQLite has row triggers only.

Safe while old servers run: a column with a default, a new table, a trigger that refuses nothing
until a key is retired.
"""

from typing import Any

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

REFUSAL = "the access log key was retired (cadre-api rotate-log-key)"

POSTGRES = [
    f"""
CREATE OR REPLACE FUNCTION access_log_refuse_retired_key() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM added JOIN access_log_retired_key r ON r.key_id = added.key_id) THEN
        RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
""",
    "DROP TRIGGER IF EXISTS access_log_retired_key_refused ON access_log",
    """
CREATE TRIGGER access_log_retired_key_refused AFTER INSERT ON access_log
REFERENCING NEW TABLE AS added FOR EACH STATEMENT
EXECUTE FUNCTION access_log_refuse_retired_key()
""",
]
SQLITE = [
    f"""
CREATE TRIGGER IF NOT EXISTS access_log_retired_key_refused BEFORE INSERT ON access_log
WHEN EXISTS (SELECT 1 FROM access_log_retired_key WHERE key_id = NEW.key_id)
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END
""",
]


async def create(apps: Any, editor: Any) -> None:
    postgres = editor.client.capabilities.dialect == "postgres"
    for statement in POSTGRES if postgres else SQLITE:
        await editor.client.execute_script(statement)


async def drop(apps: Any, editor: Any) -> None:
    await editor.client.execute_script(
        "DROP TRIGGER IF EXISTS access_log_retired_key_refused"
        + (" ON access_log" if editor.client.capabilities.dialect == "postgres" else "")
    )


class Migration(migrations.Migration):
    dependencies = [("models", "0015_page_indexes")]

    initial = False

    operations = [
        ops.AddField(
            model_name="AccessLogEntry",
            name="key_id",
            field=fields.CharField(default="", db_default="", max_length=16),
        ),
        ops.CreateModel(
            name="RetiredLogKey",
            fields=[
                (
                    "key_id",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=16),
                ),
                ("retired_at", fields.CharField(max_length=32)),
            ],
            options={"table": "access_log_retired_key", "app": "models", "pk_attr": "key_id"},
            bases=["Model"],
        ),
        ops.RunPython(create, drop),
    ]
