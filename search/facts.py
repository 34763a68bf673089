"""
What public search knows about every page besides its text (``SearchDocument``) and every
agency's assignment, held in memory as columns indexed by page id. Conditions, counts, facets and
date order over 400 000 pages then cost milliseconds where SQL joins cost seconds, whichever
engine matched the text.

Each process keeps one copy and, before every search, brings it up to date: one indexed query when
nothing changed, else the documents written since (``SearchDocument.changed`` against
``SearchState.generation``), their items' assignments and the new index entries. A new epoch
(documents deleted, a new database) loads everything again. Inside a transaction a search builds a
copy of its own, so that nothing uncommitted is ever shared.
"""

import threading
from contextlib import contextmanager
from datetime import date

import numpy as np
from django.db import connection
from django.utils import timezone
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page

from core.choices import CLOSED, Status, Track
from core.kinds import kinds
from core.models.assignment import AssignmentBase

from .models import SearchDocument, SearchState

__all__ = ["Facts", "current_facts", "day_number"]

TRACKS = tuple(Track.values)
STATUSES = tuple(Status.values)
ROLES = tuple(AssignmentBase.Role.values)
#: No date (the smallest day number, so that "on or after" conditions fail on it).
NO_DATE = int(np.iinfo(np.int32).min)
#: ``recency`` packs the publication second and the page id: one integer orders by both.
PAGE_BITS = 30
#: Rows read from the database at a time while loading.
LOAD_SLICE = 20_000

_COLUMNS = {
    "present": np.bool_,
    "locale": np.int32,
    "visible": np.bool_,
    "kind": np.int8,
    "item": np.int32,
    "track": np.int8,
    "status": np.int8,
    "date": np.int32,
    "fiscal_year": np.int16,
    "occasion": np.int32,
    "agency": np.int32,
    "recency": np.int64,
}
_ASSIGNMENT_COLUMNS = {"item": np.int32, "agency": np.int32, "role": np.int8, "deadline": np.int32, "closed": np.bool_}


def day_number(value: date) -> int:
    """Days since 1970-01-01, as the columns hold dates."""
    return value.toordinal() - date(1970, 1, 1).toordinal()


def _codes(values):
    """Choice values as small integers, 0 for blank or unknown."""
    return {value: code for code, value in enumerate(values, start=1)}


_TRACK_CODES, _STATUS_CODES, _ROLE_CODES = map(_codes, (TRACKS, STATUSES, ROLES))

#: The kinds' codes. Kinds register from their apps (and tests register their own), so a kind gets
#: the next code when first met and keeps it for the life of the process: columns already loaded
#: stay right. Updates and other pages come first.
_KIND_CODES = _codes((SearchDocument.UPDATE, SearchDocument.PAGE))
UPDATE = _KIND_CODES[SearchDocument.UPDATE]
_kind_codes_lock = threading.Lock()


def _kind_code(kind: str) -> int:
    code = _KIND_CODES.get(kind)
    if code is None:
        with _kind_codes_lock:
            code = _KIND_CODES.setdefault(kind, len(_KIND_CODES) + 1)
    return code


def _kinds_in_order() -> tuple[str, ...]:
    """Every kind of document in the facets' order: the registered kinds of item, updates, other pages."""
    return (*(kind.item_type for kind in kinds()), SearchDocument.UPDATE, SearchDocument.PAGE)


def _encoded(values, codes):
    return np.fromiter((codes.get(value, 0) for value in values), np.int8, len(values))


class Facts:
    """The columns, their generation, and the questions public search asks of them."""

    def __init__(self):
        self.epoch = None
        self.generation = 0
        self.entries_seen = 0
        self.size = 0
        for name, dtype in _COLUMNS.items():
            setattr(self, name, np.zeros(0, dtype))
        self.assignments = {name: np.zeros(0, dtype) for name, dtype in _ASSIGNMENT_COLUMNS.items()}
        #: The page id of each index entry (FTS row on SQLite), 0 for other content; and back.
        self.entry_page = np.zeros(0, np.int32)
        self.page_entry = np.zeros(0, np.int32)

    # Loading

    def refresh(self) -> None:
        """Catch up with the database: nothing to read when no document changed since last time."""
        epoch, generation = SearchState.objects.filter(pk=1).values_list("epoch", "generation").first() or (0, 0)
        if epoch != self.epoch or generation < self.generation:
            self.__init__()
            since = -1
        elif generation == self.generation:
            return
        else:
            since = self.generation
        self._load_documents(since)
        self._load_assignments(since)
        self._load_entries()
        self.epoch, self.generation = epoch, generation

    def _load_documents(self, since):
        if connection.vendor == "sqlite":
            day = "CAST(julianday(date) - 2440587.5 AS INTEGER)"
            second = "CAST(strftime('%%s', published_at) AS INTEGER)"
        else:
            day = "(date - DATE '1970-01-01')"
            second = "EXTRACT(EPOCH FROM published_at)::bigint"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT page_id, locale_id, live AND item_public, kind, COALESCE(item_id, 0), track, status, "  # noqa: S608
                f"COALESCE({day}, {NO_DATE}), COALESCE(fiscal_year, 0), COALESCE(occasion_id, 0), "
                f"COALESCE(agency_id, 0), COALESCE({second}, 0) "
                f"FROM {SearchDocument._meta.db_table} WHERE changed > %s",
                [since],
            )
            # In slices: 400 000 rows at once would hold 300 MB of Python tuples.
            while rows := cursor.fetchmany(LOAD_SLICE):
                self._apply_documents(rows)

    def _apply_documents(self, rows):
        (page, locale, visible, kind, item, track, status, day_, year, occasion, agency, second_) = zip(
            *rows, strict=True
        )
        pages = np.array(page, np.int64)
        self._grow(int(pages.max()) + 1)
        self.present[pages] = True
        self.locale[pages] = locale
        self.visible[pages] = np.array(visible, np.bool_)
        self.kind[pages] = np.fromiter((_kind_code(value) for value in kind), np.int8, len(kind))
        self.item[pages] = item
        self.track[pages] = _encoded(track, _TRACK_CODES)
        self.status[pages] = _encoded(status, _STATUS_CODES)
        self.date[pages] = day_
        self.fiscal_year[pages] = year
        self.occasion[pages] = occasion
        self.agency[pages] = agency
        self.recency[pages] = (np.array(second_, np.int64) << PAGE_BITS) | pages

    def _grow(self, size):
        if size <= self.size:
            return
        size = max(size, self.size + self.size // 4)
        for name in _COLUMNS:
            old = getattr(self, name)
            new = np.full(size, NO_DATE, old.dtype) if name == "date" else np.zeros(size, old.dtype)
            new[: self.size] = old
            setattr(self, name, new)
        self.size = size

    def _load_assignments(self, since):
        """The assignments of every item whose document changed: they replace the items' old ones."""
        registered = kinds()
        item_types = tuple(kind.item_type for kind in registered)
        deadline = "CAST(julianday(deadline) - 2440587.5 AS INTEGER)"
        if connection.vendor != "sqlite":
            deadline = "(deadline - DATE '1970-01-01')"
        placeholders = ", ".join(["%s"] * len(item_types))
        changed = f"SELECT page_id FROM {SearchDocument._meta.db_table} WHERE changed > %s AND kind IN ({placeholders})"  # noqa: S608
        assignment_models = [kind.assignment_model for kind in registered]
        parts = [
            f"SELECT page_id, agency_id, role, COALESCE({deadline}, {NO_DATE}), status FROM {model._meta.db_table} "
            f"WHERE page_id IN ({changed})"
            for model in assignment_models
        ]
        current = self.assignments
        if since >= 0:
            with connection.cursor() as cursor:
                cursor.execute(changed, [since, *item_types])
                items = np.array([row[0] for row in cursor.fetchall()], np.int32)
            kept = ~np.isin(current["item"], items)
            current = {name: values[kept] for name, values in current.items()}
        slices = [current]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), [since, *item_types] * len(parts))
            while rows := cursor.fetchmany(LOAD_SLICE):
                item, agency, role, deadline_, status = zip(*rows, strict=True)
                slices.append(
                    {
                        "item": np.array(item, np.int32),
                        "agency": np.array(agency, np.int32),
                        "role": _encoded(role, _ROLE_CODES),
                        "deadline": np.array(deadline_, np.int32),
                        "closed": np.fromiter((value in CLOSED for value in status), np.bool_, len(status)),
                    }
                )
        self.assignments = {name: np.concatenate([part[name] for part in slices]) for name in current}

    def _load_entries(self):
        """New rows of the index (ids only grow: AUTOINCREMENT on SQLite, a sequence on PostgreSQL)."""
        types = ", ".join(str(pk) for pk in get_descendants_content_types_pks(Page))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, CAST(object_id AS INTEGER) FROM wagtailsearch_indexentry "  # noqa: S608
                f"WHERE id > %s AND content_type_id IN ({types})",
                [self.entries_seen],
            )
            while rows := cursor.fetchmany(LOAD_SLICE):
                self._apply_entries(rows)

    def _apply_entries(self, rows):
        entries, pages = (np.array(column, np.int64) for column in zip(*rows, strict=True))
        self.entry_page = _grown(self.entry_page, int(entries.max()) + 1)
        self.entry_page[entries] = pages
        self.page_entry = _grown(self.page_entry, int(pages.max()) + 1)
        self.page_entry[pages] = entries
        self.entries_seen = max(self.entries_seen, int(entries.max()))

    # Questions

    def public(self, locale_id) -> np.ndarray:
        """A mask over page ids: what the public may find in the locale."""
        return self.present & self.visible & (self.locale == locale_id)

    def narrow(
        self,
        mask,
        *,
        kind=None,
        track=None,
        status=None,
        occasion=None,
        date_from=None,
        date_to=None,
        agency=None,
        agency_role=None,
        deadline_from=None,
        deadline_to=None,
        overdue=False,
        items=None,
    ) -> np.ndarray:
        """
        The mask narrowed by the advanced conditions. An update counts for the agency that wrote
        it, an item for each agency assigned to it; the deadline and overdue conditions hold for
        one assignment of the item (the agency's, when one is named); ``items`` are item page ids.
        """
        mask = mask.copy()
        if kind:
            mask &= self.kind == _KIND_CODES.get(kind, -1)
        if track:
            mask &= self.track == _TRACK_CODES.get(track, -1)
        if status:
            mask &= self.status == _STATUS_CODES.get(status, -1)
        if occasion:
            mask &= self.occasion == occasion
        if date_from:
            mask &= self.date >= day_number(date_from)
        if date_to:
            mask &= (self.date <= day_number(date_to)) & (self.date != NO_DATE)
        if agency:
            mask &= (self.kind != UPDATE) | (self.agency == agency)
        if agency or deadline_from or deadline_to or overdue:
            rows = self._assignment_rows(agency, agency_role, deadline_from, deadline_to, overdue)
            mask &= self._of_items(self.assignments["item"][rows])
        if items is not None:
            mask &= self._of_items(np.asarray(items, np.int64))
        return mask

    def _assignment_rows(self, agency, role, deadline_from, deadline_to, overdue):
        a = self.assignments
        rows = np.ones(len(a["item"]), np.bool_)
        if agency:
            rows &= a["agency"] == agency
            if role:
                rows &= a["role"] == _ROLE_CODES.get(role, -1)
        if deadline_from:
            rows &= a["deadline"] >= day_number(deadline_from)
        if deadline_to:
            rows &= (a["deadline"] <= day_number(deadline_to)) & (a["deadline"] != NO_DATE)
        if overdue:
            rows &= (a["deadline"] < day_number(timezone.localdate())) & (a["deadline"] != NO_DATE) & ~a["closed"]
        return rows

    def _of_items(self, items) -> np.ndarray:
        """A mask of the pages whose item is one of ``items``."""
        flags = np.zeros(self.size, np.bool_)
        flags[items[(items > 0) & (items < self.size)]] = True
        return flags[self.item]

    def allowed(self, pages, mask) -> np.ndarray:
        """Which of the page ids (from a text match; 0 for other content) the mask lets through."""
        allowed = (pages > 0) & (pages < self.size)
        allowed[allowed] = mask[pages[allowed]]
        return allowed

    def pages_of_entries(self, entries) -> np.ndarray:
        """SQLite: the page ids of FTS rows, 0 for rows of other content or not loaded yet."""
        entries = np.asarray(entries, np.int64)
        pages = np.zeros(len(entries), np.int64)
        known = entries < len(self.entry_page)
        pages[known] = self.entry_page[entries[known]]
        return pages

    def facets(self, ids) -> dict:
        """
        Counts of the pages by type, track, status, fiscal year and agency (ids): an item counts
        for every agency assigned to it, an update for the agency that wrote it.
        """
        types = self.kind[ids]
        years, year_counts = np.unique(self.fiscal_year[ids], return_counts=True)
        updates = ids[types == UPDATE]
        agencies = np.bincount(self.agency[updates], minlength=1).astype(np.int64)
        items = self.item[ids[types != UPDATE]]
        per_item = np.bincount(items[items > 0], minlength=self.size)
        assigned = self.assignments
        known = assigned["item"] < len(per_item)
        weights = np.zeros(len(known), np.int64)
        weights[known] = per_item[assigned["item"][known]]
        by_assignment = np.bincount(assigned["agency"], weights=weights, minlength=1).astype(np.int64)
        size = max(len(agencies), len(by_assignment))
        agencies = np.pad(agencies, (0, size - len(agencies))) + np.pad(by_assignment, (0, size - len(by_assignment)))
        return {
            "type": _counted(types, _kinds_in_order(), _KIND_CODES),
            "track": _counted(self.track[ids], TRACKS, _TRACK_CODES),
            "status": _counted(self.status[ids], STATUSES, _STATUS_CODES),
            "fiscal_year": {int(y): int(n) for y, n in zip(years, year_counts, strict=True) if y},
            "agency": {int(pk): int(agencies[pk]) for pk in np.flatnonzero(agencies) if pk},
        }

    def ordered(self, ids, order, offset, limit) -> list[int]:
        """Page ids by publication, newest (or ``order == "oldest"``: oldest) first."""
        keys = self.recency[ids] if order == "oldest" else -self.recency[ids]
        return [int(pk) for pk in ids[_top(keys, offset + limit)][offset:]]

    def ranked(self, tiers, offset, limit) -> list[int]:
        """
        Page ids tier by tier, best first: ``tiers`` are (ids, scores) pairs, higher scores first
        (ties: the newest page), or (ids, None) to order a tier by publication.
        """
        found, wanted = [], offset + limit
        for ids, scores in tiers:
            if len(found) >= wanted:
                break
            recency = self.recency[ids]
            if scores is None:
                best = ids[_top(-recency, wanted - len(found))]
            else:
                # Scores first, the newest among equal scores: lexsort takes its last key first.
                best = ids[np.lexsort((-recency, -np.asarray(scores)))][: wanted - len(found)]
            found.extend(int(pk) for pk in best)
        return found[offset:wanted]


def _grown(array, size) -> np.ndarray:
    """The array, or a copy with room for ``size`` items (a quarter more at least), zero-filled."""
    if size <= len(array):
        return array
    grown = np.zeros(max(size, len(array) + len(array) // 4), array.dtype)
    grown[: len(array)] = array
    return grown


def _counted(codes, values, coded) -> dict:
    """How many of ``codes`` stand for each of ``values`` (in their order; ``coded``: a value's code)."""
    counts = np.bincount(codes, minlength=max(coded.values(), default=0) + 1)
    return {value: int(counts[code]) for value in values if (code := coded.get(value)) and counts[code]}


def _top(keys, count) -> np.ndarray:
    """Positions of the ``count`` smallest keys, in order."""
    if count < len(keys):
        positions = np.argpartition(keys, count - 1)[:count]
        return positions[np.argsort(keys[positions], kind="stable")]
    return np.argsort(keys, kind="stable")


_shared = Facts()
_lock = threading.Lock()


@contextmanager
def current_facts():
    """The facts, up to date, for the length of one search."""
    if connection.in_atomic_block:
        facts = Facts()
        facts.refresh()
        yield facts
        return
    with _lock:
        _shared.refresh()
        yield _shared
