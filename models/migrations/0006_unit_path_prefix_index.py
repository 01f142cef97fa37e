"""On PostgreSQL, "this unit and everything below it" (`path LIKE '/1/3/%'`, as tortoise writes it:
`CAST(path AS VARCHAR) LIKE …`) uses an index only with the pattern operator class on that very
expression. SQLite needs nothing more than the plain index on `path`."""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

INDEX = "org_unit_path_prefix"


async def create(apps: Any, editor: Any) -> None:
    if editor.client.capabilities.dialect == "postgres":
        await editor.client.execute_script(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON org_unit ((path::varchar) varchar_pattern_ops)"
        )


async def drop(apps: Any, editor: Any) -> None:
    if editor.client.capabilities.dialect == "postgres":
        await editor.client.execute_script(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("models", "0005_selection_links")]

    initial = False

    operations = [ops.RunPython(create, drop)]
