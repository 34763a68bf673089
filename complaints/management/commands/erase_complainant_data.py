from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.services import complainant_erase, complainants_due_for_erasure


class Command(BaseCommand):
    help = gettext_lazy(
        "Erase complainants' personal data once COMPLAINANT_DATA_RETENTION_DAYS have passed since their "
        "complaint closed. The anonymised cases stay; every erasure is written to the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=gettext_lazy("Count what would be erased; change nothing.")
        )

    def handle(self, *args, dry_run=False, **options):
        due = complainants_due_for_erasure()
        if dry_run:
            self.stdout.write(
                self.style.WARNING(
                    _("%(count)d complainant records would be erased (retention %(days)d days after closing).")
                    % {"count": due.count(), "days": settings.COMPLAINANT_DATA_RETENTION_DAYS}
                )
            )
            return
        erased = 0
        for complainant in due.iterator():
            complainant_erase(complainant=complainant)
            erased += 1
        self.stdout.write(self.style.SUCCESS(_("%(count)d complainant records erased.") % {"count": erased}))
