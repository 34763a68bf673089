"""An executive summary's figures are frozen the moment it is first published."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import ExecutiveSummaryPage
from .services import summary_freeze


@receiver(page_published, sender=ExecutiveSummaryPage)
def freeze_on_first_publication(sender, instance, **kwargs):
    summary_freeze(page=instance)
