from django.core.management.base import BaseCommand

from reports.facts import facts_rebuild


class Command(BaseCommand):
    help = (
        "Write the reporting facts (what the dashboards and executive summaries count) again from the pages: "
        "after pages or assignments were changed behind Django's back, e.g. by SQL."
    )

    def handle(self, *args, **options):
        def progress(done, total):
            self.stdout.write(f"{done}/{total} pages", ending="\r")

        counts = facts_rebuild(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote the facts of {counts['items']:,} items, {counts['assignments']:,} assignments "
                f"and {counts['updates']:,} updates."
            )
        )
