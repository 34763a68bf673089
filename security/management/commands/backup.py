from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from security.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz archive (README, 'Backups')."

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="The archive to write, e.g. /backups/pm1-2569-11-24.tar.gz.")
        parser.add_argument("--database", default="default", help="The database alias to back up.")

    def handle(self, *args, out, database, **options):
        try:
            manifest = backup_create(out, database=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Backed up the {manifest['database']} database and {manifest['files']} files to {out}.")
        )
