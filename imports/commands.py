"""What the import and export commands of every kind share."""

import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from directives.demo.loader import quiet_logs

from .problems import WARNING
from .services import items_export, items_import, problems_csv


class ImportCommand(BaseCommand):
    """``import_<kind> FILE [--dry-run] [--publish] [--create-agencies] [--strict]``; see docs/import.md."""

    kind: str
    #: Whether the file may name agencies PM1 does not know yet (progress updates name assigned ones only).
    creates_agencies = True

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="A CSV (UTF-8 or Windows-874) or XLSX file with a header row.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report; change nothing.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish new and changed items; otherwise they are saved as drafts."
        )
        if self.creates_agencies:
            parser.add_argument(
                "--create-agencies",
                action="store_true",
                help="Create agencies the file names that PM1 does not know, instead of rejecting their rows.",
            )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Reject rows without a date, an agency or a reference, and dates known only to the month or "
            "the year, instead of importing them marked with what is missing.",
        )
        parser.add_argument("--user", metavar="USERNAME", help="Record the revisions and audit entries as this user.")
        parser.add_argument(
            "--report", metavar="CSV", help="Write every problem (row, column, value, problem) to this CSV file."
        )
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Rows written per transaction. Default: %(default)s."
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar.")

    def handle(self, *args, file, dry_run, publish, strict, user, report, batch_size, no_progress, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file} is not a file.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"There is no user {user}.")
        show = not no_progress and options["verbosity"] > 0
        bar = tqdm(total=0, unit="row", desc=path.name, file=options.get("stderr") or sys.stderr, disable=not show)
        started = time.monotonic()

        def progress(done, total):
            bar.total = total
            bar.n = done
            bar.set_postfix(rows_per_s=f"{done / max(time.monotonic() - started, 0.001):.0f}")
            bar.refresh()

        with bar, quiet_logs():
            result = items_import(
                kind=self.kind,
                data=path.read_bytes(),
                filename=path.name,
                user=account,
                publish=publish,
                create_agencies=options.get("create_agencies", False),
                strict=strict,
                dry_run=dry_run,
                batch_size=batch_size,
                progress=progress,
            )
        for problem in result.problems:
            where = f"row {problem.row}" if problem.row else "file"
            column = f", {problem.column}" if problem.column else ""
            value = f" “{problem.value}”" if problem.value else ""
            line = f"{where}{column}:{value} {problem.text}"
            self.stdout.write(self.style.WARNING(line) if problem.level == WARNING else self.style.ERROR(line))
        if report:
            Path(report).write_bytes(problems_csv(result.problems))
        if result.failed:
            raise CommandError("The file could not be imported.")
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows} rows: {result.created} {self.kind} {verb} created, {result.updated} updated, "
                f"{result.unchanged} unchanged; {result.rejected} rows rejected."
                + (f" {result.done / max(result.seconds, 0.001):.0f} rows/s." if not dry_run and result.seconds else "")
            )
        )
        for label, names in (("agencies", result.new_agencies), ("occasions", result.new_occasions)):
            if names:
                self.stdout.write(f"New {label} {verb} created: {', '.join(names)}")


class ExportCommand(BaseCommand):
    """``export_<kind> [FILE]``: the import format, to a file or standard output."""

    kind: str

    def add_arguments(self, parser):
        parser.add_argument(
            "file", metavar="FILE", nargs="?", default="-", help="Where to write; - (default) is standard output."
        )
        parser.add_argument(
            "--format",
            choices=["csv", "xlsx"],
            help="csv (UTF-8 with a byte-order mark) or xlsx. Default: from FILE's extension, else csv.",
        )

    def handle(self, *args, file, format, **options):
        file_format = format or ("xlsx" if file.lower().endswith(".xlsx") else "csv")
        if file == "-" and file_format == "xlsx":
            raise CommandError("Write XLSX to a file, not to standard output.")
        data = items_export(kind=self.kind, file_format=file_format)
        if file == "-":
            self.stdout.write(data.decode("utf-8-sig"), ending="")
        else:
            Path(file).write_bytes(data)
