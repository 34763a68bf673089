from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from security.backup import BackupError, backup_create


class Command(BaseCommand):
    help = gettext_lazy(
        "Back up the database, the uploaded files and the erasure ledger into one archive encrypted with "
        "BACKUP_KEY (README, 'Backups')."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "out", type=Path, help=gettext_lazy("The archive to write, e.g. /backups/pm1-2026-11-24.pm1backup.")
        )
        parser.add_argument("--database", default="default", help=gettext_lazy("The database alias to back up."))
        parser.add_argument(
            "--unencrypted",
            action="store_true",
            help=gettext_lazy("Write a plain .tar.gz without BACKUP_KEY (development only; production refuses)."),
        )

    def handle(self, *args, out, database, unencrypted, **options):
        try:
            manifest = backup_create(out, database=database, unencrypted=unencrypted)
        except BackupError as error:
            raise CommandError(str(error)) from error
        message = (
            _("Backed up the %(database)s database and %(files)d files to %(out)s, encrypted.")
            if manifest["encrypted"]
            else _("Backed up the %(database)s database and %(files)d files to %(out)s, NOT encrypted.")
        )
        self.stdout.write(
            self.style.SUCCESS(message % {"database": manifest["database"], "files": manifest["files"], "out": out})
        )
