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

from core.choices import Status
from core.models import PM1Page


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
    narrative = RichTextField(_("narrative"))
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
