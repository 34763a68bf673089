"""
The public page cache follows the one publication step (``core.publication``): after a commit that
changed pages, the cached pages that show them are rendered again.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page

from agencies.models import Agency
from core.cache import SITE_TAG, tags_invalidate
from core.publication import everything_changed, pages_changed

from .cache import publication_tags

#: Past this many pages in one commit (an import), finding what shows each costs more than
#: rendering every page again.
PAGES_TRACKED_ONE_BY_ONE = 200


@receiver(pages_changed)
def invalidate_pages_showing(sender, page_ids, everything, **kwargs):
    if everything or len(page_ids) > PAGES_TRACKED_ONE_BY_ONE:
        tags_invalidate([SITE_TAG])
        return
    tags = set()
    for page in Page.objects.filter(pk__in=page_ids).specific():
        tags.update(publication_tags(page))
    tags_invalidate(tags)


@receiver(post_save, sender=Agency)
@receiver(post_delete, sender=Agency)
def invalidate_everything_on_names(sender, instance, **kwargs):
    """Agencies' names are on many pages, and change rarely: all are rendered again, after the commit."""
    everything_changed()
