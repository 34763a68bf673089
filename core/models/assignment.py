from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from ..choices import CLOSED, Status
from ..status import is_overdue


class AssignmentQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=CLOSED)

    def overdue(self, today: date | None = None):
        """Assignments past their deadline and not closed: overdue is derived, never stored."""
        return self.open().filter(deadline__lt=today or timezone.localdate())


class AssignmentBase(Orderable):
    """
    One agency's part in a tracked item, with its own deadline and status. The status is not typed
    by hand: ``updates.services.item_refresh_status`` derives it from published progress updates.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead agency")
        SUPPORTING = "supporting", _("Supporting agency")

    agency = models.ForeignKey("agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LEAD)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED, editable=False
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    #: When the assignment last changed: its item was published, or its status was derived anew.
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = AssignmentQuerySet.as_manager()

    panels = [FieldPanel("agency"), FieldPanel("role"), FieldPanel("deadline")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return f"{self.agency} ({self.get_role_display()})"

    @property
    def is_overdue(self) -> bool:
        return is_overdue(deadline=self.deadline, status=self.status, today=timezone.localdate())
