from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from security.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by 'backup' into an empty database and the media directory (README, 'Backups')."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz archive written by 'backup'.")
        parser.add_argument(
            "--database", default="default", help="The database alias to restore into; it must be empty."
        )

    def handle(self, *args, archive, database, **options):
        if not archive.is_file():
            raise CommandError(f"{archive} is not a file.")
        try:
            manifest = backup_restore(archive, database=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {manifest['database']} database of {manifest['created']} and {manifest['files']} files."
            )
        )
