"""
What the import and export commands of every kind share. A kind's app declares its own commands
(``import_<name>``, ``export_<name>`` in its ``management/commands``) naming its file (``kind``), which
these find among ``imports.services.item_files``: the registered kinds' files and progress updates'.
"""

import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from core.progress import quiet_logs

from .problems import WARNING
from .services import item_file_named, item_files, items_export, items_import, problems_csv


def _checked(name: str) -> str:
    """``name`` if a file is called so, else the ``CommandError`` that says what can be imported."""
    try:
        item_file_named(name)
    except LookupError as error:
        raise CommandError(str(error)) from None
    return name


class ImportCommand(BaseCommand):
    """``import_<kind> FILE [--dry-run] [--publish] [--create-agencies] [--strict]``; see docs/import.md."""

    #: The name of the file the command reads (``imports.items.ItemFile.name``).
    kind: str

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="A CSV (UTF-8 or Windows-874) or XLSX file with a header row.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report; change nothing.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish new and changed items; otherwise they are saved as drafts."
        )
        # Progress updates name agencies already assigned to their item: they create none. An unknown file
        # is refused by ``handle``, where a CommandError is reported as one.
        reader = item_files().get(self.kind)
        if reader is None or reader.creates_agencies:
            parser.add_argument(
                "--create-agencies",
                action="store_true",
                help="Create agencies the file names that PM1 does not know, instead of rejecting their rows.",
            )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Keep the refusals of before: rows with gaps (what the archive lacks: a date, an agency, a "
            "reference, a date known only to the month or the year, a reason for a status change or evidence) "
            "are errors instead of being imported marked with the gap.",
        )
        parser.add_argument("--user", metavar="USERNAME", help="Record the revisions and audit entries as this user.")
        parser.add_argument(
            "--report", metavar="CSV", help="Write every problem (row, column, value, problem) to this CSV file."
        )
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Rows written per transaction. Default: %(default)s."
        )
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="Do not show the progress bar (it is shown only on a terminal anyway).",
        )

    def handle(self, *args, file, dry_run, publish, strict, user, report, batch_size, no_progress, **options):
        kind = _checked(self.kind)
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
        # disable=None: tqdm shows itself on a terminal only, so a log never gets a line of \r updates.
        stderr = options.get("stderr") or sys.stderr
        bar = tqdm(total=0, unit="row", desc=path.name, file=stderr, disable=None if show else True)
        stage = {"label": None, "started": 0.0}

        def shown(label):
            """A progress callback that shows ``label``'s stage (checking, then writing) on the bar."""

            def show_progress(done, total):
                if stage["label"] != label:
                    stage.update(label=label, started=time.monotonic())
                    bar.reset(total=total)
                    bar.set_description(f"{path.name}: {label}", refresh=False)
                bar.total = total
                bar.n = done
                bar.set_postfix(rows_per_s=f"{done / max(time.monotonic() - stage['started'], 0.001):.0f}")

            return show_progress

        with bar, quiet_logs():
            result = items_import(
                kind=kind,
                data=path.read_bytes(),
                filename=path.name,
                user=account,
                publish=publish,
                create_agencies=options.get("create_agencies", False),
                strict=strict,
                dry_run=dry_run,
                batch_size=batch_size,
                progress=shown(_("writing")),
                checking=shown(_("checking")),
            )
        for problem in result.problems:
            where = _("row %(row)s") % {"row": problem.row} if problem.row else _("file")
            column = f", {problem.column}" if problem.column else ""
            value = f" “{problem.value}”" if problem.value else ""
            line = f"{where}{column}:{value} {problem.text}"
            self.stdout.write(self.style.WARNING(line) if problem.level == WARNING else self.style.ERROR(line))
        if report:
            Path(report).write_bytes(problems_csv(result.problems))
        if result.failed:
            raise CommandError("The file could not be imported.")
        self.report(result, path.name)

    def report(self, result, name: str):
        """The import's report: counts by outcome, rows with gaps by gap, refused rows by reason."""
        heading = _("Dry run of %(file)s: nothing was changed.") if result.dry_run else _("Import of %(file)s")
        self.stdout.write(self.style.SUCCESS(heading % {"file": name}))
        lines = list(result.outcomes())
        if not result.dry_run and result.seconds:
            lines.append((_("Rows per second"), round(result.done / max(result.seconds, 0.001))))
        # Counts first: Thai vowel and tone marks take no column, so labels cannot be padded by length.
        for label, count in lines:
            self.stdout.write(f"  {count:>7}  {label}")
        if result.gaps:
            self.stdout.write(_("Gaps (rows imported marked with what their record lacks):"))
            for label, count in result.gap_counts():
                self.stdout.write(f"  {count:>7}  {label}")
        if result.refusals:
            self.stdout.write(_("Rejected rows, by reason:"))
            for column, reason, count in result.refusal_counts():
                self.stdout.write(f"  {count:>7}  {column}: {reason}" if column else f"  {count:>7}  {reason}")
        names = ((_("New agencies"), result.new_agencies), (_("New occasions"), result.new_occasions))
        for label, found in names:
            if found:
                self.stdout.write(f"{label}: {', '.join(found)}")


class ExportCommand(BaseCommand):
    """``export_<kind> [FILE]``: the import format, to a file or standard output."""

    #: The name of the file the command writes (``imports.items.ItemFile.name``).
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
        data = items_export(kind=_checked(self.kind), file_format=file_format)
        if file == "-":
            self.stdout.write(data.decode("utf-8-sig"), ending="")
        else:
            Path(file).write_bytes(data)
