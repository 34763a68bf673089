"""
The database triggers that mark pages whose reporting facts are stale (``StaleFacts``), on SQLite
and PostgreSQL. Written by migrations: a new kind of tracked item adds its tables in its own
migration (``tests/reports/test_facts.py`` checks that every kind's tables carry them).

Marked are the page of:
- a row inserted, changed or deleted in a kind's table, its assignments' table or the updates' table
  (``WATCHED``: table and the column naming the page);
- a page whose publication, locale, place in the tree or first publication changes;
- a workflow state created for a page (an update sent to moderation).
"""

STALE = "reports_stalefacts"
#: What the page rows' trigger looks at: the columns the facts depend on.
PAGE_COLUMNS = ("live", "locale_id", "path", "first_published_at")
PREFIX = "reports_stale_"


def _name(table: str, event: str) -> str:
    return f"{PREFIX}{table}_{event}"


def _sqlite(watched) -> list[str]:
    def mark(*values):
        rows = ", ".join(f"({value})" for value in values)
        return f"INSERT OR IGNORE INTO {STALE} (page) VALUES {rows};"

    statements = []
    for table, column in watched:
        statements += [
            f"CREATE TRIGGER {_name(table, 'insert')} AFTER INSERT ON {table} BEGIN {mark(f'NEW.{column}')} END",
            f"CREATE TRIGGER {_name(table, 'update')} AFTER UPDATE ON {table} "
            f"BEGIN {mark(f'NEW.{column}', f'OLD.{column}')} END",
            f"CREATE TRIGGER {_name(table, 'delete')} AFTER DELETE ON {table} BEGIN {mark(f'OLD.{column}')} END",
        ]
    changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in PAGE_COLUMNS)
    statements += [
        f"CREATE TRIGGER {_name('wagtailcore_page', 'update')} AFTER UPDATE ON wagtailcore_page "
        f"WHEN {changed} BEGIN {mark('NEW.id')} END",
        f"CREATE TRIGGER {_name('wagtailcore_workflowstate', 'insert')} AFTER INSERT ON wagtailcore_workflowstate "
        f"BEGIN INSERT OR IGNORE INTO {STALE} (page) SELECT CAST(NEW.object_id AS INTEGER) "
        "WHERE NEW.base_content_type_id = "
        "(SELECT id FROM django_content_type WHERE app_label = 'wagtailcore' AND model = 'page'); END",
    ]
    return statements


def _postgresql(watched) -> list[str]:
    statements = [
        # The column naming the page is the trigger's argument: read from the row as JSON.
        f"""CREATE OR REPLACE FUNCTION {PREFIX}mark() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                INSERT INTO {STALE} (page) VALUES ((to_jsonb(OLD) ->> TG_ARGV[0])::integer) ON CONFLICT DO NOTHING;
            END IF;
            IF TG_OP <> 'DELETE' THEN
                INSERT INTO {STALE} (page) VALUES ((to_jsonb(NEW) ->> TG_ARGV[0])::integer) ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {PREFIX}moderation() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.base_content_type_id = (
                SELECT id FROM django_content_type WHERE app_label = 'wagtailcore' AND model = 'page'
            ) THEN
                INSERT INTO {STALE} (page) VALUES (NEW.object_id::integer) ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END $$""",
    ]
    for table, column in watched:
        statements.append(
            f"CREATE TRIGGER {_name(table, 'change')} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}mark('{column}')"
        )
    changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in PAGE_COLUMNS)
    statements += [
        f"CREATE TRIGGER {_name('wagtailcore_page', 'update')} AFTER UPDATE ON wagtailcore_page "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {PREFIX}mark('id')",
        f"CREATE TRIGGER {_name('wagtailcore_workflowstate', 'insert')} AFTER INSERT ON wagtailcore_workflowstate "
        f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}moderation()",
    ]
    return statements


def triggers_create(schema_editor, watched) -> None:
    """Create the triggers on ``watched`` (``[(table, page column)]``) and on the pages and workflow states."""
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": _sqlite, "postgresql": _postgresql}[vendor](watched)
    for statement in statements:
        schema_editor.execute(statement)


def triggers_drop(schema_editor, watched) -> None:
    """Drop what ``triggers_create`` made."""
    postgresql = schema_editor.connection.vendor == "postgresql"
    tables = [table for table, _column in watched]
    names = [
        (table, event) for table in tables for event in (["change"] if postgresql else ["insert", "update", "delete"])
    ]
    names += [("wagtailcore_page", "update"), ("wagtailcore_workflowstate", "insert")]
    for table, event in names:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name(table, event)}" + (f" ON {table}" if postgresql else ""))
    if postgresql:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {PREFIX}mark(), {PREFIX}moderation()")
