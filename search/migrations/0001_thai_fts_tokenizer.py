"""
Rebuild modelsearch's SQLite FTS5 table with a tokenizer that keeps Thai words whole.

FTS5's default ``unicode61`` tokenizer treats Thai vowel and tone marks (Unicode Mn/Mc) as
separators, so วัคซีน is indexed as meaningless fragments and ภาษี matches ภาษา. Text reaching the
index is already segmented into words separated by spaces (core/text.py): the tokenizer only has
to split at spaces and punctuation, with marks counted as letters. ``porter`` stems English words;
prefix indexes make autocomplete fast. The triggers that fill the table refer to it by name and survive.
"""

from django.db import migrations

TOKENIZE = "porter unicode61 remove_diacritics 2 categories 'L* N* Co Mn Mc'"
PREFIX = "1 2 3 4"


def create(entries, tokenize, prefix=None):
    options = f", tokenize=\"{tokenize}\"" + (f", prefix='{prefix}'" if prefix else "")
    return [
        f"DROP TABLE IF EXISTS {entries}_fts",
        f"CREATE VIRTUAL TABLE {entries}_fts USING fts5(autocomplete, body, title{options})",
        f"INSERT INTO {entries}_fts (rowid, autocomplete, body, title) "
        f"SELECT id, autocomplete, body, title FROM {entries}",  # noqa: S608 (table names from the models)
    ]


def rebuild(tokenize, prefix=None):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        for statement in create(entries, tokenize, prefix):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(rebuild(TOKENIZE, PREFIX), rebuild("unicode61"))]
