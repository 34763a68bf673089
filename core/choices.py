"""The vocabularies every tracked item shares: the four tracks and the status taxonomy."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Track(models.TextChoices):
    POLICY = "policy", _("Policy coordination and PM directives")
    PARLIAMENT = "parliament", _("Political coordination (House of Representatives)")
    FOREIGN = "foreign", _("Foreign-affairs follow-up")
    SECRETARY = "secretary", _("Secretary to the Prime Minister (public complaints)")


class Status(models.TextChoices):
    """
    Progress of an assignment or an item. The three "in progress" values are one status with a
    sub-state; overdue is never stored: it is derived from deadlines (see ``core.status``).
    """

    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("In progress: on track")
    AT_RISK = "at_risk", _("In progress: at risk")
    DELAYED = "delayed", _("In progress: delayed")
    COMPLETED = "completed", _("Completed")
    NOT_PURSUED = "not_pursued", _("Not pursued")


IN_PROGRESS = frozenset({Status.ON_TRACK, Status.AT_RISK, Status.DELAYED})
CLOSED = frozenset({Status.COMPLETED, Status.NOT_PURSUED})


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")


class DatePrecision(models.TextChoices):
    """How much of an item's date is known; archives often record only the month or the year."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month only")
    YEAR = "year", _("Year only")


class Gap(models.TextChoices):
    """
    What an archival item lacks, derived from its data (``TrackedItemPage.gaps``) so that it cannot
    drift: completing the item in the editor removes its gap.
    """

    DATE = "date", _("Date not recorded")
    AGENCIES = "agencies", _("Agency not recorded")
    DATE_PRECISION = "date_precision", _("Date only to the month or year")
    REFERENCE = "ref", _("Reference number derived by the import")
