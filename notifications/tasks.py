"""Background work on notifications (django-tasks: in the request by default, ``db_worker`` in production)."""

from django_tasks import task

from .services import deliveries_send


@task()
def deliveries_send_task(delivery_ids: list[int]) -> None:
    """Send a batch of deliveries (``notifications.services.deliveries_send``)."""
    deliveries_send(delivery_ids=delivery_ids)
