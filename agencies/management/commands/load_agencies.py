from django.core.management.base import BaseCommand, CommandError

from agencies.reference import DEFAULT_FILE, ReferenceError, agencies_load, reference_agencies


class Command(BaseCommand):
    help = (
        "Load the government's agency list (agencies/data/agencies.csv by default) into PM1: agencies are "
        "matched by code, then by name, updated in place (a former name stays accepted) or created; agencies "
        "that are not in the list are left alone. Running it again changes nothing. See docs/import.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            default=str(DEFAULT_FILE),
            help="The agency list, a UTF-8 CSV with the columns of agencies/data/agencies.csv (default: that file).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be created and changed, and change nothing."
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            rows = reference_agencies(file)
        except (OSError, ReferenceError) as error:
            raise CommandError(str(error)) from error
        report = agencies_load(rows=rows, dry_run=dry_run)
        for code in report.created:
            self.stdout.write(f"+ {code}")
        for code, changes in report.updated.items():
            described = "; ".join(
                f"{name}: {_shown(old)} → {_shown(new)}" for name, (old, new) in sorted(changes.items())
            )
            self.stdout.write(f"~ {code}: {described}")
        verb = "Would create" if dry_run else "Created"
        summary = (
            f"{verb} {len(report.created)}, {'would update' if dry_run else 'updated'} {len(report.updated)}, "
            f"unchanged {len(report.unchanged)} agencies."
        )
        self.stdout.write(self.style.WARNING(summary) if dry_run else self.style.SUCCESS(summary))


def _shown(value) -> str:
    text = " | ".join(str(value).splitlines()) if value else ""
    return f"“{text}”"
