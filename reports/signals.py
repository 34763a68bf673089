"""
An executive summary's figures are frozen the moment it is first published; bulk-written pages have
their reporting facts written as they go, and the tables the facts watch have their triggers after
every migrate (``reports.facts``, ``reports.triggers``).
"""

from django.apps import apps
from django.db import connections
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from wagtail.signals import page_published

from core.bulk import pages_inserted

from .facts import facts_flush
from .models import ExecutiveSummaryPage
from .services import summary_freeze
from .triggers import triggers_ensure


@receiver(page_published, sender=ExecutiveSummaryPage)
def freeze_on_first_publication(sender, instance, **kwargs):
    summary_freeze(page=instance)


@receiver(pages_inserted)
def facts_after_bulk_insert(sender, **kwargs):
    """Bulk writers flush the facts batch by batch, so that no reader pays for a whole import."""
    facts_flush()


@receiver(post_migrate, sender=apps.get_app_config("reports"))
def facts_triggers_after_migrate(sender, using, **kwargs):
    """Every watched table has its triggers, whichever migrations made it (``reports.triggers``)."""
    triggers_ensure(connections[using])
