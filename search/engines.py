"""
Ranked full-text matching for public search, over the indexes the configured modelsearch backends
keep (the same rows the Wagtail admin searches, with the same Thai segmentation).

Public search combines text with many conditions on related rows (assignments, parents, deadlines)
and needs counts, facets and deep pages fast at 100 000 items. Django's ORM does the conditions
(``search.selectors``); an engine only answers "which candidate pages match these terms, best
first", with one SQL statement on the database index, or one request to Elasticsearch:

- ``DatabaseEngine`` joins the FTS5 table (SQLite) or the tsvector columns (PostgreSQL) to the
  candidate pages, ranking with bm25 / ts_rank, title weighted above body;
- ``ElasticsearchEngine`` ranks in the engine and returns at most ``ELASTICSEARCH_WINDOW`` ids,
  which the database then filters.
"""

import logging
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models.expressions import RawSQL
from modelsearch.backends import get_search_backend
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page

from .text import query_words

__all__ = ["Engine", "EngineUnavailable", "Hits", "Terms", "engine_for"]

logger = logging.getLogger(__name__)

# Words longer than any real one are noise (or an attack) and would only slow the engines down.
MAX_WORD = 60
MAX_WORDS = 32
ELASTICSEARCH_WINDOW = 10_000
_QUOTED = re.compile(r'"([^"]*)"')


def _words(text: str) -> tuple[str, ...]:
    words = query_words(text.lower())
    return tuple(word for word in words if len(word) <= MAX_WORD)[:MAX_WORDS]


@dataclass(frozen=True)
class Terms:
    """
    What the reader asked for, in index words: all ``words`` and every phrase of ``phrases`` must
    occur; no word of ``excluded`` may.
    """

    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()

    @classmethod
    def parse(cls, *, q: str = "", all_words: str = "", phrase: str = "", none: str = "") -> "Terms":
        """The simple box (``"quoted"`` parts are phrases) and the advanced form's three boxes."""
        quoted = [_words(text) for text in _QUOTED.findall(q)] + [_words(phrase)]
        single = tuple(word for part in quoted if len(part) == 1 for word in part)
        words = _words(_QUOTED.sub(" ", q)) + _words(all_words) + single
        return cls(
            words=tuple(dict.fromkeys(words)),
            phrases=tuple(part for part in quoted if len(part) > 1),
            excluded=_words(none),
        )

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def highlighted(self) -> tuple[str, ...]:
        """The words to mark in snippets."""
        return self.words + tuple(word for phrase in self.phrases for word in phrase)


@dataclass
class Hits:
    """One page of ids, best first, the number of matches, and the matching documents as a queryset."""

    ids: list[int]
    count: int
    matched: object = field(repr=False)


class EngineUnavailable(Exception):
    """The search engine could not be reached; the caller falls back to the database."""


class Engine:
    def search(self, terms: Terms, candidates, *, offset: int, limit: int, order: str) -> Hits:
        """
        ``candidates`` is a queryset of ``SearchDocument`` filtered on that table's own columns
        (subqueries allowed, joins not); ``order`` is "relevance", "newest" or "oldest".
        """
        raise NotImplementedError


def _ordered_ids(documents, order, offset, limit):
    fields = ("published_at", "page_id") if order == "oldest" else ("-published_at", "-page_id")
    return list(documents.order_by(*fields).values_list("page_id", flat=True)[offset : offset + limit])


class DatabaseEngine(Engine):
    """Ranked matching in SQL over the database backend's index tables."""

    def __init__(self):
        self.vendor = connection.vendor
        self.page_types = tuple(get_descendants_content_types_pks(Page))

    def search(self, terms, candidates, *, offset, limit, order):
        if terms.excluded:
            excluded = self._match_sql(Terms(words=terms.excluded), any_word=True)
            candidates = candidates.exclude(page_id__in=RawSQL(*excluded))
        if not terms:
            return Hits(_ordered_ids(candidates, order, offset, limit), candidates.count(), candidates)
        matched = candidates.filter(page_id__in=RawSQL(*self._match_sql(terms)))
        if order != "relevance":
            return Hits(_ordered_ids(matched, order, offset, limit), matched.count(), matched)
        return Hits(self._ranked_ids(terms, candidates, offset=offset, limit=limit), matched.count(), matched)

    def _ranked_ids(self, terms, candidates, *, offset, limit):
        """The best matches among the candidates: the match drives, each hit's document is looked up."""
        match_sql, match_params = self._match_sql(terms, scored=True)
        query = candidates.query
        where_sql, where_params = query.get_compiler(connection=connection).compile(query.where)
        table = query.get_meta().db_table
        order = "m.score ASC" if self.vendor == "sqlite" else "m.score DESC"
        sql = (
            f'SELECT m.page_id FROM ({match_sql}) m JOIN "{table}" ON "{table}"."page_id" = m.page_id '
            f"WHERE {where_sql} ORDER BY {order}, m.page_id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, (*match_params, *where_params, limit, offset))
            return [row[0] for row in cursor.fetchall()]

    def _match_sql(self, terms, *, scored=False, any_word=False):
        types = ", ".join(str(pk) for pk in self.page_types)
        entries = "wagtailsearch_indexentry"
        if self.vendor == "sqlite":
            # FTS5 wants the table's own name, not an alias, for MATCH and bm25().
            score = f", bm25({entries}_fts, 0.0, 1.0, 4.0) AS score" if scored else ""
            return (
                f"SELECT CAST(e.object_id AS INTEGER) AS page_id{score} FROM {entries}_fts "
                f"JOIN {entries} e ON e.id = {entries}_fts.rowid "
                f"WHERE {entries}_fts MATCH %s AND e.content_type_id IN ({types})",
                (_fts5_expression(terms, any_word=any_word),),
            )
        tsquery, params = _tsquery(terms, any_word=any_word)
        score = ", ts_rank(e.title, q.query) * 4 + ts_rank(e.body, q.query) AS score" if scored else ""
        return (
            f"SELECT e.object_id::integer AS page_id{score} FROM {entries} e, (SELECT {tsquery} AS query) q "
            f"WHERE (e.title @@ q.query OR e.body @@ q.query) AND e.content_type_id IN ({types})",
            params,
        )


def _fts5_expression(terms, *, any_word=False):
    """An FTS5 query over the title and body columns; every word quoted, so none is syntax."""
    parts = [f'"{word}"' for word in terms.words] + ['"' + " ".join(phrase) + '"' for phrase in terms.phrases]
    return "{title body} : (" + (" OR " if any_word else " AND ").join(parts) + ")"


def _tsquery(terms, *, any_word=False):
    """A PostgreSQL tsquery, parsed by the same text-search configuration as the indexed text."""
    parts = [("plainto_tsquery(%s)", word) for word in terms.words]
    parts += [("phraseto_tsquery(%s)", " ".join(phrase)) for phrase in terms.phrases]
    joiner = " || " if any_word else " && "
    return "(" + joiner.join(sql for sql, _ in parts) + ")", tuple(value for _, value in parts)


class ElasticsearchEngine(Engine):
    """Ranking in Elasticsearch, filtering and counting on the database."""

    def __init__(self, backend):
        self.backend = backend
        self.index = backend.get_index_for_model(Page).name

    def search(self, terms, candidates, *, offset, limit, order):
        if not terms or order != "relevance":
            return DatabaseEngine().search(terms, candidates, offset=offset, limit=limit, order=order)
        ranked = self._ranked_ids(terms)
        matched = candidates.filter(page_id__in=ranked)
        allowed = set(matched.values_list("page_id", flat=True))
        ids = [pk for pk in ranked if pk in allowed]
        return Hits(ids=ids[offset : offset + limit], count=len(ids), matched=matched)

    def _ranked_ids(self, terms):
        from elasticsearch import ApiError, TransportError

        fields = ["_all_text", "_all_text_boost_*^4"]
        must = [{"multi_match": {"query": " ".join(terms.words), "fields": fields, "operator": "and"}}] * bool(
            terms.words
        )
        must += [
            {"multi_match": {"query": " ".join(phrase), "fields": fields, "type": "phrase"}} for phrase in terms.phrases
        ]
        must_not = [{"multi_match": {"query": " ".join(terms.excluded), "fields": fields}}] * bool(terms.excluded)
        try:
            response = self.backend.es.search(
                index=self.index,
                query={"bool": {"must": must, "must_not": must_not}},
                size=ELASTICSEARCH_WINDOW,
                _source=False,
                stored_fields=["pk"],
            )
        except (TransportError, ApiError) as error:
            raise EngineUnavailable(str(error)) from error
        return [int(hit["fields"]["pk"][0]) for hit in response["hits"]["hits"]]


def engine_for(backend_name: str = "default") -> Engine:
    """The engine behind the named search backend (``WAGTAILSEARCH_BACKENDS``)."""
    backend = get_search_backend(backend_name)
    if hasattr(backend, "es"):
        return ElasticsearchEngine(backend)
    return DatabaseEngine()
