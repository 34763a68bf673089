"""
The embedded default: modelsearch's database backend (SQLite FTS5 or PostgreSQL full text), Thai-aware.

modelsearch builds the indexed text in an ``ObjectIndexer`` that its indexes instantiate by name,
with no hook for transforming values, so each index here re-implements ``add_items`` with an
indexer whose ``prepare_value`` segments Thai (upstream: modelsearch 1.3.2,
``backends/database/{sqlite/sqlite,postgres/postgres}.py``; ``tests/search/test_backends.py``
fails when the upstream methods change).
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models.sql import InsertQuery
from modelsearch.backends.database.postgres import postgres
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.utils import get_content_type_pk
from wagtail.models import Page

from ..documents import documents_refresh
from . import ThaiQueryMixin, segment_value

__all__ = ["PostgresSearchBackend", "SQLiteSearchBackend", "SearchBackend"]


def SearchBackend(params):  # noqa: N802 (modelsearch looks backends up by this name)
    """The Thai-aware backend for the default database's vendor, like modelsearch's own factory."""
    if connection.vendor == "postgresql":
        return PostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        return SQLiteSearchBackend(params)
    raise ImproperlyConfigured(f"PM1 search needs SQLite (with FTS5) or PostgreSQL, not {connection.vendor}.")


def _refresh_documents(model, objs):
    """Pages get their public-search facts written beside their text (``search.documents``)."""
    if issubclass(model, Page):
        documents_refresh(objs)


class SQLiteObjectIndexer(sqlite.ObjectIndexer):
    def prepare_value(self, value):
        return segment_value(super().prepare_value(value))


class SQLiteIndex(sqlite.SQLiteIndex):
    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        texts = {}
        for obj in objs:
            indexer = SQLiteObjectIndexer(obj, self.backend)
            texts[indexer.id] = {"title": indexer.title, "autocomplete": indexer.autocomplete, "body": indexer.body}
        if not texts:
            return
        content_type_pk = get_content_type_pk(model)
        entries = self.entries.filter(content_type_id=content_type_pk)
        existing = dict(entries.filter(object_id__in=texts).values_list("object_id", "pk"))
        model_class = self.entries.model
        # A changed title needs its norm recomputed: 1.0 marks the entries _refresh_title_norms visits.
        updated = [model_class(pk=pk, title_norm=1.0, **texts[object_id]) for object_id, pk in existing.items()]
        created = [
            model_class(content_type_id=content_type_pk, object_id=object_id, **fields)
            for object_id, fields in texts.items()
            if object_id not in existing
        ]
        model_class._default_manager.bulk_update(updated, ["title", "autocomplete", "body", "title_norm"])
        model_class._default_manager.bulk_create(created)
        self._refresh_title_norms()
        _refresh_documents(model, objs)


class SQLiteSearchBackend(ThaiQueryMixin, sqlite.SQLiteSearchBackend):
    index_class = SQLiteIndex


class PostgresObjectIndexer(postgres.ObjectIndexer):
    def prepare_value(self, value):
        return segment_value(super().prepare_value(value))


class PostgresIndex(postgres.PostgresIndex):
    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [PostgresObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        model_class = self.entries.model
        compiler = InsertQuery(model_class).get_compiler(connection=self.write_connection)
        rows = []
        params = []
        for indexer in indexers:
            params.extend((content_type_pk, indexer.id))
            vectors = []
            for name in ("title", "autocomplete", "body"):
                value = compiler.prepare_value(model_class._meta.get_field(name), getattr(indexer, name))
                sql, value_params = value.as_sql(compiler, self.write_connection)
                vectors.append(sql)
                params.extend(value_params)
            params.extend((indexer.title_text, indexer.body_text))
            rows.append(f"(%s, %s, {', '.join(vectors)}, 1.0, %s, %s)")
        table = model_class._meta.db_table
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table}
                    (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                VALUES {", ".join(rows)}
                ON CONFLICT (content_type_id, object_id) DO UPDATE SET
                    title = EXCLUDED.title, title_norm = 1.0, autocomplete = EXCLUDED.autocomplete,
                    body = EXCLUDED.body, title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
                """,  # noqa: S608 (table name from the model, values as parameters)
                params,
            )
        self._refresh_title_norms()
        _refresh_documents(model, objs)


class PostgresSearchBackend(ThaiQueryMixin, postgres.PostgresSearchBackend):
    index_class = PostgresIndex
