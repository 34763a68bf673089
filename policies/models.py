from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.forms import TrackedItemForm
from core.models import AssignmentBase, ItemIndexPage, PM1Page, TrackedItemPage
from updates.models import ReportedItemMixin

from .selectors import indicators_with_latest_values, policy_progress, policy_tree, related_directives


class PolicyIndexPage(ItemIndexPage):
    """The government's policy statement, as a tree: policy areas, policies, sub-items."""

    item_model = "policies.PolicyPage"
    item_ordering = ("path",)
    subpage_types = ["policies.PolicyPage"]

    class Meta:
        verbose_name = _("policy index page")

    def get_context(self, request, *args, **kwargs):
        context = super(ItemIndexPage, self).get_context(request, *args, **kwargs)
        context["tree"] = policy_tree(self)
        return context


class PolicyPage(ReportedItemMixin, TrackedItemPage):
    """A policy area, a policy or a sub-item of one, with responsible agencies and indicators."""

    class Category(models.TextChoices):
        URGENT = "urgent", _("Urgent policy")
        MAIN = "main", _("Main policy")
        OTHER = "other", _("Other")

    start_date_field = "period_start"
    # A policy may have no period and no responsible agency yet: neither is a gap.
    requires_start_date = False
    requires_agencies = False
    reference_field = "number"
    item_type = "policy"

    number = models.CharField(_("number"), max_length=20, blank=True, help_text=_("E.g. 1.2.3"))
    category = models.CharField(_("category"), max_length=10, choices=Category.choices, default=Category.MAIN)
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("body"), blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)

    base_form_class = TrackedItemForm

    content_panels = PM1Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("category"), FieldPanel("visibility")]),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("date_precision"), FieldPanel("period_end")]),
            ],
            heading=_("Policy"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("assignments", heading=_("Responsible agencies"), label=_("Agency")),
        InlinePanel("indicators", heading=_("Targets and indicators"), label=_("Indicator")),
        FieldPanel("source_url"),
    ]

    search_fields = TrackedItemPage.search_fields + [
        index.SearchField("number", boost=3),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("category"),
    ]

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("slug"),
        TranslatableField("summary"),
        TranslatableField("body"),
        SynchronizedField("number"),
        SynchronizedField("category"),
        SynchronizedField("visibility"),
        SynchronizedField("period_start"),
        SynchronizedField("date_precision"),
        SynchronizedField("source_url"),
        SynchronizedField("period_end"),
        SynchronizedField("assignments"),
        SynchronizedField("indicators"),
    ]

    parent_page_types = ["policies.PolicyIndexPage", "policies.PolicyPage"]
    subpage_types = ["policies.PolicyPage", "updates.ProgressUpdatePage"]

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["ancestors"] = self.get_ancestors().filter(depth__gt=2).live()
        context["children"] = PolicyPage.objects.live().public().child_of(self).filter(visibility="public")
        context["indicators"] = indicators_with_latest_values(self)
        context["progress"] = policy_progress(context["timeline"])
        context["directives"] = related_directives(self)
        return context

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})


class PolicyAssignment(AssignmentBase):
    page = ParentalKey(PolicyPage, on_delete=models.CASCADE, related_name="assignments")

    class Meta(AssignmentBase.Meta):
        verbose_name = _("policy assignment")
        verbose_name_plural = _("policy assignments")
        constraints = [
            models.UniqueConstraint(fields=["page", "agency"], name="policy_assignment_unique_agency"),
        ]
        indexes = [models.Index(fields=["agency", "status", "deadline"])]


class PolicyIndicator(Orderable):
    """A target the policy is measured against; progress updates report values for it."""

    page = ParentalKey(PolicyPage, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=255)
    name_en = models.CharField(_("indicator (English)"), max_length=255, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=50, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("unit_en")]),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("target"), FieldPanel("target_date")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return f"{self.name} ({self.unit})" if self.unit else self.name

    # The indicators are synchronised with the Thai page (numbers and values reported against them must be
    # the same rows), so their English names live beside the Thai ones rather than in a translation.
    @property
    def name_shown_in_thai(self) -> bool:
        """Whether the reader's language is English and the indicator has no English name: shown in Thai."""
        return (get_language() or "").startswith("en") and not self.name_en

    @property
    def display_name(self) -> str:
        """The name in the reader's language, the Thai one where no English name exists."""
        return self.name_en if (get_language() or "").startswith("en") and self.name_en else self.name

    @property
    def display_unit(self) -> str:
        """The unit in the reader's language, the Thai one where no English unit exists."""
        return self.unit_en if (get_language() or "").startswith("en") and self.unit_en else self.unit
