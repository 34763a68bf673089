"""
Writing many Wagtail pages in one transaction with a few INSERTs, instead of ``add_child`` and
``save_revision`` page by page (3-9 pages/s, see PEER.md). Shared by the demo's ``--scale`` generator
and the importers.

The caller builds unsaved pages with primary keys and tree positions handed out by ``BulkIds`` and
their child objects set in memory; ``page_history`` gives each page the revision, audit-log entries
and reference-index rows Wagtail would have recorded, and ``pages_insert`` and ``pages_index`` write
the rows and the search index entries. Foreign keys are checked at commit on SQLite and PostgreSQL,
so pages may point at revisions written after them.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection
from django.db.models import F, Max
from django.dispatch import Signal
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

__all__ = ["BulkIds", "BulkPageError", "new_page", "page_history", "pages_index", "pages_insert", "rows_insert"]


class BulkPageError(Exception):
    """A page cannot be placed where it was asked to go."""


def _segment(number: int) -> str:
    """One treebeard path step: ``number`` in base 36, zero-padded to the step length."""
    alphabet, steplen = Page.alphabet, Page.steplen
    digits = ""
    while number:
        number, rest = divmod(number, len(alphabet))
        digits = alphabet[rest] + digits
    if len(digits) > steplen:
        raise BulkPageError("A parent page has no room for more children.")
    return digits.rjust(steplen, alphabet[0])


def rows_insert(model, objects, fields=None):
    """INSERT rows for ``objects`` into ``model``'s own table only (its parents are written separately)."""
    if not objects:
        return
    fields = fields or model._meta.local_concrete_fields
    batch = max(1, connection.ops.bulk_batch_size(fields, objects))
    for start in range(0, len(objects), batch):
        model._base_manager._insert(objects[start : start + batch], fields=fields, using=connection.alias)


class BulkIds:
    """
    Hands out primary keys and tree positions for one batch, read inside the batch's transaction, so
    that pages, their revisions and their child objects can point at each other before any of them
    is written. ``models`` are those whose keys are handed out (pages and revisions always).
    """

    def __init__(self, models=()):
        self.models = [Page, Revision, *models]
        self._next = {model: (model._base_manager.aggregate(top=Max("pk"))["top"] or 0) + 1 for model in self.models}
        self._children = {}

    def take(self, model) -> int:
        value = self._next[model]
        self._next[model] = value + 1
        return value

    def note_childless(self, page_id: int):
        """A page made in this batch has no children yet: no need to look them up."""
        self._children[page_id] = 0

    def child_path(self, parent) -> str:
        """The path of a new last child of ``parent`` (whose ``numchild`` ``pages_insert`` updates)."""
        if parent.pk not in self._children:
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            # Treebeard's alphabet is base 36's digits.
            self._children[parent.pk] = int(last[-Page.steplen :], 36) if last else 0
        self._children[parent.pk] += 1
        return parent.path + _segment(self._children[parent.pk])

    def reset_sequences(self):
        """Explicit keys leave PostgreSQL's sequences behind; SQLite's AUTOINCREMENT follows by itself."""
        statements = connection.ops.sequence_reset_sql(no_style(), self.models)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


def new_page(model, *, ids: BulkIds, parent, slug: str, title: str, locale_id: int, **fields):
    """An unsaved page of ``model`` as the last child of ``parent``, with its key and tree position."""
    page_id = ids.take(Page)
    ids.note_childless(page_id)
    return model(
        id=page_id,
        page_ptr_id=page_id,
        path=ids.child_path(parent),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        slug=slug,
        title=title,
        draft_title=title,
        content_type_id=ContentType.objects.get_for_model(model).pk,
        locale_id=locale_id,
        translation_key=fields.pop("translation_key", None) or uuid.uuid4(),
        **fields,
    )


def page_history(page, *, ids: BulkIds, at, user_id, actions, log_data=None):
    """
    The page's one revision (its current content), its audit-log entries and its references, as
    Wagtail records them. ``actions`` are ``(action, with_revision)`` pairs in the order they
    happened, e.g. ``add_child`` + ``save_revision(log_action=True)`` + ``publish()`` logs
    ``("wagtail.create", False), ("wagtail.edit", True), ("wagtail.publish", True)``;
    ``log_data`` gives some actions their data. Child relations must be set on the page in memory.
    """
    page_type = ContentType.objects.get_for_model(Page)
    revision = Revision(
        id=ids.take(Revision),
        content_type_id=page.content_type_id,
        base_content_type_id=page_type.pk,
        object_id=str(page.pk),
        created_at=at,
        user_id=user_id,
        object_str=page.title,
        content=page.serializable_data(),
    )
    page.latest_revision_id = revision.id
    page.latest_revision_created_at = at
    if page.live:
        page.live_revision_id = revision.id
    log_data = log_data or {}
    logs = [
        PageLogEntry(
            content_type_id=page.content_type_id,
            label=page.title,
            action=action,
            data=log_data.get(action, {}),
            timestamp=at,
            user_id=user_id,
            page_id=page.pk,
            revision_id=revision.id if with_revision else None,
            content_changed=action != "wagtail.copy_for_translation",
        )
        for action, with_revision in actions
    ]
    # What ReferenceIndex.create_or_update_for_object() would record after a save.
    references = [
        ReferenceIndex(
            content_type_id=page.content_type_id,
            base_content_type_id=page_type.pk,
            object_id=str(page.pk),
            to_content_type_id=to_type,
            to_object_id=to_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for to_type, to_id, model_path, content_path in set(ReferenceIndex._extract_references_from_object(page))
    ]
    return revision, logs, references


#: Sent by ``pages_insert`` once the pages and their children are written, with ``pages_by_model``:
#: what Django's ``post_save`` would have told of each of them (``reports`` keeps its facts so).
pages_inserted = Signal()


def pages_insert(pages_by_model, *, revisions, logs, references, children=()):
    """
    Write pages (``{specific model: [pages]}``, each a direct subclass of ``Page``), their revisions,
    log entries and references, and child objects (``{model: [objects]}``), and count the new
    children of their parents.
    """
    pages = [page for pages in pages_by_model.values() for page in pages]
    in_batch = {page.path: page for page in pages}
    added = {}
    for page in pages:
        parent_path = page.path[: -Page.steplen]
        if parent_path in in_batch:
            in_batch[parent_path].numchild += 1
        else:
            added[parent_path] = added.get(parent_path, 0) + 1
    rows_insert(Page, pages, Page._meta.local_concrete_fields)
    for model, model_pages in pages_by_model.items():
        rows_insert(model, model_pages)
    Revision.objects.bulk_create(revisions, batch_size=500)
    for model, objects in dict(children).items():
        model.objects.bulk_create(objects, batch_size=1000)
    PageLogEntry.objects.bulk_create(logs, batch_size=1000)
    ReferenceIndex.objects.bulk_create(references, batch_size=1000)
    for parent_path, count in added.items():
        Page.objects.filter(path=parent_path).update(numchild=F("numchild") + count)
    pages_inserted.send(sender=pages_insert, pages_by_model=pages_by_model)


def pages_index(pages_by_model):
    """Add the pages to every search backend that updates automatically (and so their search documents)."""
    for backend in get_search_backends(with_auto_update=True):
        for model, pages in pages_by_model.items():
            backend.add_bulk(model, pages)
