"""
Complaints (ข้อร้องเรียน) on the parliament and secretary tracks. The case is a page, tracked like a
directive; the complainant's identity and contact data are a plain model beside it (``Complainant``),
so that they never reach page revisions, the search index, translations or any API.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.choices import Track, Visibility
from core.forms import TrackedItemForm
from core.models import AssignmentBase, ItemIndexPage, PM1Page, TrackedItemPage
from updates.models import ReportedItemMixin

#: The tracks complaints belong to.
COMPLAINT_TRACKS = [(Track.PARLIAMENT.value, Track.PARLIAMENT.label), (Track.SECRETARY.value, Track.SECRETARY.label)]


class ComplaintIndexPage(ItemIndexPage):
    """The public list of the complaints whose summary the PMO chose to publish."""

    item_model = "complaints.ComplaintPage"
    item_ordering = (models.F("received_on").desc(nulls_last=True), "-pk")
    subpage_types = ["complaints.ComplaintPage"]

    class Meta:
        verbose_name = _("complaint index page")


class ComplaintPage(ReportedItemMixin, TrackedItemPage):
    """
    A complaint raised through the House of Representatives or addressed to the Prime Minister,
    referred to agencies (assignments with deadlines) that reply with progress updates. Internal
    unless staff publish its public summary; never holds the complainant's personal data.
    """

    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        HOTLINE = "hotline_1111", _("Hotline 1111")
        MOTION = "mp_motion", _("MP's motion")
        EMAIL = "email", _("E-mail")
        WALK_IN = "walk_in", _("Walk-in")

    class Category(models.TextChoices):
        PUBLIC_SERVICE = "public_service", _("Public service")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure and utilities")
        LAND = "land", _("Land and housing")
        ENVIRONMENT = "environment", _("Environment")
        WELFARE = "welfare", _("Welfare and health")
        ECONOMY = "economy", _("Debt and livelihood")
        JUSTICE = "justice", _("Justice and misconduct")
        OTHER = "other", _("Other")

    class Stage(models.TextChoices):
        RECEIVED = "received", _("Received")
        REFERRED = "referred", _("Referred to agencies")
        REPLIED = "replied", _("Agencies replied")
        CLOSED = "closed", _("Closed")

    start_date_field = "received_on"
    # A complaint not yet referred has no agency: that is a stage, not a gap.
    requires_agencies = False
    item_type = "complaint"

    reference = models.CharField(
        _("case number"), max_length=60, db_index=True, help_text=_("Unique, e.g. ร 2569/0001.")
    )
    track = models.CharField(_("track"), max_length=20, choices=COMPLAINT_TRACKS, default=Track.SECRETARY)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.LETTER)
    mp_or_committee = models.CharField(
        _("MP or committee"), max_length=255, blank=True, help_text=_("For complaints raised through the House.")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    province = models.CharField(_("province"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    details = models.TextField(
        _("details (internal)"),
        help_text=_(
            "What the complaint is about, as the agencies need it. No names or contact data: "
            "those go in the complainant's record."
        ),
    )
    public_summary = models.TextField(
        _("public summary"),
        blank=True,
        help_text=_("Shown on the public site when the complaint is public. Never personal data."),
    )
    # A complaint is internal until staff choose to publish its summary.
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.INTERNAL,
        help_text=_("Public shows the case number, category, province, status and public summary; nothing else."),
    )
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.RECEIVED, editable=False, db_index=True
    )
    related_directives = ParentalManyToManyField(
        "directives.DirectivePage", verbose_name=_("related directives"), blank=True, related_name="complaints"
    )
    related_policies = ParentalManyToManyField(
        "policies.PolicyPage", verbose_name=_("related policies"), blank=True, related_name="complaints"
    )

    base_form_class = TrackedItemForm

    content_panels = PM1Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("reference"), FieldPanel("received_on"), FieldPanel("date_precision")]),
                FieldRowPanel([FieldPanel("track"), FieldPanel("channel"), FieldPanel("visibility")]),
                FieldPanel("mp_or_committee"),
                FieldRowPanel([FieldPanel("category"), FieldPanel("province"), FieldPanel("district")]),
            ],
            heading=_("Complaint"),
        ),
        FieldPanel("details"),
        FieldPanel("public_summary"),
        InlinePanel("assignments", heading=_("Referred to agencies"), label=_("Agency")),
        MultiFieldPanel([FieldPanel("outcome"), FieldPanel("closed_on")], heading=_("Outcome")),
        FieldPanel("related_directives"),
        FieldPanel("related_policies"),
        FieldPanel("source_url"),
    ]

    # Only what may be public is indexed: the details stay out of every search index.
    search_fields = TrackedItemPage.search_fields + [
        index.SearchField("reference", boost=3),
        index.AutocompleteField("reference"),
        index.SearchField("public_summary"),
        index.FilterField("track"),
        index.FilterField("stage"),
        index.FilterField("received_on"),
    ]

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("public_summary"),
        SynchronizedField("reference"),
        SynchronizedField("track"),
        SynchronizedField("received_on"),
        SynchronizedField("date_precision"),
        SynchronizedField("source_url"),
        SynchronizedField("channel"),
        SynchronizedField("mp_or_committee"),
        SynchronizedField("category"),
        SynchronizedField("province"),
        SynchronizedField("district"),
        SynchronizedField("details", overridable=False),
        SynchronizedField("outcome", overridable=False),
        SynchronizedField("closed_on"),
        SynchronizedField("visibility"),
        SynchronizedField("assignments"),
        SynchronizedField("related_directives"),
        SynchronizedField("related_policies"),
    ]

    parent_page_types = ["complaints.ComplaintIndexPage"]
    subpage_types = ["updates.ProgressUpdatePage"]

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def clean(self):
        super().clean()
        clash = ComplaintPage.objects.filter(reference=self.reference.strip())
        if self.translation_key:
            clash = clash.exclude(translation_key=self.translation_key)
        if clash.exists():
            raise ValidationError(
                {"reference": _("Case number %(reference)s is already used.") % {"reference": self.reference}}
            )
        if self.visibility == Visibility.PUBLIC and not self.public_summary.strip():
            raise ValidationError({"public_summary": _("A public complaint needs a public summary.")})
        if self.closed_on and self.received_on and self.closed_on < self.received_on:
            raise ValidationError({"closed_on": _("A complaint cannot close before it was received.")})


class ComplaintAssignment(AssignmentBase):
    """The referral of a complaint to one agency, with its deadline for a reply."""

    page = ParentalKey(ComplaintPage, on_delete=models.CASCADE, related_name="assignments")

    class Meta(AssignmentBase.Meta):
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.UniqueConstraint(fields=["page", "agency"], name="complaint_assignment_unique_agency"),
        ]
        indexes = [models.Index(fields=["agency", "status", "deadline"])]


class Complainant(models.Model):
    """
    Who complained and how to reach them: personal data under Thailand's PDPA. A plain model on
    purpose (not a page field, not a page's child): page revisions, search indexes, translations and
    the APIs never see it. Read only through ``complaints.selectors.complainant_for`` (audit-logged);
    erased by ``erase_complainant_data`` once the retention period after closing has passed.
    """

    complaint = models.OneToOneField(
        ComplaintPage, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="complainant"
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    id_card_number = models.CharField(_("national ID number"), max_length=20, blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=100, blank=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)

    #: The fields that hold personal data: what erasure blanks.
    PERSONAL_FIELDS = ("name", "id_card_number", "address", "phone", "email", "line_id")

    class Meta:
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")

    def __str__(self):
        # Never the name: this text ends up in log entries and admin messages.
        return gettext("Complainant of %(reference)s") % {"reference": self.complaint.reference}
