"""Follow-up of foreign-affairs work (track ``foreign``): commitments from visits, meetings and agreements."""

from django.db import models
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


class ForeignIndexPage(ItemIndexPage):
    """The public list of foreign-affairs commitments being followed up."""

    item_model = "foreign.ForeignCommitmentPage"
    item_ordering = (models.F("event_date").desc(nulls_last=True), "-pk")
    subpage_types = ["foreign.ForeignCommitmentPage"]

    class Meta:
        verbose_name = _("foreign-affairs index page")


class ForeignCommitmentPage(ReportedItemMixin, TrackedItemPage):
    """
    A commitment arising from the Prime Minister's foreign visits, bilateral meetings or international
    agreements, assigned to Thai agencies with deadlines and reported on like a directive.
    """

    class EventKind(models.TextChoices):
        VISIT = "visit", _("Official visit")
        BILATERAL = "bilateral", _("Bilateral meeting")
        MULTILATERAL = "multilateral", _("Multilateral meeting or summit")
        AGREEMENT = "agreement", _("International agreement")
        OTHER = "other", _("Other")

    start_date_field = "event_date"
    item_type = "foreign"

    reference = models.CharField(_("reference number"), max_length=60, db_index=True)
    # Always the foreign track: a field all the same, so that track filters work on every item alike.
    track = models.CharField(
        _("track"),
        max_length=20,
        choices=[(Track.FOREIGN.value, Track.FOREIGN.label)],
        default=Track.FOREIGN,
        editable=False,
    )
    country = models.CharField(_("counterpart country"), max_length=100)
    organisation = models.CharField(_("counterpart organisation"), max_length=255, blank=True)
    event_kind = models.CharField(_("kind of event"), max_length=20, choices=EventKind.choices, default=EventKind.VISIT)
    event = models.CharField(_("event"), max_length=255)
    event_date = models.DateField(_("date of the event"), null=True, blank=True)
    commitment = RichTextField(_("commitment"))
    related_policies = ParentalManyToManyField(
        "policies.PolicyPage", verbose_name=_("related policies"), blank=True, related_name="foreign_commitments"
    )

    base_form_class = TrackedItemForm

    content_panels = PM1Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("reference"), FieldPanel("visibility")]),
                FieldRowPanel([FieldPanel("country"), FieldPanel("organisation")]),
                FieldRowPanel([FieldPanel("event_kind"), FieldPanel("event"), FieldPanel("event_date")]),
                FieldPanel("date_precision"),
            ],
            heading=_("Foreign affairs"),
        ),
        FieldPanel("commitment"),
        InlinePanel("assignments", heading=_("Assigned agencies"), label=_("Agency")),
        FieldPanel("related_policies"),
        FieldPanel("source_url"),
    ]

    search_fields = TrackedItemPage.search_fields + [
        index.SearchField("reference", boost=3),
        index.AutocompleteField("reference"),
        index.SearchField("country", boost=2),
        index.SearchField("organisation"),
        index.SearchField("event"),
        index.SearchField("commitment"),
        index.FilterField("track"),
        index.FilterField("country"),
        index.FilterField("event_date"),
    ]

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("slug"),
        TranslatableField("country"),
        TranslatableField("organisation"),
        TranslatableField("event"),
        TranslatableField("commitment"),
        SynchronizedField("reference"),
        SynchronizedField("event_kind"),
        SynchronizedField("event_date"),
        SynchronizedField("date_precision"),
        SynchronizedField("source_url"),
        SynchronizedField("visibility"),
        SynchronizedField("assignments"),
        SynchronizedField("related_policies"),
    ]

    parent_page_types = ["foreign.ForeignIndexPage"]
    subpage_types = ["updates.ProgressUpdatePage"]

    class Meta:
        verbose_name = _("foreign-affairs commitment")
        verbose_name_plural = _("foreign-affairs commitments")


class ForeignAssignment(AssignmentBase):
    page = ParentalKey(ForeignCommitmentPage, on_delete=models.CASCADE, related_name="assignments")

    class Meta(AssignmentBase.Meta):
        verbose_name = _("foreign-affairs assignment")
        verbose_name_plural = _("foreign-affairs assignments")
        constraints = [
            models.UniqueConstraint(fields=["page", "agency"], name="foreign_assignment_unique_agency"),
        ]
        indexes = [models.Index(fields=["agency", "status", "deadline"])]
