"""Publishing or unpublishing a page invalidates the cached pages that show it (``website.cache``)."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .cache import publication_tags, tags_invalidate


@receiver(page_published)
@receiver(page_unpublished)
def invalidate_pages_showing(sender, instance, **kwargs):
    tags_invalidate(publication_tags(instance.specific))
