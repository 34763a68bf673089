import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from core.bulk import BulkPageError
from core.progress import quiet_logs
from core.roles import PMO_ROLES
from demo import data
from demo.bulk import BulkDirectiveGenerator, BulkGenerationError
from demo.loader import DemoDataError, DemoLoader
from demo.plan import GENERATED_PREFIX, demo_plan

DEFAULT_SEED = 2569


class Command(BaseCommand):
    help = (
        "Load PM1's bilingual demo data: ministries and departments, occasions, the policy tree, about sixty "
        "directives across the four tracks, progress updates in every moderation state, English translations "
        "and a demo user for every role. Safe to run again: what exists is left alone. With --scale N, also "
        "generate N more published directives with about three published updates each, for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help=f"Also generate N benchmark directives (reference series {GENERATED_PREFIX}…), continuing "
            "the numbering of earlier runs, each with about three published progress updates. Default: 0.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Seed of the random choices, so the same seed gives the same data. Default: %(default)s.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=2000,
            help="Generated directives written per transaction with --scale. Default: %(default)s.",
        )
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="Do not show progress bars.",
        )

    def handle(self, *args, verbosity, **options):
        if verbosity > 1:
            return self._load(verbosity=verbosity, **options)
        with quiet_logs():
            return self._load(verbosity=verbosity, **options)

    def _load(self, *, scale, seed, batch_size, no_progress, verbosity, **options):
        if scale < 0:
            raise CommandError("--scale must be zero or more.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        progress_file = options.get("stderr") or sys.stderr
        show_progress = not no_progress and verbosity > 0

        started = time.monotonic()
        loader = DemoLoader(demo_plan(seed), progress_file=progress_file, show_progress=show_progress)
        try:
            created = loader.run()
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        if sum(created.values()):
            summary = ", ".join(f"{count} {name}" for name, count in sorted(created.items()) if count)
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {time.monotonic() - started:.1f} s: {summary}."))
        else:
            self.stdout.write(self.style.WARNING("The demo data is already there: nothing to add."))

        if scale:
            generator = BulkDirectiveGenerator(
                seed=seed,
                batch_size=batch_size,
                progress_file=progress_file,
                show_progress=show_progress,
                owner=loader.users["coordinator"],
            )
            try:
                result = generator.run(scale)
            except (BulkGenerationError, BulkPageError) as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                self.style.SUCCESS(
                    f"Generated {result.directives} directives ({result.first_reference} … {result.last_reference}) "
                    f"and {result.updates} progress updates: {result.pages} pages in {result.seconds:.1f} s, "
                    f"{result.pages / max(result.seconds, 0.001):.0f} pages/s "
                    f"(search index {result.index_seconds:.1f} s of it)."
                )
            )

        self._credentials(loader)

    def _credentials(self, loader):
        rows = [("username", "password", "role", "agency")]
        for username, role, agency_code, *_ in data.USERS:
            agency = loader.agencies[agency_code].short_name_th if agency_code else ""
            rows.append((username, data.DEMO_PASSWORD, role or "superuser", agency))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        line = "  ".join("-" * w for w in widths)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo users (Wagtail admin at /admin/):"))
        for i, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
            if i == 0:
                self.stdout.write(line)
        others = list(
            get_user_model()
            .objects.filter(Q(username__startswith="reporter_") | Q(username__startswith="approver_"))
            .exclude(username__in=[row[0] for row in rows])
            .order_by("username")
            .values_list("username", flat=True)
        )
        if others:
            self.stdout.write(
                f"…and {len(others)} more agency reporters and approvers (reporter_<code>, approver_<code>, "
                f"e.g. {others[0]}) with the same password."
            )
        second_factor = [row[0] for row in rows[1:] if row[2] in ("superuser", *PMO_ROLES)]
        self.stdout.write(
            self.style.WARNING(
                f"{', '.join(second_factor)}: two-step verification is mandatory. At the first login the admin "
                "shows a QR code and a key: scan it with an authenticator app, or give the key as shown, spaces "
                'included, inside quotes to `oathtool --totp -b "KEY"`, and enter the code '
                "(README, 'The two commands')."
            )
        )
