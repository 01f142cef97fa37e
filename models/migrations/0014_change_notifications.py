"""On PostgreSQL, every committed change to a user, a role assignment or a unit is announced on
the `cadre_principals` channel (`user:<id>`, or `units`), so that every server process drops the
principal or unit subtrees it cached (api/coherence.py), whichever server, command or SQL session
made the change. NOTIFY is transactional: nothing is announced for a change rolled back. SQLite
serves one process, which empties its own cache after each mutation: nothing to add there."""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

CREATE = """
CREATE OR REPLACE FUNCTION cadre_notify_user_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('cadre_principals', 'user:' || COALESCE(NEW.id, OLD.id));
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION cadre_notify_assignment_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('cadre_principals', 'user:' || COALESCE(NEW.user_id, OLD.user_id));
    IF TG_OP = 'UPDATE' AND NEW.user_id <> OLD.user_id THEN
        PERFORM pg_notify('cadre_principals', 'user:' || OLD.user_id);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION cadre_notify_unit_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('cadre_principals', 'units');
    RETURN NULL;
END $$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS cadre_user_change ON app_user;
CREATE TRIGGER cadre_user_change AFTER INSERT OR UPDATE OR DELETE ON app_user
    FOR EACH ROW EXECUTE FUNCTION cadre_notify_user_change();
DROP TRIGGER IF EXISTS cadre_assignment_change ON role_assignment;
CREATE TRIGGER cadre_assignment_change AFTER INSERT OR UPDATE OR DELETE ON role_assignment
    FOR EACH ROW EXECUTE FUNCTION cadre_notify_assignment_change();
DROP TRIGGER IF EXISTS cadre_unit_change ON org_unit;
CREATE TRIGGER cadre_unit_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON org_unit
    FOR EACH STATEMENT EXECUTE FUNCTION cadre_notify_unit_change();
"""

DROP = """
DROP TRIGGER IF EXISTS cadre_user_change ON app_user;
DROP TRIGGER IF EXISTS cadre_assignment_change ON role_assignment;
DROP TRIGGER IF EXISTS cadre_unit_change ON org_unit;
DROP FUNCTION IF EXISTS cadre_notify_user_change();
DROP FUNCTION IF EXISTS cadre_notify_assignment_change();
DROP FUNCTION IF EXISTS cadre_notify_unit_change();
"""


async def create(apps: Any, editor: Any) -> None:
    if editor.client.capabilities.dialect == "postgres":
        await editor.client.execute_script(CREATE)


async def drop(apps: Any, editor: Any) -> None:
    if editor.client.capabilities.dialect == "postgres":
        await editor.client.execute_script(DROP)


class Migration(migrations.Migration):
    dependencies = [("models", "0009_log_chains_meeting_fingerprint_claims")]

    initial = False

    operations = [ops.RunPython(create, drop)]
