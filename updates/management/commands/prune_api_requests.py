"""
Forget what the API keeps for retries and asynchronous sends. With the updates rather than the
``api`` app: it forgets the receipts of updates too, and ``api`` is below ``updates``.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.models import IdempotentRequest
from updates.models import UpdateSubmission


class Command(BaseCommand):
    help = (
        "Forget the answers kept for Idempotency-Key retries, and the receipts of updates sent with "
        "Prefer: respond-async once made or refused, after --days days (default 7). A retry older than "
        "that is a new request. Receipts still waiting for the worker are kept. Run it daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Keep this many days. Default: %(default)s.")

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        before = timezone.now() - timedelta(days=days)
        answers, _ = IdempotentRequest.objects.filter(created_at__lt=before).delete()
        receipts, _ = (
            UpdateSubmission.objects.filter(received_at__lt=before)
            .exclude(state=UpdateSubmission.State.RECEIVED)
            .delete()
        )
        self.stdout.write(f"Forgot {answers} idempotent answers and {receipts} receipts older than {days} days.")
