from django.core.management.base import BaseCommand

from citizens.services import followers_prune_unconfirmed
from citizens.tokens import CONFIRM_MAX_AGE


class Command(BaseCommand):
    help = (
        f"Delete e-mail addresses that asked to follow something but did not confirm within "
        f"{CONFIRM_MAX_AGE.days} days (their link has expired). Run daily from cron."
    )

    def handle(self, *args, **options):
        deleted = followers_prune_unconfirmed()
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} unconfirmed follow(s)."))
