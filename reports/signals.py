"""
An executive summary's figures are frozen the moment it is first published; bulk-written pages have
their reporting facts written as they go (``reports.facts``).
"""

from django.dispatch import receiver
from wagtail.signals import page_published

from core.bulk import pages_inserted

from .facts import facts_flush
from .models import ExecutiveSummaryPage
from .services import summary_freeze


@receiver(page_published, sender=ExecutiveSummaryPage)
def freeze_on_first_publication(sender, instance, **kwargs):
    summary_freeze(page=instance)


@receiver(pages_inserted)
def facts_after_bulk_insert(sender, **kwargs):
    """Bulk writers flush the facts batch by batch, so that no reader pays for a whole import."""
    facts_flush()
