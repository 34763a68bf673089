from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from security.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = gettext_lazy(
        "Restore a backup made by 'backup' into an empty database and the media directory, then erase "
        "again the personal data the erasure ledger lists (README, 'Backups')."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help=gettext_lazy("The archive written by 'backup'."))
        parser.add_argument(
            "--database",
            default="default",
            help=gettext_lazy("The database alias to restore into; it must be empty."),
        )
        parser.add_argument(
            "--unencrypted",
            action="store_true",
            help=gettext_lazy(
                "Accept an archive that is not encrypted (made before encryption, or with --unencrypted)."
            ),
        )

    def handle(self, *args, archive, database, unencrypted, **options):
        if not archive.is_file():
            raise CommandError(_("%(archive)s is not a file.") % {"archive": archive})
        try:
            manifest = backup_restore(archive, database=database, unencrypted=unencrypted)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored the %(database)s database of %(created)s and %(files)d files.")
                % {"database": manifest["database"], "created": manifest["created"], "files": manifest["files"]}
            )
        )
        self.stdout.write(
            ngettext(
                "Erased again %(count)d record of personal data that the erasure ledger lists.",
                "Erased again %(count)d records of personal data that the erasure ledger lists.",
                manifest["erasures"],
            )
            % {"count": manifest["erasures"]}
        )
