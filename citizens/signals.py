"""
Publications that the citizens following an item hear of: a published item, or a progress update
published under it (followers of the update's agency hear of that too). Events muted for the demo
loader (``notifications.signals.muted``) stay muted here.
"""

from wagtail.models import Locale
from wagtail.signals import page_published

from core.models import TrackedItemPage
from notifications.signals import is_muted
from updates.models import ProgressUpdatePage

from .services import followers_tell


def on_page_published(sender, instance, revision=None, **kwargs):
    """Tell the followers of the published item, or of the item and agency of a published update."""
    if is_muted() or instance.locale_id != Locale.get_default().pk:
        return
    key = f"item_changed:{revision.pk if revision else instance.live_revision_id}"
    if isinstance(instance, ProgressUpdatePage):
        followers_tell(page=instance.get_parent().specific, agency=instance.agency, key=key)
    elif isinstance(instance, TrackedItemPage):
        followers_tell(page=instance, key=key)


def connect():
    """Connect the receiver."""
    page_published.connect(on_page_published, dispatch_uid="pm1_followers_notification")
