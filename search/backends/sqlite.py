"""SQLite FTS5, Thai-aware: see ``search.backends.database``."""

from modelsearch.backends.database.sqlite import sqlite
from modelsearch.utils import get_content_type_pk

from . import ThaiQueryMixin, segment_value
from .database import refresh_documents

__all__ = ["SQLiteSearchBackend"]


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
        refresh_documents(model, objs)


class SQLiteSearchBackend(ThaiQueryMixin, sqlite.SQLiteSearchBackend):
    index_class = SQLiteIndex
