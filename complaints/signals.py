"""
Keep a complaint's stage current as it and the agencies' replies are published or withdrawn; erase
complainants' personal data again after a restore brought it back.
"""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from security.erasures import erasures_reapply
from updates.models import ProgressUpdatePage

from .models import ComplaintPage
from .services import ERASURE_SUBJECT, complainants_erase_again, complaint_refresh_stage


@receiver(page_published)
@receiver(page_unpublished)
def refresh_stage_on_publication(sender, instance, **kwargs):
    if isinstance(instance, ProgressUpdatePage):
        parent = instance.get_parent().specific
        if isinstance(parent, ComplaintPage):
            complaint_refresh_stage(complaint=parent)
    elif isinstance(instance, ComplaintPage):
        complaint_refresh_stage(complaint=instance)


@receiver(erasures_reapply)
def erase_complainants_again(sender, using, entries, **kwargs):
    ids = sorted({int(entry["key"]) for entry in entries if entry["subject"] == ERASURE_SUBJECT})
    return complainants_erase_again(complaint_ids=ids, using=using)
