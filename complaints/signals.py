"""Keep a complaint's stage current as it and the agencies' replies are published or withdrawn."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from updates.models import ProgressUpdatePage

from .models import ComplaintPage
from .services import complaint_refresh_stage


@receiver(page_published)
@receiver(page_unpublished)
def refresh_stage_on_publication(sender, instance, **kwargs):
    if isinstance(instance, ProgressUpdatePage):
        parent = instance.get_parent().specific
        if isinstance(parent, ComplaintPage):
            complaint_refresh_stage(complaint=parent)
    elif isinstance(instance, ComplaintPage):
        complaint_refresh_stage(complaint=instance)
