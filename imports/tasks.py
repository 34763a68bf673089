"""The admin's imports run as background tasks (django-tasks), so a long file never holds a request."""

import logging

from django.utils import timezone
from django_tasks import task

from .models import ImportJob
from .services import items_import

logger = logging.getLogger(__name__)


@task()
def import_job_run(job_id: int):
    """Import a confirmed job's file, recording its progress after every batch for the admin to show."""
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)

    def progress(done, total):
        ImportJob.objects.filter(pk=job_id).update(rows_done=done, rows_total=total)

    try:
        result = items_import(
            kind=job.kind,
            data=bytes(job.content),
            filename=job.filename,
            user=job.created_by,
            publish=job.publish,
            create_agencies=job.create_agencies,
            strict=job.strict,
            progress=progress,
        )
    except Exception as error:
        logger.exception("Import %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            state=ImportJob.State.FAILED, error=repr(error), finished_at=timezone.now()
        )
        raise
    ImportJob.objects.filter(pk=job_id).update(
        state=ImportJob.State.DONE,
        result=result.as_json(),
        rows_done=result.done,
        rows_total=result.rows,
        finished_at=timezone.now(),
    )
