from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="tasks")
class ModerationSettings(BaseGenericSetting):
    """
    Which workflow moderates which kind of page. Progress updates need two levels (agency approver,
    then PMO); directives and policies need PMO review. Wagtail assigns workflows by tree position,
    but updates live under the items they report on, so PM1 assigns them by page type here.
    """

    update_workflow = models.ForeignKey(
        "wagtailcore.Workflow",
        verbose_name=_("progress update workflow"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    item_workflow = models.ForeignKey(
        "wagtailcore.Workflow",
        verbose_name=_("directive and policy workflow"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("update_workflow"), FieldPanel("item_workflow")]

    class Meta:
        verbose_name = _("moderation settings")
