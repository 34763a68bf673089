from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import AbstractGroupApprovalTask, Locale, Orderable, Page, TaskState, WorkflowState
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.choices import Status
from core.models import PM1Page
from core.models.pages import WorkflowBySettingMixin
from core.roles import agency_ids_for_user, is_pmo
from core.selectors import pages_readable_by

from .forms import ProgressUpdateForm


class UpdateGap(models.TextChoices):
    """
    What a progress update from the archive lacks that reporting in PM1 requires (``update_check``):
    history is imported marked with it rather than refused, and staff and the public see it.
    """

    REASON = "reason", _("Reason for the status change not recorded")
    EVIDENCE = "evidence", _("Evidence not recorded")


class ProgressUpdatePage(WorkflowBySettingMixin, PM1Page):
    """
    An agency's progress report (รายงานความก้าวหน้า) on a directive or policy for one period. It goes
    through two-level moderation (agency approver, then PMO) before it is published on the item's
    timeline. Citizens see the public summary; the narrative stays internal.
    """

    is_agency_report = True
    moderation_setting = "update_workflow"

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="updates"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status_claim = models.CharField(_("status"), max_length=20, choices=Status.choices)
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("0 to 100"),
    )
    status_reason = models.TextField(
        _("reason for the status"),
        blank=True,
        help_text=_("Required when the status differs from the agency's last published status."),
    )
    narrative = RichTextField(_("narrative (internal)"), blank=True)
    public_summary = models.TextField(_("public summary"), blank=True)
    # Set by the import of history (``imports.updates``), cleared once the update has what it lacked.
    reason_not_recorded = models.BooleanField(_("reason not recorded"), default=False, editable=False)
    evidence_not_recorded = models.BooleanField(_("evidence not recorded"), default=False, editable=False)

    base_form_class = ProgressUpdateForm

    content_panels = [
        FieldPanel("title"),
        MultiFieldPanel(
            [
                # A plain select: the form narrows it to the item's agencies (and the user's own).
                FieldPanel("agency", widget=forms.Select),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldRowPanel([FieldPanel("status_claim"), FieldPanel("percent_complete")]),
                FieldPanel("status_reason"),
            ],
            heading=_("Progress"),
        ),
        FieldPanel("narrative"),
        FieldPanel("public_summary"),
        InlinePanel("evidence", heading=_("Evidence"), label=_("Evidence")),
        InlinePanel("indicator_values", heading=_("Indicator values"), label=_("Indicator value")),
    ]

    search_fields = PM1Page.search_fields + [
        index.SearchField("public_summary"),
        index.FilterField("agency"),
        index.FilterField("status_claim"),
        index.FilterField("period_end"),
    ]

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("public_summary"),
        TranslatableField("narrative"),
        TranslatableField("status_reason"),
        SynchronizedField("agency"),
        SynchronizedField("period_start"),
        SynchronizedField("period_end"),
        SynchronizedField("status_claim"),
        SynchronizedField("percent_complete"),
        SynchronizedField("evidence"),
        SynchronizedField("indicator_values"),
        SynchronizedField("reason_not_recorded"),
        SynchronizedField("evidence_not_recorded"),
    ]

    parent_page_types = [
        "directives.DirectivePage",
        "policies.PolicyPage",
        "complaints.ComplaintPage",
        "foreign.ForeignCommitmentPage",
    ]
    subpage_types = []

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    @property
    def item(self):
        return self.get_parent().specific

    @property
    def gaps(self) -> tuple[str, ...]:
        """What the update lacks that PM1's rules require (``UpdateGap`` values): empty for most."""
        return tuple(
            gap
            for gap, missing in (
                (UpdateGap.REASON, self.reason_not_recorded),
                (UpdateGap.EVIDENCE, self.evidence_not_recorded),
            )
            if missing
        )

    @property
    def gap_labels(self) -> list[str]:
        """The update's gaps as staff and the public read them."""
        return [UpdateGap(gap).label for gap in self.gaps]

    def gaps_close(self, *, status_reason: str, status_claim: str, evidence_count: int) -> None:
        """
        Drop the marks of what the update has now, given the values it is about to be saved with:
        a reason, evidence (or a status other than completed). An editor completes imported history so.
        """
        if (status_reason or "").strip():
            self.reason_not_recorded = False
        if evidence_count or status_claim != Status.COMPLETED:
            self.evidence_not_recorded = False

    def agency_scope(self) -> frozenset[int]:
        return frozenset({self.agency_id})

    def readable_by_agencies(self) -> frozenset[int]:
        """Other agencies on the same item share submitted reports; drafts stay with their agency."""
        if self.live or self.first_published_at or self.workflow_states.exists():
            return self.item.agency_scope() | {self.agency_id}
        return frozenset({self.agency_id})

    def is_published_publicly(self) -> bool:
        return self.live and self.item.is_published_publicly()

    def publication_allowed(self) -> bool:
        """Only updates their agency has approved are published: the moderation in progress (or just
        finished) must have passed its agency approval step."""
        state = self.workflow_states.order_by("-created_at").first()
        if state is None or state.status not in (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_APPROVED):
            return False
        # A finished moderation approved one revision; a draft saved after it has not been approved.
        if (
            state.status == WorkflowState.STATUS_APPROVED
            and state.current_task_state.revision_id != self.latest_revision_id
        ):
            return False
        return state.task_states.filter(
            status=TaskState.STATUS_APPROVED, task__in=AgencyApprovalTask.objects.all()
        ).exists()

    def serve(self, request, *args, **kwargs):
        if not self.item.is_public and not getattr(request, "is_preview", False):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.item.is_public else []

    def version_readable_by(self, user):
        """
        Another agency (or an executive) reads what was sent to moderation or published, never a draft
        the agency saved since (an update sent back and edited); the agency and the PMO read its latest.
        """
        if self.live or is_pmo(user) or self.agency_id in agency_ids_for_user(user):
            return self
        submitted = (
            TaskState.objects.filter(
                workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
                workflow_state__object_id=str(self.pk),
            )
            .select_related("revision")
            .order_by("-revision_id")
            .first()
        )
        return submitted.revision.as_object() if submitted is not None else self

    def read_context(self, user) -> dict:
        return {
            "item": self.item,
            "evidence": self.evidence.select_related("document", "image"),
            "indicator_values": self.indicator_values.select_related("indicator"),
            "moderation": (
                TaskState.objects.filter(workflow_state__in=self.workflow_states.all())
                .select_related("task", "finished_by", "revision")
                .order_by("started_at")
            ),
        }


class ReportedItemMixin:
    """
    A kind of tracked item whose agencies report on it with progress updates filed under it: the
    public page shows their timeline, the admin's read view lists those the user may read. Each
    kind's page class mixes it in before ``core.models.TrackedItemPage``, which is below this app
    and knows nothing of updates.
    """

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["timeline"] = self.public_timeline(Locale.get_active())
        return context

    def public_timeline(self, locale, *, public_only=False) -> list:
        """
        The item's published updates, latest period first, as readers of ``locale`` see them: an update
        not translated into it yet is shown in Thai, marked ``shown_untranslated`` (``lang="th"``, linked
        under the reader's language), rather than left out; so is every update of a Thai item shown
        untranslated on another language's site. ``public_only`` leaves out view-restricted updates (feeds).
        """
        updates = ProgressUpdatePage.objects.live().select_related("agency")
        if public_only:
            updates = updates.public()
        timeline = list(updates.child_of(self).prefetch_related("evidence__document", "evidence__image"))
        if self.locale_id != locale.pk:
            for update in timeline:
                update.shown_untranslated = True
        default = Locale.get_default()
        source = self.get_translation_or_none(default) if self.locale_id != default.pk else None
        if source is not None:
            translated = {update.translation_key for update in timeline}
            untranslated = updates.child_of(source).exclude(translation_key__in=translated)
            for update in untranslated.prefetch_related("evidence__document", "evidence__image"):
                update.shown_untranslated = True
                timeline.append(update)
        return sorted(timeline, key=lambda update: update.period_end, reverse=True)

    def read_context(self, user) -> dict:
        updates = pages_readable_by(user, ProgressUpdatePage.objects.child_of(self))
        return {
            **super().read_context(user),
            "updates": updates.select_related("agency").order_by("-period_end", "-pk"),
        }


class UpdateEvidence(Orderable):
    """A document or image that backs the update's claim."""

    page = ParentalKey(ProgressUpdatePage, on_delete=models.CASCADE, related_name="evidence")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldRowPanel([FieldPanel("document"), FieldPanel("image")]), FieldPanel("caption")]

    def clean(self):
        if self.document_id is None and self.image_id is None:
            raise ValidationError(_("Choose a document or an image as evidence."))

    class Meta(Orderable.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(document__isnull=False) | models.Q(image__isnull=False),
                name="evidence_has_file",
            )
        ]


class IndicatorValue(Orderable):
    """The value an update reports for one of its policy's indicators."""

    page = ParentalKey(ProgressUpdatePage, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(
        "policies.PolicyIndicator", verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    panels = [FieldRowPanel([FieldPanel("indicator"), FieldPanel("value")])]

    class Meta(Orderable.Meta):
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")


class AgencyApprovalTask(AbstractGroupApprovalTask):
    """
    First moderation level: an approver *of the update's own agency* approves or sends it back.
    The chosen groups (normally "Agency approver") say who approves; membership narrows it to the agency.
    """

    def _approves_for(self, obj, user) -> bool:
        if user.is_superuser:
            return True
        # Workflow views pass the base Page; the agency lives on the specific update.
        agency_id = getattr(getattr(obj, "specific_deferred", obj), "agency_id", None)
        return self._user_in_groups(user) and agency_id in agency_ids_for_user(user, role="approver")

    def user_can_access_editor(self, obj, user):
        return self._approves_for(obj, user)

    def locked_for_user(self, obj, user):
        return not self._approves_for(obj, user)

    def user_can_lock(self, obj, user):
        return self._approves_for(obj, user)

    def get_actions(self, obj, user):
        if self._approves_for(obj, user):
            return super().get_actions(obj, user)
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        update_ids = (
            ProgressUpdatePage.objects.filter(agency_id__in=agency_ids_for_user(user, role="approver"))
            .annotate(pk_text=Cast("pk", models.CharField()))
            .values("pk_text")
        )
        return states.filter(workflow_state__object_id__in=update_ids)

    @classmethod
    def get_description(cls):
        return _("Approvers of the update's own agency approve it")

    class Meta:
        verbose_name = _("agency approval task")
        verbose_name_plural = _("agency approval tasks")


class UpdateSubmission(models.Model):
    """
    A progress update an agency system sent with ``Prefer: respond-async``: checked and answered
    ``202 Accepted`` at once, then made into a ``ProgressUpdatePage`` in moderation by a background
    task (``updates.services.submission_process_task``), exactly once, or refused with the reasons.
    """

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        DONE = "done", _("Submitted to moderation")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    #: The language of the request: the reasons of a refusal are written in it.
    language = models.CharField(max_length=10)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    #: The checked fields, as the API's input serializer gave them (dates in ISO form).
    values = models.JSONField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.RECEIVED)
    update = models.ForeignKey(ProgressUpdatePage, null=True, on_delete=models.SET_NULL, related_name="+")
    #: Field -> messages, when refused.
    errors = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [models.Index(fields=["state", "received_at"])]

    def __str__(self):
        return f"{self.pk} ({self.state})"
