"""Keep derived statuses current when updates or items are published, unpublished or deleted."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from core.models import TrackedItemPage

from .models import ProgressUpdatePage
from .services import item_refresh_status


@receiver(page_published)
@receiver(page_unpublished)
def refresh_status_on_publication(sender, instance, **kwargs):
    if isinstance(instance, ProgressUpdatePage):
        item_refresh_status(item=instance.get_parent().specific)
    elif isinstance(instance, TrackedItemPage):
        # A published revision carries the assignment statuses it was saved with: derive them again.
        item_refresh_status(item=instance)


@receiver(post_delete, sender=ProgressUpdatePage)
def refresh_status_on_delete(sender, instance, **kwargs):
    # The parent may be going too, when a whole item is deleted.
    parent = Page.objects.filter(path=instance.path[: -instance.steplen]).specific().first()
    if isinstance(parent, TrackedItemPage):
        item_refresh_status(item=parent)
