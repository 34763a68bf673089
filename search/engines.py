"""
Full-text matching and ranking for public search, over the indexes the configured modelsearch
backends keep (the same rows the Wagtail admin searches, with the same Thai segmentation).

An engine answers one question: "which pages have these words, and how well do they match". What
the public may see, the advanced conditions, counts, facets and date order are answered in memory
(``search.facts``), so each engine only lists the pages its text matches:

- ``DatabaseEngine``: the FTS5 table (SQLite) or the tsvector columns (PostgreSQL), ranked with
  bm25 / ts_rank, title weighted above body;
- ``ElasticsearchEngine``: the engine's own index and scores.

Ranking every page that has a very common word costs more than it tells: beyond
``RANKED_MATCHES`` matches the database engines list them newest first.
"""

import functools
import json
import logging
import re
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import connection
from elasticsearch import ApiError, TransportError
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from core.text import is_stop_word, query_words

__all__ = ["Engine", "EngineUnavailable", "Hits", "Terms", "engine_for"]

logger = logging.getLogger(__name__)

# Words longer than any real one are noise (or an attack) and would only slow the engines down.
MAX_WORD = 60
MAX_WORDS = 32
#: Elasticsearch lists the matches in pages of this many.
ELASTICSEARCH_PAGE = 10_000
#: When the conditions allow at most this many pages, Elasticsearch is given their ids as a filter.
ELASTICSEARCH_FILTER = 10_000
#: More matches than this are listed by the database index, when one is kept beside Elasticsearch.
ELASTICSEARCH_LISTED = 20_000
#: The most matches each database ranks (its cost per match differs tenfold).
RANKED_MATCHES = {"sqlite": 20_000, "postgresql": 5_000}
#: PostgreSQL: at most this many allowed pages may be tested by key rather than found by their words.
CHECKED_BY_KEY = 5_000
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
        words = tuple(dict.fromkeys(_words(_QUOTED.sub(" ", q)) + _words(all_words) + single))
        return cls(
            words=_without_stop_words(words),
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


def _without_stop_words(words):
    """
    Thai function words (การ, ที่) are in nearly every page: as conditions they only cost time, so
    they are left out when the query has other words (phrases keep them), as PostgreSQL does with
    English ones. A query of nothing else keeps them.
    """
    meaningful = tuple(word for word in words if not is_stop_word(word))
    return meaningful or words


@dataclass
class Hits:
    """One page of ids, best first, the number of matches, and every match's page id."""

    ids: list[int]
    count: int
    matched: np.ndarray = field(repr=False)
    #: How many of ``count`` have every word, when near misses follow them (None: all of them).
    full_count: int | None = None


class EngineUnavailable(Exception):
    """The search engine could not be reached; the caller falls back to the database."""


class Engine:
    """Matching by text; everything else is asked of the facts."""

    def hits(self, terms, facts, mask, *, mode="all", ranked=False):
        """
        The page ids that match ``terms`` and that ``mask`` lets through, with their scores
        (higher is better) when ``ranked`` and affordable, else None.
        """
        raise NotImplementedError

    def search(self, terms: Terms, facts, mask, *, offset: int, limit: int, order: str) -> Hits:
        """``mask``: the pages allowed (``Facts.public`` narrowed); ``order``: relevance, newest or oldest."""
        if terms.excluded:
            excluded, _ = self.hits(Terms(words=terms.excluded), facts, mask, mode="any")
            mask = mask.copy()
            mask[excluded] = False
        if not terms:
            matched = np.flatnonzero(mask)
            return Hits(facts.ordered(matched, order, offset, limit), len(matched), matched)
        ranked = order == "relevance"
        full, scores = self.hits(terms, facts, mask, ranked=ranked)
        tiers = [(full, scores)]
        full_count = None
        if terms.loose and 0 < len(full) < RELAX_BELOW and len(terms.words) > 1:
            # Few pages have every word: follow them with the pages that miss only one, best first.
            near, near_scores = self.hits(terms.relaxed, facts, mask, mode=NEAR_MISS, ranked=ranked)
            extra = ~np.isin(near, full)
            if extra.any():
                full_count = len(full)
                tiers.append((near[extra], None if near_scores is None else near_scores[extra]))
        matched = np.concatenate([ids for ids, _ in tiers])
        if not ranked:
            return Hits(facts.ordered(matched, order, offset, limit), len(matched), matched, full_count)
        return Hits(facts.ranked(tiers, offset, limit), len(matched), matched, full_count)


class DatabaseEngine(Engine):
    """Matching in SQL over the database backend's index tables."""

    def __init__(self):
        self.vendor = connection.vendor

    def hits(self, terms, facts, mask, *, mode="all", ranked=False):
        if self.vendor == "sqlite":
            return self._sqlite_hits(terms, facts, mask, mode, ranked)
        return self._postgres_hits(terms, facts, mask, mode, ranked)

    def _sqlite_hits(self, terms, facts, mask, mode, ranked):
        """
        FTS5 scores a match as it lists it, and cannot score a chosen few: a match is listed (as
        one string: a row per match costs twice as much), then scored again when small enough.
        Phrases are usually few and costly to find, so they are scored at once, unless too many.
        """
        scored = None
        if ranked and terms.phrases:
            scored = self._sqlite_scored(terms, mode, limit=RANKED_MATCHES["sqlite"] + 1)
        if scored is None or len(scored) > RANKED_MATCHES["sqlite"]:
            fts = "wagtailsearch_indexentry_fts"
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT group_concat(rowid) FROM {fts} WHERE {fts} MATCH %s",  # noqa: S608
                    [_fts5_expression(terms, mode)],
                )
                listed = np.fromstring(cursor.fetchone()[0] or "", np.int64, sep=",")
            scored = None
            if ranked and len(listed) <= RANKED_MATCHES["sqlite"]:
                scored = self._sqlite_scored(terms, mode)
        entries = listed if scored is None else scored[:, 0].astype(np.int64)
        pages = facts.pages_of_entries(entries)
        allowed = facts.allowed(pages, mask)
        return pages[allowed], (None if scored is None else scored[allowed, 1])

    @staticmethod
    def _sqlite_scored(terms, mode, limit=-1):
        """FTS rows and their bm25 scores, higher is better: title words weigh four times body words."""
        fts = "wagtailsearch_indexentry_fts"
        with connection.cursor() as cursor:
            # FTS5 wants the table's own name, not an alias, for MATCH and bm25().
            cursor.execute(
                f"SELECT rowid, -bm25({fts}, 0.0, 1.0, 4.0) FROM {fts} WHERE {fts} MATCH %s LIMIT %s",  # noqa: S608
                [_fts5_expression(terms, mode), limit],
            )
            return np.array(cursor.fetchall(), np.float64).reshape(-1, 2)

    def _postgres_hits(self, terms, facts, mask, mode, ranked):
        """
        Scoring costs ten times listing on PostgreSQL: only the allowed matches are scored, by key.
        Entries are listed by id only, as one string, and their pages (which tells page entries
        from other content) are looked up in the facts: a condition on content types in SQL would
        have the planner trade the GIN indexes for the content-type index.
        """
        condition, params = _tsquery_condition(terms, mode)
        allowed_entries = self._few_allowed_entries(facts, mask, condition, params)
        if allowed_entries is not None:
            condition, params = f"e.id = ANY(%s) AND ({condition})", (allowed_entries, *params)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT string_agg(e.id::text, ',') FROM wagtailsearch_indexentry e WHERE {condition}", params
            )
            entries = np.fromstring(cursor.fetchone()[0] or "", np.int64, sep=",")
        pages = facts.pages_of_entries(entries)
        allowed = facts.allowed(pages, mask)
        entries, pages = entries[allowed], pages[allowed]
        if not ranked or len(entries) > RANKED_MATCHES["postgresql"]:
            return pages, None
        rank_query, rank_params = _tsquery_condition(terms, "any", rank=True)
        score = f"ts_rank(e.title, {rank_query}) * 4 + ts_rank(e.body, {rank_query})"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id, {score} FROM wagtailsearch_indexentry e WHERE e.id = ANY(%s)",  # noqa: S608
                (*rank_params, *rank_params, entries.tolist()),
            )
            scored = np.array(cursor.fetchall(), np.float64).reshape(-1, 2)
        return facts.pages_of_entries(scored[:, 0].astype(np.int64)), scored[:, 1]

    def _few_allowed_entries(self, facts, mask, condition, params):
        """
        The index entries of the allowed pages, when they are few and the words common: testing
        the few pages' vectors by key then beats listing every page that has the words. None otherwise.
        """
        allowed = np.count_nonzero(mask)
        if allowed > CHECKED_BY_KEY or self._estimated_matches(condition, params) <= 2 * allowed:
            return None
        pages = np.flatnonzero(mask)
        entries = facts.page_entry[pages[pages < len(facts.page_entry)]]
        return entries[entries > 0].tolist()

    @staticmethod
    def _estimated_matches(condition, params) -> float:
        """How many index entries the planner expects the condition to match (from its statistics)."""
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM wagtailsearch_indexentry e WHERE {condition}", params)
            plan = cursor.fetchone()[0]
        return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]


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
    groups = [[part for part in group if not _is_stop_word(part[1])] for group in _groups(terms, mode)]
    groups = [group for group in groups if group] or [[("word", "")]]
    if rank:
        parts = [part for group in groups for part in group]
        function = {"word": "plainto_tsquery(%s)", "phrase": "phraseto_tsquery(%s)"}
        return "(" + " || ".join(function[kind] for kind, _ in parts) + ")", tuple(text for _, text in parts)
    # A phrase is looked up by its pairs of adjacent Thai words first (migration 0005), with its
    # query computed once here: PostgreSQL would compute it again for every page it rechecks.
    values = {"word": lambda text: text, "phrase": _phrase_query}
    test = {"word": "(e.title @@ plainto_tsquery(%s) OR e.body @@ plainto_tsquery(%s))"}
    test["phrase"] = "(e.title @@ %s::tsquery OR e.body @@ %s::tsquery)"
    sql = " OR ".join("(" + " AND ".join(test[kind] for kind, _ in group) + ")" for group in groups)
    return sql, tuple(values[kind](text) for group in groups for kind, text in group for _ in range(2))


@functools.lru_cache(maxsize=4096)
def _phrase_query(text: str) -> str:
    """The phrase's tsquery: its words next to each other, and its pairs of adjacent Thai words."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pm1_phrase_query(%s)::text", [text])
        return cursor.fetchone()[0]


@functools.lru_cache(maxsize=4096)
def _is_stop_word(text: str) -> bool:
    """True when PostgreSQL's text-search configuration keeps no lexeme of ``text``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(plainto_tsquery(%s)) = 0", [text])
        return cursor.fetchone()[0]


class ElasticsearchEngine(Engine):
    """
    Matching and scoring in Elasticsearch: every match is listed, best first, page by page, its
    page id read from the sort values (no stored fields to load). When the conditions leave few
    pages, their ids filter the query in the engine, so it lists no more than they allow.
    """

    def __init__(self, backend, database=None):
        self.backend = backend
        self.index = backend.get_index_for_model(Page).name
        #: The database index kept beside Elasticsearch, if any: it lists very many matches faster.
        self.database = database

    def hits(self, terms, facts, mask, *, mode="all", ranked=False):
        query = _elasticsearch_query(terms, mode)
        if np.count_nonzero(mask) <= ELASTICSEARCH_FILTER:
            query = {"bool": {"must": [query], "filter": [{"terms": {"pk": [str(pk) for pk in np.flatnonzero(mask)]}}]}}
        elif self.database is not None and self._counted(query) > ELASTICSEARCH_LISTED:
            # Listing costs 7 µs a match here, under 1 µs in the database index, which has the same words.
            return self.database.hits(terms, facts, mask, mode=mode, ranked=ranked)
        pages, scores = self._listed(query)
        allowed = facts.allowed(pages, mask)
        return pages[allowed], scores[allowed]

    def _counted(self, query) -> int:
        try:
            return self.backend.es.count(index=self.index, query=query)["count"]
        except (TransportError, ApiError) as error:
            raise EngineUnavailable(str(error)) from error

    def _listed(self, query):
        pages, scores, after = [], [], None
        while True:
            try:
                response = self.backend.es.search(
                    index=self.index,
                    query=query,
                    size=ELASTICSEARCH_PAGE,
                    sort=[{"_score": "desc"}, {"pk": "desc"}],
                    search_after=after,
                    track_total_hits=False,
                    source=False,
                    stored_fields="_none_",
                    filter_path="hits.hits.sort",
                )
            except (TransportError, ApiError) as error:
                raise EngineUnavailable(str(error)) from error
            listed = [hit["sort"] for hit in response.get("hits", {}).get("hits", [])]
            scores += [score for score, _ in listed]
            pages += [int(pk) for _, pk in listed]
            if len(listed) < ELASTICSEARCH_PAGE:
                return np.array(pages, np.int64), np.array(scores, np.float64)
            after = listed[-1]


def _elasticsearch_query(terms, mode):
    """The bool query of ``_groups``' alternatives: every word, any word, or all but one word."""
    fields = ["_all_text", "_all_text_boost_*^4"]

    def clause(text, kind="best_fields"):
        return {"multi_match": {"query": text, "fields": fields, "type": kind}}

    phrases = [clause(" ".join(phrase), "phrase") for phrase in terms.phrases]
    if mode == "any":
        return {"bool": {"should": phrases + [clause(word) for word in terms.words], "minimum_should_match": 1}}
    optional = [word for word in terms.words if mode == NEAR_MISS and not word.isdigit()]
    query = {"bool": {"must": phrases + [clause(word) for word in terms.words if word not in optional]}}
    if optional:
        query["bool"]["should"] = [clause(word) for word in optional]
        query["bool"]["minimum_should_match"] = max(1, len(optional) - 1)
    return query


def engine_for(backend_name: str = "default") -> Engine:
    """The engine behind the named search backend (``WAGTAILSEARCH_BACKENDS``)."""
    backend = get_search_backend(backend_name)
    if hasattr(backend, "es"):
        database = settings.WAGTAILSEARCH_BACKENDS.get("database", {}).get("BACKEND") == "search.backends.database"
        return ElasticsearchEngine(backend, DatabaseEngine() if database else None)
    return DatabaseEngine()
