from django.core.management.base import BaseCommand

from core.progress import progress_callback
from reports.facts import facts_rebuild


class Command(BaseCommand):
    help = (
        "Write the reporting facts (what the dashboards and executive summaries count) again from the pages: "
        "after pages or assignments were changed behind Django's back, e.g. by SQL."
    )

    def handle(self, *args, **options):
        with progress_callback(
            "reporting facts", unit="page", file=options.get("stderr"), show=options["verbosity"] > 0
        ) as progress:
            counts = facts_rebuild(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote the facts of {counts['items']:,} items, {counts['assignments']:,} assignments "
                f"and {counts['updates']:,} updates."
            )
        )
