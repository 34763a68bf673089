from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from core.thai import fiscal_year
from reports.pdf import summary_pdf
from reports.selectors import DashboardFilters
from reports.services import summary_figures


class Command(BaseCommand):
    help = (
        "Build the executive summary PDF (every item, internal ones included) for scheduled jobs. "
        "The same PDF as the admin's; this contract is stable: --out FILE.pdf [--fiscal-year BE] [--lang th|en]."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, metavar="FILE.pdf", help="Where to write the PDF.")
        parser.add_argument(
            "--fiscal-year",
            type=int,
            metavar="BE",
            help="The fiscal year in the Buddhist Era, e.g. 2569 (default: the current one).",
        )
        parser.add_argument("--lang", choices=["th", "en"], default="th", help="The language of the report.")

    def handle(self, *args, out, fiscal_year, lang, **options):
        year = fiscal_year or _current_fiscal_year()
        if not 2400 <= year <= 2800:
            raise CommandError(f"--fiscal-year {year} is not a Buddhist Era year (e.g. 2569).")
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")

        def progress(done: int, total: int) -> None:
            # A line per part, each ending its line: scheduled jobs write to logs, where a bar's
            # carriage returns would run every step into one line.
            if options["verbosity"] > 0:
                self.stderr.write(f"PDF: part {done} of {total}")

        with translation.override(lang):
            figures = summary_figures(filters=DashboardFilters(fiscal_year=year))
            data = summary_pdf(figures=figures, language=lang, progress=progress)
        path.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({len(data):,} bytes, fiscal year {year}, {lang})."))


def _current_fiscal_year() -> int:
    return fiscal_year(timezone.localdate())
