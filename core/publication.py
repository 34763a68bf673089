"""
The one publication step: whatever changes what the public sees is told, once, after it commits.

Every way of changing the public site (the admin, the API, a moderation step, an importer, a
background task, cron, a shell) ends in one of the signals Wagtail and Django send from the models
themselves: ``page_published``, ``page_unpublished``, ``post_page_move``, a page's ``post_delete``,
a view restriction saved or deleted, ``core.bulk.pages_inserted`` for bulk writes, and a change to a
model whose rows the kinds' pages show (``Kind.shown_models``; other apps call ``everything_changed``).
The receivers here only note what changed in the current transaction; when it commits,
``pages_changed`` is sent once with all of it, in the process that made the change. Its receivers
(the public page cache) therefore act on committed data: a reader that rendered the old page while
the transaction ran stores it before they act, and they make it stale. Nothing is sent for a
transaction that rolls back.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .bulk import pages_inserted
from .kinds import kinds

__all__ = ["everything_changed", "pages_changed", "pages_changed_note"]

#: Sent after the commit of a transaction that changed what the public sees, with ``page_ids`` (the
#: pages published, unpublished or written in bulk) and ``everything`` (something many pages show
#: changed, or pages moved or were deleted: every public page may be out of date). Receivers read the
#: pages from the database as committed; a page noted in a savepoint that rolled back may be among
#: the ids, or be gone.
pages_changed = Signal()


class _Batch:
    """What one transaction changed, sent once when it commits."""

    def __init__(self):
        self.page_ids = set()
        self.everything = False
        self.sent = False

    def send(self):
        # Each change put off a call; the first one run after the commit sends them all.
        if self.sent:
            return
        self.sent = True
        pages_changed.send(sender=Page, page_ids=frozenset(self.page_ids), everything=self.everything)


def _note(page_ids=(), *, everything=False) -> None:
    """Add to the current transaction's batch, whose sending is put off until it commits."""
    connection = transaction.get_connection()
    batch = getattr(connection, "_pm1_publication", None)
    # A batch none of whose calls is left among the connection's commit callbacks was sent, or
    # belongs to a transaction that rolled back (Django drops a rolled-back block's callbacks).
    if batch is None or batch.sent or not any(entry[1] == batch.send for entry in connection.run_on_commit):
        batch = _Batch()
        connection._pm1_publication = batch
    batch.page_ids.update(page_ids)
    batch.everything |= everything
    # One call per change, so that the batch is sent even if the savepoint of its first change rolls
    # back. Outside a transaction it is sent at once, and the next change makes a new batch.
    transaction.on_commit(batch.send)


def pages_changed_note(pages) -> None:
    """``pages`` changed what the public sees: they are in the next ``pages_changed``."""
    _note(page.pk for page in pages)


def everything_changed() -> None:
    """Something many public pages show changed (a name, the tree): the next ``pages_changed`` says so."""
    _note(everything=True)


@receiver(page_published)
@receiver(page_unpublished)
def note_publication(sender, instance, **kwargs):
    pages_changed_note([instance])


@receiver(pages_inserted)
def note_bulk_pages(sender, pages_by_model, **kwargs):
    pages_changed_note(page for pages in pages_by_model.values() for page in pages)


@receiver(post_page_move)
def note_move(sender, instance, **kwargs):
    """A move changes the addresses of the page and of everything below it, wherever they are shown."""
    everything_changed()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def note_restriction(sender, instance, **kwargs):
    """A restricted page and everything below it leave the public site (or come back)."""
    everything_changed()


def _shown(model) -> bool:
    return any(issubclass(model, shown) for kind in kinds() for shown in kind.shown_models)


@receiver(post_save)
def note_shown_rows(sender, instance, **kwargs):
    """A row the kinds' pages show (an occasion) is shown on many pages."""
    if _shown(sender):
        everything_changed()


@receiver(post_delete)
def note_deletion(sender, instance, **kwargs):
    """A deleted page may be shown anywhere (its parent, listings, feeds), and its parent may be gone."""
    if isinstance(instance, Page) or _shown(sender):
        everything_changed()
