"""How many cadres each unit manages, kept by the database itself (issue 12: a page's `totalCount`
costs the same at a million cadres as at ten thousand).

`cadre_unit_count` holds one row per managing unit; triggers on `cadre` change it in the same
transaction as the cadres they count, so the sum over a scope's units read by one statement is
exactly the number of cadres that statement's snapshot holds under those units, whoever writes
concurrently (a unit's row is locked by the writer that changes it until that writer commits or
rolls back). `schema/compiled.py` sums it over the caller's units when no filter narrows the list.

* PostgreSQL: insertions and deletions are counted per statement from their transition tables
  (a bulk insert of a million cadres updates each unit's row once), the units' rows updated in
  unit order (two writers never lock them crosswise within one statement); a move from one unit
  to another is counted per row, only when `managing_unit_id` changes; TRUNCATE empties the
  counts.
* SQLite (one writer at a time): the same per row.

The counts of the cadres already there are taken in the same transaction, the table locked
against writers meanwhile (PostgreSQL).
"""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

TABLE = """
CREATE TABLE IF NOT EXISTS cadre_unit_count (
    unit_id INTEGER NOT NULL PRIMARY KEY,
    cadres BIGINT NOT NULL
);
"""
FILL = """
DELETE FROM cadre_unit_count;
INSERT INTO cadre_unit_count (unit_id, cadres)
    SELECT managing_unit_id, COUNT(*) FROM cadre WHERE managing_unit_id IS NOT NULL
    GROUP BY managing_unit_id;
"""

POSTGRES = (
    "LOCK TABLE cadre IN SHARE ROW EXCLUSIVE MODE;"
    + TABLE
    + """
CREATE OR REPLACE FUNCTION cadre_count_add(units INTEGER[], changes BIGINT[]) RETURNS void AS $$
    INSERT INTO cadre_unit_count AS k (unit_id, cadres)
        SELECT u, SUM(c) FROM unnest(units, changes) AS d(u, c)
        WHERE u IS NOT NULL GROUP BY u HAVING SUM(c) <> 0 ORDER BY u
    ON CONFLICT (unit_id) DO UPDATE SET cadres = k.cadres + EXCLUDED.cadres;
$$ LANGUAGE sql;

CREATE OR REPLACE FUNCTION cadre_count_inserted() RETURNS trigger AS $$
BEGIN
    PERFORM cadre_count_add(array_agg(managing_unit_id), array_agg(1::BIGINT)) FROM new_cadres;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION cadre_count_deleted() RETURNS trigger AS $$
BEGIN
    PERFORM cadre_count_add(array_agg(managing_unit_id), array_agg(-1::BIGINT)) FROM old_cadres;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION cadre_count_moved() RETURNS trigger AS $$
BEGIN
    PERFORM cadre_count_add(
        ARRAY[OLD.managing_unit_id, NEW.managing_unit_id], ARRAY[-1::BIGINT, 1::BIGINT]
    );
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION cadre_count_truncated() RETURNS trigger AS $$
BEGIN
    DELETE FROM cadre_unit_count;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS cadre_count_inserted ON cadre;
CREATE TRIGGER cadre_count_inserted AFTER INSERT ON cadre
    REFERENCING NEW TABLE AS new_cadres
    FOR EACH STATEMENT EXECUTE FUNCTION cadre_count_inserted();
DROP TRIGGER IF EXISTS cadre_count_deleted ON cadre;
CREATE TRIGGER cadre_count_deleted AFTER DELETE ON cadre
    REFERENCING OLD TABLE AS old_cadres
    FOR EACH STATEMENT EXECUTE FUNCTION cadre_count_deleted();
DROP TRIGGER IF EXISTS cadre_count_moved ON cadre;
CREATE TRIGGER cadre_count_moved AFTER UPDATE OF managing_unit_id ON cadre
    FOR EACH ROW WHEN (OLD.managing_unit_id IS DISTINCT FROM NEW.managing_unit_id)
    EXECUTE FUNCTION cadre_count_moved();
DROP TRIGGER IF EXISTS cadre_count_truncated ON cadre;
CREATE TRIGGER cadre_count_truncated AFTER TRUNCATE ON cadre
    FOR EACH STATEMENT EXECUTE FUNCTION cadre_count_truncated();
"""
    + FILL
)

SQLITE = (
    TABLE
    + """
CREATE TRIGGER IF NOT EXISTS cadre_count_inserted AFTER INSERT ON cadre
    WHEN NEW.managing_unit_id IS NOT NULL
BEGIN
    INSERT INTO cadre_unit_count (unit_id, cadres) VALUES (NEW.managing_unit_id, 1)
        ON CONFLICT (unit_id) DO UPDATE SET cadres = cadres + 1;
END;
CREATE TRIGGER IF NOT EXISTS cadre_count_deleted AFTER DELETE ON cadre
    WHEN OLD.managing_unit_id IS NOT NULL
BEGIN
    UPDATE cadre_unit_count SET cadres = cadres - 1 WHERE unit_id = OLD.managing_unit_id;
END;
CREATE TRIGGER IF NOT EXISTS cadre_count_moved AFTER UPDATE OF managing_unit_id ON cadre
    WHEN OLD.managing_unit_id IS NOT NEW.managing_unit_id
BEGIN
    UPDATE cadre_unit_count SET cadres = cadres - 1 WHERE unit_id = OLD.managing_unit_id;
    INSERT INTO cadre_unit_count (unit_id, cadres)
        SELECT NEW.managing_unit_id, 1 WHERE NEW.managing_unit_id IS NOT NULL
        ON CONFLICT (unit_id) DO UPDATE SET cadres = cadres + 1;
END;
"""
    + FILL
)

TRIGGERS = ["cadre_count_inserted", "cadre_count_deleted", "cadre_count_moved"]
POSTGRES_TRIGGERS = [*TRIGGERS, "cadre_count_truncated"]
POSTGRES_FUNCTIONS = [f"{name}()" for name in POSTGRES_TRIGGERS] + [
    "cadre_count_add(INTEGER[], BIGINT[])"
]
DROP_POSTGRES = "".join(
    [f"DROP TRIGGER IF EXISTS {name} ON cadre;" for name in POSTGRES_TRIGGERS]
    + [f"DROP FUNCTION IF EXISTS {name};" for name in POSTGRES_FUNCTIONS]
    + ["DROP TABLE IF EXISTS cadre_unit_count;"]
)
DROP_SQLITE = "".join(
    [f"DROP TRIGGER IF EXISTS {name};" for name in TRIGGERS]
    + ["DROP TABLE IF EXISTS cadre_unit_count;"]
)


async def create(apps: Any, editor: Any) -> None:
    postgres = editor.client.capabilities.dialect == "postgres"
    await editor.client.execute_script(POSTGRES if postgres else SQLITE)


async def drop(apps: Any, editor: Any) -> None:
    postgres = editor.client.capabilities.dialect == "postgres"
    await editor.client.execute_script(DROP_POSTGRES if postgres else DROP_SQLITE)


class Migration(migrations.Migration):
    dependencies = [("models", "0016_log_key_ids")]

    initial = False

    operations = [ops.RunPython(create, drop)]
