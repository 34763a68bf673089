"""
The database triggers that mark pages whose reporting facts are stale (``StaleFacts``), on SQLite
and PostgreSQL (14 or later). ``triggers_ensure`` creates any that are missing after every
``migrate`` (``reports.signals``), from the models: a new kind of tracked item is watched as soon
as its tables exist, and a database made without migrations (``--no-migrations``) has them too.

Marked are the page of:
- a row inserted, changed or deleted in a kind's table, its assignments' table or the updates' table
  (``watched``: each table and the column naming the page);
- a page whose publication, locale, place in the tree or first publication changes;
- a workflow state created for a page (an update sent to moderation).
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, WorkflowState

from core.kinds import kinds
from updates.models import ProgressUpdatePage

from .models import StaleFacts

#: What the page rows' trigger looks at: the columns the facts depend on.
PAGE_COLUMNS = ("live", "locale_id", "path", "first_published_at")
PREFIX = "reports_stale_"


def watched() -> list[tuple[str, str]]:
    """``(table, column naming the page)`` of every kind, its assignments, and the updates."""
    tables = []
    for kind in kinds():
        assignments = kind.assignment_model
        tables.append((kind.model._meta.db_table, kind.model._meta.pk.column))
        tables.append((assignments._meta.db_table, assignments._meta.get_field("page").column))
    tables.append((ProgressUpdatePage._meta.db_table, ProgressUpdatePage._meta.pk.column))
    return tables


def _name(table: str, event: str) -> str:
    return f"{PREFIX}{table}_{event}"


def _page_type() -> str:
    content_type = ContentType._meta.db_table
    return f"(SELECT id FROM {content_type} WHERE app_label = 'wagtailcore' AND model = 'page')"


def _sqlite(tables) -> list[str]:
    stale = StaleFacts._meta.db_table

    def mark(*values):
        rows = ", ".join(f"({value})" for value in values)
        return f"INSERT OR IGNORE INTO {stale} (page) VALUES {rows};"

    statements = []
    for table, column in tables:
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {_name(table, 'insert')} AFTER INSERT ON {table} "
            f"BEGIN {mark(f'NEW.{column}')} END",
            f"CREATE TRIGGER IF NOT EXISTS {_name(table, 'update')} AFTER UPDATE ON {table} "
            f"BEGIN {mark(f'NEW.{column}', f'OLD.{column}')} END",
            f"CREATE TRIGGER IF NOT EXISTS {_name(table, 'delete')} AFTER DELETE ON {table} "
            f"BEGIN {mark(f'OLD.{column}')} END",
        ]
    pages, states = Page._meta.db_table, WorkflowState._meta.db_table
    changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in PAGE_COLUMNS)
    statements += [
        f"CREATE TRIGGER IF NOT EXISTS {_name(pages, 'update')} AFTER UPDATE ON {pages} "
        f"WHEN {changed} BEGIN {mark('NEW.id')} END",
        f"CREATE TRIGGER IF NOT EXISTS {_name(states, 'insert')} AFTER INSERT ON {states} "
        f"BEGIN INSERT OR IGNORE INTO {stale} (page) SELECT CAST(NEW.object_id AS INTEGER) "
        f"WHERE NEW.base_content_type_id = {_page_type()}; END",
    ]
    return statements


def _postgresql(tables) -> list[str]:
    stale = StaleFacts._meta.db_table
    statements = [
        # The column naming the page is the trigger's argument: read from the row as JSON.
        f"""CREATE OR REPLACE FUNCTION {PREFIX}mark() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                INSERT INTO {stale} (page) VALUES ((to_jsonb(OLD) ->> TG_ARGV[0])::integer) ON CONFLICT DO NOTHING;
            END IF;
            IF TG_OP <> 'DELETE' THEN
                INSERT INTO {stale} (page) VALUES ((to_jsonb(NEW) ->> TG_ARGV[0])::integer) ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {PREFIX}moderation() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.base_content_type_id = {_page_type()} THEN
                INSERT INTO {stale} (page) VALUES (NEW.object_id::integer) ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END $$""",
    ]
    for table, column in tables:
        statements.append(
            f"CREATE OR REPLACE TRIGGER {_name(table, 'change')} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}mark('{column}')"
        )
    pages, states = Page._meta.db_table, WorkflowState._meta.db_table
    changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in PAGE_COLUMNS)
    statements += [
        f"CREATE OR REPLACE TRIGGER {_name(pages, 'update')} AFTER UPDATE ON {pages} "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {PREFIX}mark('id')",
        f"CREATE OR REPLACE TRIGGER {_name(states, 'insert')} AFTER INSERT ON {states} "
        f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}moderation()",
    ]
    return statements


def triggers_ensure(connection) -> None:
    """Create the triggers that are missing, on the watched tables that exist (a partial migrate has some)."""
    existing = set(connection.introspection.table_names())
    if StaleFacts._meta.db_table not in existing:
        return
    tables = [(table, column) for table, column in watched() if table in existing]
    statements = {"sqlite": _sqlite, "postgresql": _postgresql}[connection.vendor](tables)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def triggers_drop(connection) -> None:
    """Drop every trigger and function ``triggers_ensure`` may have made (before the stale table goes)."""
    postgresql = connection.vendor == "postgresql"
    events = ["change"] if postgresql else ["insert", "update", "delete"]
    names = [(table, event) for table, _column in watched() for event in events]
    names += [(Page._meta.db_table, "update"), (WorkflowState._meta.db_table, "insert")]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table, event in names:
            if table in existing:
                cursor.execute(f"DROP TRIGGER IF EXISTS {_name(table, event)}" + (f" ON {table}" if postgresql else ""))
        if postgresql:
            cursor.execute(f"DROP FUNCTION IF EXISTS {PREFIX}mark(), {PREFIX}moderation()")
