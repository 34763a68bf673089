"""
Writes of the executive support subsystem: reporting rounds, the frozen figures of executive
summaries, and the PDF jobs. Admin views, commands and tasks all call these.
"""

import logging
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.documents.models import Document
from wagtail.models import Page, ReferenceIndex

from agencies.models import Agency
from core.choices import CLOSED
from core.kinds import kinds
from core.status import is_overdue
from notifications.kinds import EventKind
from notifications.services import event_record
from updates.models import ProgressUpdatePage

from . import selectors
from .models import ExecutiveSummaryPage, ReportingRound, ReportJob, RoundSnapshot
from .narrative import summary_narrative
from .pdf import summary_pdf

logger = logging.getLogger(__name__)


@transaction.atomic
def round_open(
    *, title: str, kind: str, period_start: date, period_end: date, due_on: date, items, user=None
) -> ReportingRound:
    """
    Open a reporting round for ``items`` (pages of tracked items of any kind). Every open assignment of
    them owes an update for the period by ``due_on``; their agencies are told.
    """
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    reporting_round = ReportingRound.objects.create(
        title=title, kind=kind, period_start=period_start, period_end=period_end, due_on=due_on, opened_by=user
    )
    reporting_round.items.set(items)
    _round_tell(reporting_round, kind=EventKind.ROUND_OPENED, day=due_on)
    return reporting_round


def _round_tell(reporting_round: ReportingRound, *, kind: str, day: date) -> None:
    """Tell the agencies whose assignments the round covers that it opened (until ``day``) or closed (on it)."""
    agency_ids = {row["agency"] for row in selectors.round_assignments(reporting_round)}
    event_record(
        kind=kind,
        key=f"{kind}:{reporting_round.pk}",
        target=reporting_round,
        recipients=list(Agency.objects.filter(pk__in=agency_ids)),
        url=settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("reports_round", args=[reporting_round.pk]),
        context={"title": reporting_round.title, "deadline": day.isoformat()},
    )


@transaction.atomic
def round_close(*, reporting_round: ReportingRound, user=None, today: date | None = None) -> ReportingRound:
    """
    Close the round and freeze one snapshot row per assignment of its items: the item's and the
    assignment's status, deadline, overdue, and whether the agency reported in the round. A closed
    round is never closed again, so its snapshot never changes.
    """
    locked = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    if not locked.is_open:
        raise ValidationError(_("This reporting round is already closed."))
    today = today or timezone.localdate()
    reported = {(row["item"], row["agency"]): row["reported"] for row in selectors.round_assignments(locked)}
    snapshots = []
    for kind in kinds():
        assignment_model = kind.assignment_model
        assignments = assignment_model.objects.filter(page__in=locked.items.values("pk")).select_related("page")
        percent = _latest_percent(assignment_model, locked)
        for assignment in assignments:
            key = (assignment.page_id, assignment.agency_id)
            snapshots.append(
                RoundSnapshot(
                    round=locked,
                    item_id=assignment.page_id,
                    item_title=assignment.page.title[:255],
                    agency_id=assignment.agency_id,
                    item_status=assignment.page.status,
                    status=assignment.status,
                    deadline=assignment.deadline,
                    overdue=is_overdue(deadline=assignment.deadline, status=assignment.status, today=today),
                    reported=reported.get(key, assignment.status in CLOSED),
                    percent_complete=percent.get(key),
                )
            )
    RoundSnapshot.objects.bulk_create(snapshots)
    locked.state = ReportingRound.State.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = user
    locked.save(update_fields=["state", "closed_at", "closed_by"])
    _round_tell(locked, kind=EventKind.ROUND_CLOSED, day=today)
    return locked


def _latest_percent(assignment_model, reporting_round) -> dict:
    """(item, agency) -> percent complete of the agency's latest published update on the item."""
    items = dict(
        Page.objects.filter(pk__in=reporting_round.items.values("pk"))
        .filter(pk__in=assignment_model.objects.values("page_id"))
        .values_list("path", "pk")
    )
    updates = (
        ProgressUpdatePage.objects.live()
        .annotate(parent_path=Substr("path", 1, Length("path") - ProgressUpdatePage.steplen))
        .filter(parent_path__in=list(items))
        .order_by("period_end", "last_published_at")
        .values_list("parent_path", "agency_id", "percent_complete")
    )
    return {(items[path], agency_id): percent for path, agency_id, percent in updates}


def round_compare(*, rounds) -> list[dict]:
    """Each closed round's frozen figures side by side: assignments, reported, overdue, completed."""
    rows = (
        RoundSnapshot.objects.filter(round__in=rounds)
        .values("round", "round__title", "round__period_end")
        .annotate(
            assignments=Count("pk"),
            reported=Count("pk", filter=Q(reported=True)),
            overdue=Count("pk", filter=Q(overdue=True)),
            completed=Count("pk", filter=Q(status="completed")),
        )
        .order_by("round__period_end", "round")
    )
    return list(rows)


def summary_figures(*, filters: selectors.DashboardFilters, overdue_limit: int = 1000) -> dict:
    """
    Every figure an executive summary shows, as JSON-ready data (dates as ISO strings): what a
    summary page freezes and what the PDF is built from. The annex lists the ``overdue_limit`` most
    overdue assignments (a thousand fill about 35 pages) and says how many there are in all.
    """
    overdue_total, overdue = selectors.overdue_assignments(filters, limit=overdue_limit)
    figures = {
        "fiscal_year": filters.fiscal_year,
        "public_only": filters.public_only,
        "today": filters.today,
        "key": selectors.key_figures(filters),
        "status_by_track": selectors.status_by_track(filters),
        "agencies": selectors.agency_performance(filters),
        "monthly": selectors.monthly_progress(filters),
        "indicators": selectors.indicator_progress(filters),
        "overdue_total": overdue_total,
        "overdue": overdue,
        "policies": selectors.policy_sections(filters),
    }
    return _jsonable(figures)


def _jsonable(value):
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


@transaction.atomic
def summary_freeze(*, page) -> bool:
    """
    Freeze an executive summary page's figures at its first publication, with its PDF: figures of
    its fiscal year's public items as they are now, shared by its translations (a translation published later takes
    its source's figures). Returns whether anything was frozen; frozen figures are never recomputed.
    """
    if page.frozen_at is not None:
        return False
    sibling = (
        ExecutiveSummaryPage.objects.filter(translation_key=page.translation_key, frozen_at__isnull=False)
        .exclude(pk=page.pk)
        .first()
    )
    if sibling is not None:
        figures, frozen_at = sibling.figures, sibling.frozen_at
    else:
        # The page and its PDF are public: internal items stay out of them.
        figures = summary_figures(filters=selectors.DashboardFilters(fiscal_year=page.fiscal_year, public_only=True))
        frozen_at = timezone.now()
    language = page.locale.language_code
    with translation.override(language):
        narrative = page.narrative or summary_narrative(figures)
        data = summary_pdf(figures=figures, language=language, title=page.title, narrative=narrative)
    document = Document.objects.create(
        title=page.title, file=ContentFile(data, name=f"executive-summary-{page.fiscal_year}-{language}.pdf")
    )
    # What Wagtail's upload form does: the hash is the document's ETag when it is served.
    document.get_file_hash()
    ExecutiveSummaryPage.objects.filter(pk=page.pk).update(figures=figures, frozen_at=frozen_at, pdf=document)
    page.figures, page.frozen_at, page.pdf = figures, frozen_at, document
    # Visitors may download a document only when a public page refers to it (security.documents).
    ReferenceIndex.create_or_update_for_object(page)
    return True


def report_job_request(*, fiscal_year: int, language: str, user) -> ReportJob:
    """Queue an executive summary PDF for the background worker; the admin follows its progress."""
    job = ReportJob.objects.create(fiscal_year=fiscal_year, language=language, created_by=user)
    transaction.on_commit(lambda: report_job_run.enqueue(job.pk))
    return job


@task()
def report_job_run(job_id: int):
    """Build a queued job's PDF, recording its progress after every section for the admin to show."""
    claimed = ReportJob.objects.filter(pk=job_id, state=ReportJob.State.QUEUED).update(state=ReportJob.State.RUNNING)
    if not claimed:
        return
    job = ReportJob.objects.get(pk=job_id)

    def progress(done, total):
        ReportJob.objects.filter(pk=job_id).update(steps_done=done, steps_total=total)

    try:
        with translation.override(job.language):
            figures = summary_figures(filters=selectors.DashboardFilters(fiscal_year=job.fiscal_year))
            data = summary_pdf(figures=figures, language=job.language, progress=progress)
    except Exception as error:
        logger.exception("Executive summary job %s failed", job_id)
        ReportJob.objects.filter(pk=job_id).update(
            state=ReportJob.State.FAILED, error=repr(error), finished_at=timezone.now()
        )
        raise
    ReportJob.objects.filter(pk=job_id).update(
        state=ReportJob.State.DONE, pdf=data, steps_done=F("steps_total"), finished_at=timezone.now()
    )
