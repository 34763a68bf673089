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

import functools
import logging
import re
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet, FullResultSet
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
#: With fewer full matches than this (a first page), pages with only some of the words follow them.
RELAX_BELOW = 10
NEAR_MISS = "all_but_one"
_QUOTED = re.compile(r'"([^"]*)"')


def _words(text: str) -> tuple[str, ...]:
    words = query_words(text.lower())
    return tuple(word for word in words if len(word) <= MAX_WORD)[:MAX_WORDS]


@dataclass(frozen=True)
class Terms:
    """
    What the reader asked for, in index words: all ``words`` and every phrase of ``phrases`` must
    occur; no word of ``excluded`` may. ``loose``: only words typed in the simple box, which near
    misses may follow; what was asked for precisely (all these words, a phrase) is never relaxed.
    """

    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()
    loose: bool = False

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
            loose=not (all_words.strip() or phrase.strip() or _QUOTED.search(q)),
        )

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def relaxed(self) -> "Terms":
        """Every word as a word of its own, phrases included: for near misses."""
        return Terms(words=self.highlighted)

    @property
    def highlighted(self) -> tuple[str, ...]:
        """The words to mark in snippets."""
        return self.words + tuple(word for phrase in self.phrases for word in phrase)


@dataclass
class Hits:
    """One page of ids, best first, the number of matches, and the matching documents as a queryset."""

    ids: list[int]
    count: int
    #: SQL and parameters selecting the page ids of every match, for the facets.
    matched: tuple = field(repr=False)
    #: How many of ``count`` have every word, when near misses follow them (None: all of them).
    full_count: int | None = None


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


def queryset_sql(queryset):
    """The SQL of a ``SearchDocument`` queryset's page ids, to use as a source of matches."""
    try:
        return queryset.values("page_id").query.sql_with_params()
    except EmptyResultSet:
        return "SELECT page_id FROM pm1search_searchdocument WHERE 1 = 0", ()


def where_sql(queryset):
    """A queryset's WHERE clause, for SQL of our own over the same table."""
    try:
        return queryset.query.get_compiler(connection=connection).compile(queryset.query.where)
    except EmptyResultSet:
        return "1 = 0", ()
    except FullResultSet:
        return "1 = 1", ()


def count_sql(matched) -> int:
    sql, params = matched
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) hit", params)  # noqa: S608 (our SQL, values as parameters)
        return cursor.fetchone()[0]


def join_keyword() -> str:
    """SQLite's CROSS JOIN keeps the text matches as the outer loop: each document is then one key lookup."""
    return "CROSS JOIN" if connection.vendor == "sqlite" else "JOIN"


class DatabaseEngine(Engine):
    """Ranked matching in SQL over the database backend's index tables."""

    def __init__(self):
        self.vendor = connection.vendor
        self.page_types = tuple(get_descendants_content_types_pks(Page))

    def search(self, terms, candidates, *, offset, limit, order):
        if terms.excluded:
            excluded = self._match_sql(Terms(words=terms.excluded), mode="any")
            candidates = candidates.exclude(page_id__in=RawSQL(*excluded))
        if not terms:
            return Hits(_ordered_ids(candidates, order, offset, limit), candidates.count(), queryset_sql(candidates))
        matched = self._joined(terms, candidates)
        count = count_sql(matched)
        if order != "relevance":
            return Hits(self._dated_ids(matched, order, offset, limit), count, matched)
        if terms.loose and 0 < count < RELAX_BELOW and len(terms.words) > 1:
            # Few pages have every word: follow them with the pages that miss only one, best first.
            relaxed = self._joined(terms.relaxed, candidates, mode=NEAR_MISS)
            relaxed_count = count_sql(relaxed)
            if relaxed_count > count:
                ids = self._ranked_ids(terms.relaxed, candidates, offset=offset, limit=limit, all_first=terms)
                return Hits(ids, relaxed_count, relaxed, full_count=count)
        return Hits(self._ranked_ids(terms, candidates, offset=offset, limit=limit), count, matched)

    def _joined(self, terms, candidates, *, mode="all", scored=False):
        """
        The candidates matching the terms, as SQL of their page ids (and scores): the text match
        drives, and each hit's document is looked up by key and tested against the conditions.
        """
        match_sql, match_params = self._match_sql(terms, scored=scored, mode=mode)
        where, where_params = where_sql(candidates)
        table = candidates.model._meta.db_table
        score = ", m.score" if scored else ""
        sql = (
            f'SELECT m.page_id{score} FROM ({match_sql}) m {join_keyword()} "{table}" '
            f'ON "{table}"."page_id" = m.page_id WHERE {where}'
        )
        return sql, (*match_params, *where_params)

    def _dated_ids(self, matched, order, offset, limit):
        sql, params = matched
        direction = "ASC" if order == "oldest" else "DESC"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT hit.page_id FROM ({sql}) hit {join_keyword()} pm1search_searchdocument d "  # noqa: S608
                f"ON d.page_id = hit.page_id ORDER BY d.published_at {direction}, d.page_id {direction} "
                "LIMIT %s OFFSET %s",
                (*params, limit, offset),
            )
            return [row[0] for row in cursor.fetchall()]

    def _ranked_ids(self, terms, candidates, *, offset, limit, all_first=None):
        """
        The best matches among the candidates. With ``all_first``, near misses of ``terms`` match
        too, and pages matching ``all_first`` lead.
        """
        sql, params = self._joined(terms, candidates, mode=NEAR_MISS if all_first else "all", scored=True)
        order = "hit.score ASC" if self.vendor == "sqlite" else "hit.score DESC"
        order_params = ()
        if all_first is not None:
            full_sql, order_params = self._match_sql(all_first)
            order = f"CASE WHEN hit.page_id IN ({full_sql}) THEN 0 ELSE 1 END, {order}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT hit.page_id FROM ({sql}) hit ORDER BY {order}, hit.page_id DESC LIMIT %s OFFSET %s",  # noqa: S608
                (*params, *order_params, limit, offset),
            )
            return [row[0] for row in cursor.fetchall()]

    def _match_sql(self, terms, *, scored=False, mode="all"):
        types = ", ".join(str(pk) for pk in self.page_types)
        entries = "wagtailsearch_indexentry"
        if self.vendor == "sqlite":
            # FTS5 wants the table's own name, not an alias, for MATCH and bm25().
            score = f", bm25({entries}_fts, 0.0, 1.0, 4.0) AS score" if scored else ""
            return (
                f"SELECT CAST(e.object_id AS INTEGER) AS page_id{score} FROM {entries}_fts "
                f"JOIN {entries} e ON e.id = {entries}_fts.rowid "
                f"WHERE {entries}_fts MATCH %s AND e.content_type_id IN ({types})",
                (_fts5_expression(terms, mode),),
            )
        condition, params = _tsquery_condition(terms, mode)
        score, score_params = "", ()
        if scored:
            rank_query, score_params = _tsquery_condition(terms, "any", rank=True)
            score = f", ts_rank(e.title, {rank_query}) * 4 + ts_rank(e.body, {rank_query}) AS score"
            score_params = score_params * 2
        return (
            f"SELECT e.object_id::integer AS page_id{score} FROM {entries} e "
            f"WHERE ({condition}) AND e.content_type_id IN ({types})",
            (*score_params, *params),
        )


def _groups(terms, mode):
    """
    The alternatives a match accepts, each a list of (kind, text) parts all required: "all" parts,
    "any" one part, or "all_but_one" (every part but any one word: a near miss, for following up;
    numbers are never left out, so a reference number does not match its neighbours).
    """
    parts = [("word", word) for word in terms.words] + [("phrase", " ".join(p)) for p in terms.phrases]
    if mode == "any":
        return [[part] for part in parts]
    if mode == "all_but_one" and len(parts) > 1:
        optional = [i for i, (_, text) in enumerate(parts) if not text.isdigit()]
        return [parts[:i] + parts[i + 1 :] for i in optional] or [parts]
    return [parts]


def _fts5_expression(terms, mode="all"):
    """An FTS5 query over the title and body columns; every word quoted, so none is syntax."""
    groups = [" AND ".join(f'"{text}"' for _, text in group) for group in _groups(terms, mode)]
    return "{title body} : (" + " OR ".join(f"({group})" for group in groups) + ")"


def _tsquery_condition(terms, mode="all", *, rank=False):
    """
    A PostgreSQL condition on the index entry ``e``, parsed by the same text-search configuration
    as the indexed text. Title and body are separate vectors, each with its own GIN index: a word
    matches when either has it, so every test is one index lookup, and a page whose words are
    spread over its title and body still matches them all. Stop words ("the") are left out: they
    are no condition. With ``rank``, the tsquery of every part, for ``ts_rank``.
    """
    function = {"word": "plainto_tsquery(%s)", "phrase": "phraseto_tsquery(%s)"}
    groups = [[part for part in group if not _is_stop_word(part[1])] for group in _groups(terms, mode)]
    groups = [group for group in groups if group] or [[("word", "")]]
    if rank:
        parts = [part for group in groups for part in group]
        return "(" + " || ".join(function[kind] for kind, _ in parts) + ")", tuple(text for _, text in parts)
    test = "(e.title @@ {q} OR e.body @@ {q})"
    sql = " OR ".join("(" + " AND ".join(test.format(q=function[kind]) for kind, _ in group) + ")" for group in groups)
    return sql, tuple(text for group in groups for _, text in group for _ in range(2))


@functools.lru_cache(maxsize=4096)
def _is_stop_word(text: str) -> bool:
    """True when PostgreSQL's text-search configuration keeps no lexeme of ``text``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(plainto_tsquery(%s)) = 0", [text])
        return cursor.fetchone()[0]


class ElasticsearchEngine(Engine):
    """Ranking in Elasticsearch, filtering and counting on the database."""

    def __init__(self, backend):
        self.backend = backend
        self.index = backend.get_index_for_model(Page).name

    def search(self, terms, candidates, *, offset, limit, order):
        if not terms or order != "relevance":
            return DatabaseEngine().search(terms, candidates, offset=offset, limit=limit, order=order)
        full = self._allowed(self._ranked_ids(terms), candidates)
        full_count = None
        if terms.loose and 0 < len(full) < RELAX_BELOW and len(terms.words) > 1:
            # As on the database: few pages have every word, so near misses follow them.
            seen = set(full)
            near = self._allowed(self._ranked_ids(terms.relaxed, near_miss=True), candidates)
            near = [pk for pk in near if pk not in seen]
            if near:
                full_count, full = len(full), full + near
        matched = queryset_sql(candidates.filter(page_id__in=full))
        return Hits(full[offset : offset + limit], len(full), matched, full_count=full_count)

    @staticmethod
    def _allowed(ranked, candidates):
        allowed = set(candidates.filter(page_id__in=ranked).values_list("page_id", flat=True))
        return [pk for pk in ranked if pk in allowed]

    def _ranked_ids(self, terms, *, near_miss=False):
        from elasticsearch import ApiError, TransportError

        fields = ["_all_text", "_all_text_boost_*^4"]

        def clause(text, kind="best_fields"):
            return {"multi_match": {"query": text, "fields": fields, "type": kind}}

        must = [clause(" ".join(phrase), "phrase") for phrase in terms.phrases]
        optional = [word for word in terms.words if not (near_miss and word.isdigit())]
        must += [clause(word) for word in terms.words if word not in optional]
        query = {"bool": {"must": must + ([] if near_miss else [clause(word) for word in optional])}}
        if near_miss and optional:
            query["bool"]["should"] = [clause(word) for word in optional]
            query["bool"]["minimum_should_match"] = max(1, len(optional) - 1)
        if terms.excluded:
            query["bool"]["must_not"] = [clause(word) for word in terms.excluded]
        try:
            response = self.backend.es.search(
                index=self.index, query=query, size=ELASTICSEARCH_WINDOW, _source=False, stored_fields=["pk"]
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
