"""
Writes on complaints: intake, referral to agencies, closing, the complainant's record and its
erasure. The admin views, the importer, the demo loader and the retention command all call these.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.log_actions import log

from core.models.assignment import AssignmentBase
from security.erasures import erasure_record
from updates.models import ProgressUpdatePage

from .models import Complainant, ComplaintAssignment, ComplaintIndexPage, ComplaintPage

ERASED = "pm1.personal_data.erased"
#: How the erasure ledger names a complainant's erasure; its key is the complaint's id.
ERASURE_SUBJECT = Complainant._meta.label_lower


@dataclass(frozen=True)
class Referral:
    """One agency a complaint is referred to, with the deadline for its reply."""

    agency: object
    deadline: date | None = None
    role: str = AssignmentBase.Role.LEAD


def complaint_stage_of(complaint: ComplaintPage) -> str:
    """Where a complaint stands: closed, replied (an agency's reply is published), referred, received."""
    if complaint.closed_on:
        return ComplaintPage.Stage.CLOSED
    if ProgressUpdatePage.objects.live().child_of(complaint).exists():
        return ComplaintPage.Stage.REPLIED
    if complaint.assignments.exists():
        return ComplaintPage.Stage.REFERRED
    return ComplaintPage.Stage.RECEIVED


def complaint_refresh_stage(*, complaint: ComplaintPage) -> str:
    """Derive the stage again, for the complaint and its translations, without a new revision."""
    stage = complaint_stage_of(complaint)
    ComplaintPage.objects.filter(translation_key=complaint.translation_key).exclude(stage=stage).update(stage=stage)
    complaint.stage = stage
    return stage


def _publish(complaint: ComplaintPage, user) -> ComplaintPage:
    complaint.save_revision(user=user, log_action=True).publish(user=user)
    complaint.refresh_from_db()
    complaint_refresh_stage(complaint=complaint)
    return complaint


@transaction.atomic
def complaint_receive(*, user, parent: ComplaintIndexPage, complainant: dict | None = None, **fields) -> ComplaintPage:
    """
    Record a complaint as received (published: internal unless its visibility says otherwise), with
    the complainant's personal data in its own record.
    """
    complaint = ComplaintPage(owner=user, live=False, **fields)
    parent.add_child(instance=complaint)
    _publish(complaint, user)
    Complainant.objects.create(complaint=complaint, **(complainant or {}))
    return complaint


@transaction.atomic
def complaint_refer(*, complaint: ComplaintPage, user, referrals: list[Referral]) -> ComplaintPage:
    """Refer the complaint to more agencies (each once), each with its own deadline."""
    complaint = ComplaintPage.objects.get(pk=complaint.pk)
    referred = {assignment.agency_id for assignment in complaint.assignments.all()}
    for referral in referrals:
        if referral.agency.pk in referred:
            continue
        complaint.assignments.add(
            ComplaintAssignment(agency=referral.agency, deadline=referral.deadline, role=referral.role)
        )
        referred.add(referral.agency.pk)
    return _publish(complaint, user)


@transaction.atomic
def complaint_close(*, complaint: ComplaintPage, user, outcome: str, closed_on: date | None = None) -> ComplaintPage:
    """Close the complaint with its outcome; the retention period of the personal data starts."""
    complaint = ComplaintPage.objects.get(pk=complaint.pk)
    complaint.outcome = outcome
    complaint.closed_on = closed_on or timezone.localdate()
    complaint.full_clean()
    return _publish(complaint, user)


def complainant_save(*, complaint: ComplaintPage, **values) -> Complainant:
    """Write the complainant's record (the admin's form; never through a page revision)."""
    complainant, _created = Complainant.objects.get_or_create(complaint=complaint)
    for name in Complainant.PERSONAL_FIELDS:
        if name in values:
            setattr(complainant, name, values[name])
    complainant.full_clean()
    complainant.save()
    return complainant


def complainants_due_for_erasure(*, today: date | None = None):
    """Records of complaints closed longer ago than the retention period, not yet erased."""
    cutoff = (today or timezone.localdate()) - timedelta(days=settings.COMPLAINANT_DATA_RETENTION_DAYS)
    return Complainant.objects.filter(
        erased_at__isnull=True, complaint__closed_on__isnull=False, complaint__closed_on__lt=cutoff
    ).select_related("complaint")


@transaction.atomic
def complainant_erase(*, complainant: Complainant, user=None) -> None:
    """
    Blank every personal field and log the erasure; the case itself stays, anonymised. The erasure
    ledger has it first, so that a restore of an older backup erases it again.
    """
    erasure_record(subject=ERASURE_SUBJECT, key=complainant.complaint_id, reference=complainant.complaint.reference)
    for name in Complainant.PERSONAL_FIELDS:
        setattr(complainant, name, "")
    complainant.erased_at = timezone.now()
    complainant.save()
    log(
        instance=complainant,
        action=ERASED,
        user=user,
        data={"complaint": complainant.complaint_id, "retention_days": settings.COMPLAINANT_DATA_RETENTION_DAYS},
    )


def complainants_erase_again(*, complaint_ids: list[int], using: str = "default") -> int:
    """
    After a restore: blank again the personal data of these complaints' complainants where it came
    back, and return how many. Restore comes before ``migrate``, so the schema may be older than the
    model: only the columns that exist are touched, and without the table there is nothing to erase.
    """
    table = Complainant._meta.db_table
    connection = connections[using]
    with connection.cursor() as cursor:
        if table not in connection.introspection.table_names(cursor):
            return 0
        columns = {column.name for column in connection.introspection.get_table_description(cursor, table)}
    personal = [name for name in Complainant.PERSONAL_FIELDS if Complainant._meta.get_field(name).column in columns]
    if not personal or not complaint_ids:
        return 0
    blank = dict.fromkeys(personal, "")
    if "erased_at" in columns:
        blank["erased_at"] = Coalesce("erased_at", Value(timezone.now()))
    came_back = reduce(or_, (~Q(**{name: ""}) for name in personal))
    erased = 0
    # In slices: SQLite takes at most a few hundred parameters in one query.
    for start in range(0, len(complaint_ids), 500):
        erased += (
            Complainant.objects.using(using)
            .filter(came_back, complaint_id__in=complaint_ids[start : start + 500])
            .update(**blank)
        )
    return erased
