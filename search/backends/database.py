"""
The embedded default: modelsearch's database backend (SQLite FTS5 or PostgreSQL full text), Thai-aware.

modelsearch builds the indexed text in an ``ObjectIndexer`` that its indexes instantiate by name,
with no hook for transforming values, so each index here re-implements ``add_items`` with an
indexer whose ``prepare_value`` segments Thai (upstream: modelsearch 1.3.2,
``backends/database/{sqlite/sqlite,postgres/postgres}.py``; ``tests/search/test_upstream.py``
fails when the upstream methods change). Each vendor's module imports modelsearch's only when that
vendor is in use: modelsearch's SQLite module cannot even be imported on PostgreSQL.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from wagtail.models import Page

from ..documents import documents_refresh

__all__ = ["SearchBackend", "refresh_documents"]


def SearchBackend(params):  # noqa: N802 (modelsearch looks backends up by this name)
    """The Thai-aware backend for the default database's vendor, like modelsearch's own factory."""
    if connection.vendor == "postgresql":
        from .postgres import PostgresSearchBackend  # only on PostgreSQL (module docstring)

        return PostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from .sqlite import SQLiteSearchBackend  # only on SQLite (module docstring)

        return SQLiteSearchBackend(params)
    raise ImproperlyConfigured(f"PM1 search needs SQLite (with FTS5) or PostgreSQL, not {connection.vendor}.")


def refresh_documents(model, objs):
    """Pages get their public-search facts written beside their text (``search.documents``)."""
    if issubclass(model, Page):
        documents_refresh(objs)
