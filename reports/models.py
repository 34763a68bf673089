"""
Reporting rounds, report jobs and executive summary pages: the executive support subsystem's data.
Figures themselves are never stored except where they must stay frozen (a closed round's snapshot,
a published summary); everything else is computed by ``reports.selectors``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.choices import Status, Track
from core.models import PM1Page

from .narrative import summary_narrative


class ReportingRound(models.Model):
    """
    A call for progress reports (รอบการรายงาน): the PMO opens it for a set of items, every open
    assignment of those items owes an update for the round's period, and closing it freezes a
    snapshot of every assignment's status (``RoundSnapshot``) so rounds can be compared later.
    """

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        AD_HOC = "ad_hoc", _("Ad hoc (e.g. before a cabinet meeting)")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MONTHLY)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_on = models.DateField(_("reports due on"))
    items = models.ManyToManyField("wagtailcore.Page", verbose_name=_("items"), related_name="+", blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN, editable=False)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-period_end", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class RoundSnapshot(models.Model):
    """One assignment as it stood when its round closed; never changed afterwards."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="snapshots")
    item = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+")
    item_title = models.CharField(max_length=255)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    item_status = models.CharField(max_length=20, choices=Status.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    deadline = models.DateField(null=True)
    overdue = models.BooleanField()
    reported = models.BooleanField()
    percent_complete = models.PositiveSmallIntegerField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "item", "agency"], name="round_snapshot_unique")]

    def __str__(self):
        return f"{self.item_title} – {self.agency_id} ({self.status})"


class ItemFields(models.Model):
    """
    What the figures filter items by: the same on an item's facts and on its assignments'. The facts'
    keys carry no database constraint: they are derived rows, deleted with their pages by Django, or
    at the next flush when a page goes by SQL (the triggers mark it), and the checks would only slow
    the writing of a burst.
    """

    #: The kind's ``item_type``: directive, policy, complaint, foreign.
    kind = models.CharField(max_length=10)
    #: The item's track; a policy is on the policy track.
    track = models.CharField(max_length=20, choices=Track.choices)
    #: The item's start date (issued, received, event), a policy's period start; empty when an
    #: archival record gave none.
    start = models.DateField(null=True)
    #: How much of the start date is known (``core.choices.DatePrecision``): a year alone cannot
    #: say which fiscal year the item belongs to.
    start_precision = models.CharField(max_length=10, default="day")
    #: A policy's period end (other kinds have none).
    end = models.DateField(null=True)
    occasion = models.ForeignKey(
        "directives.Occasion", null=True, on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )
    public = models.BooleanField()

    class Meta:
        abstract = True


class ItemFact(ItemFields):
    """
    A published tracked item in the default locale as the figures count it, in one narrow row kept
    beside the page tables (``reports.facts``): the figures read these rows and ``AssignmentFact``
    rather than the page table, which the progress updates make a million rows long. Derived data.
    """

    item = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, db_constraint=False, primary_key=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices)

    def __str__(self):
        return f"{self.kind} {self.item_id}"


class AssignmentFact(ItemFields):
    """
    One agency's assignment on an ``ItemFact``'s item, as the figures count it, with its item's
    ``ItemFields`` copied so that every figure over assignments reads this one table.
    """

    item = models.ForeignKey(ItemFact, on_delete=models.CASCADE, db_constraint=False, related_name="assignments")
    #: The assignment's own key in its kind's table.
    assignment = models.PositiveIntegerField()
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, db_constraint=False, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices)
    deadline = models.DateField(null=True)
    completed_on = models.DateField(null=True)

    def __str__(self):
        return f"{self.item_id} {self.agency_id} ({self.status})"


class UpdateFact(models.Model):
    """
    A progress update sent to moderation or published, with the item it reports on: what a reporting
    round asks of the updates, without reading the page table (``reports.facts``).
    """

    update = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, db_constraint=False, primary_key=True, related_name="+"
    )
    item = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, db_constraint=False, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, db_constraint=False, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()

    class Meta:
        # A round asks for the updates whose period overlaps its own, and only their item and agency:
        # read from the index alone.
        indexes = [models.Index(fields=["period_end", "period_start", "item", "agency"], name="update_fact_period")]

    def __str__(self):
        return f"{self.update_id} on {self.item_id}"


class StaleFacts(models.Model):
    """
    A page whose reporting facts are to be written again (``reports.facts``). Database triggers
    (``reports.triggers``) mark it whenever what the facts copy changes, whoever changes it: a save,
    a queryset ``update()``, a bulk insert, SQL. The figures write the facts of the marked pages
    again before they count.
    """

    page = models.IntegerField(primary_key=True)

    def __str__(self):
        return str(self.page)


class ReportJob(models.Model):
    """An executive summary PDF built by a background task, with its progress for the admin to show."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to run")
        RUNNING = "running", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    language = models.CharField(_("language"), max_length=5)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=0)
    #: The PDF, kept in the database: it holds internal items and never goes to public media.
    pdf = models.BinaryField(null=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.fiscal_year} ({self.language})"


class ExecutiveSummaryIndexPage(PM1Page):
    """The public list of executive summaries (รายงานสรุปสำหรับผู้บริหาร), newest first."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = PM1Page.content_panels + [FieldPanel("intro")]
    translatable_fields = [TranslatableField("title"), TranslatableField("slug"), TranslatableField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["reports.ExecutiveSummaryPage"]
    max_count_per_parent = 1
    template = "reports/executive_summary_index_page.html"

    class Meta:
        verbose_name = _("executive summary index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["summaries"] = (
            ExecutiveSummaryPage.objects.live().public().child_of(self).select_related("pdf").order_by("-published_on")
        )
        return context


class ExecutiveSummaryPage(PM1Page):
    """
    An executive summary published by the PMO: a narrative written in the CMS and the figures of its
    fiscal year as they stood when it was first published (``figures``, frozen by
    ``reports.services.summary_freeze``), with the PDF built from those same figures.
    """

    #: The home page shows the latest one (``home.models.latest_home_summary``).
    home_summary = True

    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"), help_text=_("E.g. 2569"))
    published_on = models.DateField(_("date of the summary"))
    narrative = RichTextField(
        _("narrative"),
        blank=True,
        help_text=_(
            "Leave it empty to have the narrative written from the summary's figures: then it always agrees with them."
        ),
    )
    figures = models.JSONField(_("figures"), default=dict, blank=True, editable=False)
    frozen_at = models.DateTimeField(_("figures frozen at"), null=True, blank=True, editable=False)
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Built from the frozen figures when the summary is first published."),
    )

    content_panels = PM1Page.content_panels + [
        MultiFieldPanel([FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("published_on")])], heading=_("Summary")),
        FieldPanel("narrative"),
    ]
    search_fields = PM1Page.search_fields + [index.SearchField("narrative")]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("slug"),
        TranslatableField("narrative"),
        SynchronizedField("fiscal_year"),
        SynchronizedField("published_on"),
    ]
    # A copy or a translation freezes (and builds its PDF) at its own first publication.
    exclude_fields_in_copy = ["figures", "frozen_at", "pdf"]
    parent_page_types = ["reports.ExecutiveSummaryIndexPage"]
    subpage_types = []
    template = "reports/executive_summary_page.html"

    class Meta:
        verbose_name = _("executive summary")
        verbose_name_plural = _("executive summaries")

    @property
    def narrative_shown(self) -> str:
        """The editor's narrative, or else one written from the frozen figures (``reports.narrative``)."""
        return self.narrative or summary_narrative(self.figures)
