"""Background work on progress updates (django-tasks: in the request in development, a worker in production)."""

from django_tasks import task

from .services import submission_process


@task()
def submission_process_task(submission_id: int) -> None:
    """Make the update an ``UpdateSubmission`` holds (``updates.services.submission_process``)."""
    submission_process(submission_id)
