from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy

from security.backup import backup_key_new


class Command(BaseCommand):
    help = gettext_lazy(
        "Print a new BACKUP_KEY. Keep it in a secret store, away from the backups: without it they cannot "
        "be read (README, 'Backups')."
    )

    def handle(self, *args, **options):
        self.stdout.write(backup_key_new())
