import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.choices import Track
from core.forms import TrackedItemForm
from core.models import AssignmentBase, ItemIndexPage, PM1Page, TrackedItemPage
from updates.models import ReportedItemMixin


class Occasion(index.Indexed, models.Model):
    """Where directives were given (วาระ/โอกาส): a cabinet meeting, an inspection trip, a meeting."""

    class Kind(models.TextChoices):
        CABINET = "cabinet", _("Cabinet meeting")
        INSPECTION = "inspection", _("Inspection trip")
        MEETING = "meeting", _("Meeting")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CABINET)
    title_th = models.CharField(_("title (Thai)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    # Empty for an occasion first named by an archival directive whose record gives no whole date.
    date = models.DateField(_("date"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)

    search_fields = [
        index.SearchField("title_th"),
        index.SearchField("title_en"),
        index.AutocompleteField("title_th"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]

    panels = [
        FieldPanel("kind"),
        FieldPanel("title_th"),
        FieldPanel("title_en"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("location")]),
    ]

    class Meta:
        verbose_name = _("occasion")
        verbose_name_plural = _("occasions")
        ordering = ["-date", "title_th"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        if (get_language() or "").startswith("en") and self.title_en:
            return self.title_en
        return self.title_th


class DirectiveIndexPage(ItemIndexPage):
    """The list of the Prime Minister's directives (ข้อสั่งการนายกรัฐมนตรี)."""

    item_model = "directives.DirectivePage"
    # Directives whose date was not recorded come last, on every database.
    item_ordering = (models.F("issued_on").desc(nulls_last=True), "-pk")
    listing_filters = ("track", "agency", "status", "fiscal_year", "occasion")
    listing_prefetch = ("assignments__agency", "occasion")
    subpage_types = ["directives.DirectivePage"]

    class Meta:
        verbose_name = _("directive index page")


class DirectivePage(ReportedItemMixin, TrackedItemPage):
    """A directive of the Prime Minister, assigned to agencies with their own deadlines."""

    class Priority(models.TextChoices):
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    start_date_field = "issued_on"
    item_type = "directive"

    reference = models.CharField(
        _("reference number"),
        max_length=60,
        db_index=True,
        help_text=_("Unique, e.g. นร 0505/2569-001."),
    )
    # Empty only for an archival directive whose record gives no date (``TrackedItemPage.gaps``).
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    occasion = models.ForeignKey(
        Occasion,
        verbose_name=_("occasion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directives",
    )
    track = models.CharField(_("track"), max_length=20, choices=Track.choices, default=Track.POLICY)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    body = RichTextField(_("directive text"))
    related_policies = ParentalManyToManyField(
        "policies.PolicyPage", verbose_name=_("related policies"), blank=True, related_name="directives"
    )

    base_form_class = TrackedItemForm

    content_panels = PM1Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("reference"), FieldPanel("issued_on"), FieldPanel("date_precision")]),
                FieldPanel("occasion"),
                FieldRowPanel([FieldPanel("track"), FieldPanel("priority"), FieldPanel("visibility")]),
            ],
            heading=_("Directive"),
        ),
        FieldPanel("body"),
        # At least one agency: ``TrackedItemForm`` asks, except of an archival directive recorded without.
        InlinePanel("assignments", heading=_("Assigned agencies"), label=_("Agency")),
        FieldPanel("related_policies"),
        FieldPanel("source_url"),
    ]

    search_fields = TrackedItemPage.search_fields + [
        index.SearchField("reference", boost=3),
        index.AutocompleteField("reference"),
        index.SearchField("body"),
        index.FilterField("track"),
        index.FilterField("issued_on"),
        index.FilterField("occasion"),
    ]

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("slug"),
        TranslatableField("body"),
        SynchronizedField("reference"),
        SynchronizedField("issued_on"),
        SynchronizedField("date_precision"),
        SynchronizedField("source_url"),
        SynchronizedField("occasion"),
        SynchronizedField("track"),
        SynchronizedField("priority"),
        SynchronizedField("visibility"),
        SynchronizedField("assignments"),
        SynchronizedField("related_policies"),
    ]

    parent_page_types = ["directives.DirectiveIndexPage"]
    subpage_types = ["updates.ProgressUpdatePage"]

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_policies"] = [
            policy
            for policy in (
                policy.get_translation_or_none(self.locale) or policy for policy in self.related_policies.all()
            )
            if policy.live and policy.is_public
        ]
        return context

    def clean(self):
        super().clean()
        self.reference = unicodedata.normalize("NFC", (self.reference or "").strip())
        clash = DirectivePage.objects.filter(reference=self.reference)
        if self.translation_key:
            clash = clash.exclude(translation_key=self.translation_key)
        if clash.exists():
            raise ValidationError(
                {
                    "reference": _("Reference number %(reference)s is already used by another directive.")
                    % {"reference": self.reference}
                }
            )


class DirectiveAssignment(AssignmentBase):
    page = ParentalKey(DirectivePage, on_delete=models.CASCADE, related_name="assignments")

    class Meta(AssignmentBase.Meta):
        verbose_name = _("directive assignment")
        verbose_name_plural = _("directive assignments")
        constraints = [
            models.UniqueConstraint(fields=["page", "agency"], name="directive_assignment_unique_agency"),
        ]
        indexes = [models.Index(fields=["agency", "status", "deadline"])]
