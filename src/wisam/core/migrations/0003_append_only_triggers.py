"""Make the event log append-only in the database itself, not only in the ORM."""

from typing import Any

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS core_domainevent_no_update BEFORE UPDATE ON core_domainevent
       BEGIN SELECT RAISE(ABORT, 'domain events are append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS core_domainevent_no_delete BEFORE DELETE ON core_domainevent
       BEGIN SELECT RAISE(ABORT, 'domain events are append-only'); END;""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION core_domainevent_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'domain events are append-only'; END; $$ LANGUAGE plpgsql;""",
    """DROP TRIGGER IF EXISTS core_domainevent_append_only ON core_domainevent;""",
    """CREATE TRIGGER core_domainevent_append_only BEFORE UPDATE OR DELETE ON core_domainevent
       FOR EACH ROW EXECUTE FUNCTION core_domainevent_append_only();""",
]


def install(apps: Any, schema_editor: Any) -> None:
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def uninstall(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_domainevent_no_update;")
        schema_editor.execute("DROP TRIGGER IF EXISTS core_domainevent_no_delete;")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_domainevent_append_only ON core_domainevent;")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [migrations.RunPython(install, uninstall)]
