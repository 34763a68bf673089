from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import post_page_move

from updates.services import statuses_refreshed

from .documents import documents_deleted, documents_refresh, documents_refresh_below
from .models import SearchDocument


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def refresh_documents_on_restriction(sender, instance, **kwargs):
    """A restricted page and everything below it leave public search (or come back)."""
    documents_refresh_below(instance.page)


@receiver(post_page_move)
def refresh_documents_on_move(sender, instance, **kwargs):
    """A moved item's updates, or an update moved under another item, take their new item's facts."""
    documents_refresh_below(instance)


@receiver(statuses_refreshed)
def refresh_documents_on_statuses(sender, items, **kwargs):
    """Search keeps an item's status and its assignments' (for "overdue") in its documents."""
    documents_refresh(items)


@receiver(post_delete, sender=SearchDocument)
def forget_deleted_documents(sender, instance, **kwargs):
    """Processes that hold the documents in memory load them again (``search.facts``)."""
    documents_deleted()
