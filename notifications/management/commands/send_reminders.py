from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.thai import parse_thai_date
from notifications.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Remind agencies of approaching deadlines and escalate overdue items to their approvers, then the "
        "PMO. Safe to run from cron any number of times a day: each reminder is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Act as if today were this date (BE or CE, e.g. 25/01/2569); default: today.",
        )

    def handle(self, *args, date=None, **options):
        try:
            today = parse_thai_date(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(str(error)) from error
        run = reminders_send(today=today)
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.deadlines} deadline reminders, {run.overdue_approver} overdue notices to approvers, "
                f"{run.overdue_pmo} to the PMO; {run.resumed} unfinished deliveries queued again."
            )
        )
