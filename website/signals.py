"""Publishing or unpublishing a page invalidates the cached pages that show it (``website.cache``)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from agencies.models import Agency
from directives.models import Occasion

from .cache import SITE_TAG, publication_tags, tags_invalidate


@receiver(page_published)
@receiver(page_unpublished)
def invalidate_pages_showing(sender, instance, **kwargs):
    tags_invalidate(publication_tags(instance.specific))


@receiver(post_save, sender=Agency)
@receiver(post_delete, sender=Agency)
@receiver(post_save, sender=Occasion)
@receiver(post_delete, sender=Occasion)
def invalidate_everything_on_names(sender, instance, **kwargs):
    """Agencies' and occasions' names are on many pages, and change rarely: all are rendered again."""
    tags_invalidate([SITE_TAG])


@receiver(post_delete)
def invalidate_everything_on_page_deletion(sender, instance, **kwargs):
    """A deleted page may be shown anywhere (its parent, listings, feeds) and its parent may be gone."""
    if isinstance(instance, Page):
        tags_invalidate([SITE_TAG])
