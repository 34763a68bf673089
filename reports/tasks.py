"""Large executive summaries are built by a background task (django-tasks), as imports are."""

import logging

from django.db.models import F
from django.utils import timezone, translation
from django_tasks import task

from .models import ReportJob
from .pdf import summary_pdf
from .selectors import DashboardFilters
from .services import summary_figures

logger = logging.getLogger(__name__)


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
            figures = summary_figures(filters=DashboardFilters(fiscal_year=job.fiscal_year))
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
