"""
The reporting facts (``ItemFact``, ``AssignmentFact``, ``UpdateFact``): what the figures of
``reports.selectors`` count, kept in narrow tables beside the pages. Every figure would otherwise join
the items and their assignments to the page table, which holds every progress update as well (a
million rows at the scale the PMO works at): measured, that join alone kept most figures over 200 ms.

The facts are derived data and never go stale unseen. Database triggers (``reports.triggers``) mark
every page whose facts a change touches (``StaleFacts``), whatever makes the change: a save, a
queryset ``update()``, a bulk insert, SQL. ``facts_flush`` writes the marked pages' facts again from
the pages; the figures call it before they count, and bulk writers (``core.bulk.pages_insert``) as
they go, so that no reader pays for a whole import. ``manage.py rebuild_reporting_facts`` writes
them all again (as Wagtail's ``update_index`` does for search).
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from wagtail.models import Locale, Page, WorkflowState

from core.choices import Visibility
from core.kinds import kind_of, kinds
from updates.models import ProgressUpdatePage

from .models import AssignmentFact, ItemFact, StaleFacts, UpdateFact

#: Items and updates written per round of queries when facts are rebuilt.
CHUNK = 2000


def declares_field(model, name: str) -> bool:
    """Does the kind declare this field itself (not a reverse relation from another model)?"""
    return any(f.name == name for f in model._meta.get_fields() if not f.auto_created)


@transaction.atomic
def facts_refresh_items(model, ids) -> None:
    """Write the facts of these items of one kind (a tracked item model) again from their pages."""
    ids = list(ids)
    ItemFact.objects.filter(item_id__in=ids).delete()
    fields = ["pk", "status", "visibility", "date_precision", model.start_date_field]
    has_track, has_end, has_occasion = (declares_field(model, name) for name in ("track", "period_end", "occasion"))
    default_track = kind_of(model).default_track
    fields += ["track"] * has_track + ["period_end"] * has_end + ["occasion_id"] * has_occasion
    rows = model.objects.filter(pk__in=ids, live=True, locale=Locale.get_default()).values(*fields)
    items = {
        row["pk"]: {
            "kind": model.item_type,
            "track": row["track"] if has_track else default_track,
            "start": row[model.start_date_field],
            "start_precision": row["date_precision"],
            "end": row["period_end"] if has_end else None,
            "occasion_id": row["occasion_id"] if has_occasion else None,
            "public": row["visibility"] == Visibility.PUBLIC,
            "status": row["status"],
        }
        for row in rows
    }
    ItemFact.objects.bulk_create(ItemFact(item_id=pk, **fields) for pk, fields in items.items())
    assignments = model._meta.get_field("assignments").related_model.objects.filter(page__in=list(items))
    AssignmentFact.objects.bulk_create(
        AssignmentFact(
            **(items[page_id] | {"status": status}),
            item_id=page_id,
            assignment=pk,
            agency_id=agency,
            deadline=deadline,
            completed_on=done,
        )
        for pk, page_id, agency, status, deadline, done in assignments.values_list(
            "pk", "page_id", "agency_id", "status", "deadline", "completed_on"
        )
    )


@transaction.atomic
def facts_refresh_updates(ids) -> None:
    """
    Write the facts of these progress updates again: an update counts once it has been sent to
    moderation (it has a workflow state) or published, now or before. Updates arrive in bursts (an
    agency's system, an import), so this is two statements in the database rather than a row at a time.
    """
    ids = list(ids)
    if not ids:
        return
    marks = ", ".join(["%s"] * len(ids))
    facts, updates = UpdateFact._meta.db_table, ProgressUpdatePage._meta.db_table
    pages, states = Page._meta.db_table, WorkflowState._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {facts} WHERE update_id IN ({marks})", ids)
        # An update is a child of its item: the item's path is the update's less one step.
        cursor.execute(
            f"""INSERT INTO {facts} (update_id, item_id, agency_id, period_start, period_end)
            SELECT update_.page_ptr_id, item.id, update_.agency_id, update_.period_start, update_.period_end
            FROM {updates} update_
            JOIN {pages} page ON page.id = update_.page_ptr_id
            JOIN {pages} item ON item.path = SUBSTR(page.path, 1, LENGTH(page.path) - %s)
            WHERE update_.page_ptr_id IN ({marks})
            AND (page.live OR page.first_published_at IS NOT NULL OR EXISTS (
                SELECT 1 FROM {states} state
                WHERE state.base_content_type_id = %s AND state.object_id = CAST(page.id AS VARCHAR(255))
            ))""",
            [ProgressUpdatePage.steplen, *ids, ContentType.objects.get_for_model(Page).pk],
        )


def facts_flush() -> int:
    """
    Write the facts of every page marked stale again, and unmark them, in one transaction: a flush
    running at the same time waits, then finds nothing left to do. Returns how many pages it wrote.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {StaleFacts._meta.db_table} RETURNING page")
            ids = [page for (page,) in cursor.fetchall()]
        _refresh_pages(ids)
    return len(ids)


def _refresh_pages(ids) -> None:
    item_models = {kind.model for kind in kinds()}
    by_model = defaultdict(list)
    found = set()
    for start in range(0, len(ids), CHUNK):
        for pk, content_type in Page.objects.filter(pk__in=ids[start : start + CHUNK]).values_list(
            "pk", "content_type_id"
        ):
            found.add(pk)
            by_model[ContentType.objects.get_for_id(content_type).model_class()].append(pk)
    gone = set(ids) - found
    ItemFact.objects.filter(item_id__in=gone).delete()
    UpdateFact.objects.filter(update_id__in=gone).delete()
    for model, pks in by_model.items():
        for start in range(0, len(pks), CHUNK):
            if model is not None and issubclass(model, ProgressUpdatePage):
                facts_refresh_updates(pks[start : start + CHUNK])
            elif model in item_models:
                facts_refresh_items(model, pks[start : start + CHUNK])


def facts_rebuild(*, progress=None) -> dict:
    """
    Write every fact again from the pages, ``CHUNK`` pages at a time; ``progress(done, total)`` is
    called after each. Returns how many facts of each sort there are.
    """
    StaleFacts.objects.all().delete()
    ItemFact.objects.all().delete()
    UpdateFact.objects.all().delete()
    chunks = [(kind.model, kind.model.objects.values_list("pk", flat=True)) for kind in kinds()]
    chunks.append((ProgressUpdatePage, ProgressUpdatePage.objects.values_list("pk", flat=True)))
    total = sum(ids.count() for _model, ids in chunks)
    done = 0
    for model, ids in chunks:
        ids = list(ids.order_by("pk"))
        for start in range(0, len(ids), CHUNK):
            if model is ProgressUpdatePage:
                facts_refresh_updates(ids[start : start + CHUNK])
            else:
                facts_refresh_items(model, ids[start : start + CHUNK])
            done += len(ids[start : start + CHUNK])
            if progress is not None:
                progress(done, total)
    return {
        "items": ItemFact.objects.count(),
        "assignments": AssignmentFact.objects.count(),
        "updates": UpdateFact.objects.count(),
    }
