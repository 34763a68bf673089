"""
The audit log cannot be changed or emptied row by row, even by the application's own database user:
on PostgreSQL a trigger refuses every UPDATE and DELETE of Wagtail's log entry tables. (SQLite, the
embedded default, has no such guard: Django's test runner empties tables there with DELETE.)
"""

from django.db import migrations

TABLES = ["wagtailcore_pagelogentry", "wagtailcore_modellogentry"]

FUNCTION = """
CREATE OR REPLACE FUNCTION pm1_audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'PM1 audit log entries cannot be changed or deleted (%)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def add_guard(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # No parameters: psycopg then leaves the function's "%" placeholder alone.
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION pm1_audit_log_is_append_only()"
        )


def remove_guard(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS pm1_audit_log_is_append_only()")


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(add_guard, remove_guard)]
