"""
Keeping ``SearchDocument`` rows in step with pages. The database search index calls
``documents_refresh`` whenever it indexes pages (publish, unpublish, edit, ``update_index``);
status roll-ups and view restrictions, which change pages without indexing them, call it too.
"""

import secrets
from collections import defaultdict

from django.db import connection, transaction
from wagtail.models import Page, PageViewRestriction

from core.choices import Visibility
from core.kinds import kind_of
from core.thai import fiscal_year
from updates.models import ProgressUpdatePage

from .models import SearchDocument, SearchState

__all__ = ["documents_deleted", "documents_refresh", "documents_refresh_below", "next_generation"]

_STATE = SearchState._meta.db_table


def next_generation() -> int:
    """
    Count one more change of the documents, in the caller's transaction: the row stays locked
    until it commits, so generations become visible in the order they were taken.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_STATE} (id, generation, epoch) VALUES (1, 1, %s) "  # noqa: S608 (our table's name)
            f"ON CONFLICT (id) DO UPDATE SET generation = {_STATE}.generation + 1 RETURNING generation",
            [_new_epoch()],
        )
        return cursor.fetchone()[0]


def documents_deleted() -> None:
    """Documents were deleted: readers must load them all again, which a new epoch tells them."""
    epoch = _new_epoch()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_STATE} (id, generation, epoch) VALUES (1, 0, %s) "  # noqa: S608 (our table's name)
            "ON CONFLICT (id) DO UPDATE SET epoch = %s",
            [epoch, epoch],
        )


def _new_epoch() -> int:
    return secrets.randbits(62)


def _kind(page):
    kind = kind_of(page)
    if kind is not None:
        return kind.item_type
    if isinstance(page, ProgressUpdatePage):
        return SearchDocument.UPDATE
    return SearchDocument.PAGE


def is_item_kind(kind: str) -> bool:
    """Is a document of this kind a tracked item: its own item, with a visibility of its own?"""
    return kind not in (SearchDocument.UPDATE, SearchDocument.PAGE)


def _track(item) -> str:
    kind = kind_of(item) if item is not None else None
    return kind.track_of(item) if kind is not None else ""


def _restricted_paths():
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


# The date conditions and the fiscal-year facet use: an item's start (issued, received, period
# start…), an update's period end.
_DATE_FIELDS = {SearchDocument.UPDATE: "period_end"}


def _document(page, kind, item, restricted):
    live = page.live and not any(page.path.startswith(path) for path in restricted)
    item_public = kind == SearchDocument.PAGE or _is_public_item(item)
    date = page.start_date if is_item_kind(kind) else getattr(page, _DATE_FIELDS.get(kind, ""), None)
    source = item if kind == SearchDocument.UPDATE else page
    return SearchDocument(
        page_id=page.pk,
        locale_id=page.locale_id,
        live=live,
        item_public=item_public,
        kind=kind,
        item_id=item.pk if item is not None else None,
        track=_track(source),
        status=getattr(page, "status_claim", "") if kind == SearchDocument.UPDATE else getattr(page, "status", ""),
        date=date,
        # A year alone straddles two fiscal years: such an item is in none (as in the reports).
        fiscal_year=fiscal_year(date) if date and getattr(page, "date_precision", "day") != "year" else None,
        occasion_id=getattr(source, "occasion_id", None),
        agency_id=getattr(page, "agency_id", None),
        published_at=page.last_published_at,
    )


def documents_refresh(pages) -> None:
    """Write the search documents of ``pages`` (specific instances), and of the updates below items."""
    pages = [page for page in pages if page.pk and page.depth > 1]
    if not pages:
        return
    restricted = _restricted_paths()
    parents = _parents_of_updates(pages)
    documents = []
    for page in pages:
        kind = _kind(page)
        item = parents.get(page.pk) if kind == SearchDocument.UPDATE else None
        if is_item_kind(kind):
            item = page
        documents.append(_document(page, kind, item, restricted))
    with transaction.atomic():
        generation = next_generation()
        for document in documents:
            document.changed = generation
        SearchDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=[f.name for f in SearchDocument._meta.concrete_fields if not f.primary_key],
        )
        items = [page for page in pages if is_item_kind(_kind(page))]
        if items:
            _refresh_updates_below(items, generation)


def documents_refresh_below(page) -> None:
    """Refresh ``page`` and every page below it (a view restriction or a move changed them)."""
    descendants = Page.objects.filter(path__startswith=page.path).specific()
    for start in range(0, len(descendants), 500):
        documents_refresh(descendants[start : start + 500])


def _parents_of_updates(pages):
    steplen = ProgressUpdatePage.steplen
    paths = {page.pk: page.path[:-steplen] for page in pages if isinstance(page, ProgressUpdatePage)}
    if not paths:
        return {}
    parents = {parent.path: parent for parent in Page.objects.filter(path__in=set(paths.values())).specific()}
    return {pk: parents.get(path) for pk, path in paths.items()}


def _is_public_item(item) -> bool:
    return item is not None and item.live and getattr(item, "visibility", None) == Visibility.PUBLIC


def _refresh_updates_below(items, generation):
    """An item's visibility, track or occasion changed: its progress updates' documents follow."""
    groups = defaultdict(list)
    for item in items:
        track = _track(item)
        groups[(_is_public_item(item), track, getattr(item, "occasion_id", None))].append(item.pk)
    for (item_public, track, occasion), ids in groups.items():
        for start in range(0, len(ids), 500):
            SearchDocument.objects.filter(kind=SearchDocument.UPDATE, item__in=ids[start : start + 500]).update(
                item_public=item_public, track=track, occasion=occasion, changed=generation
            )
