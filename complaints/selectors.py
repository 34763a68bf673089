"""Reads on complaints. The complainant's personal data is read here only, and every read is logged."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from wagtail.models import Locale

from core.roles import agency_ids_for_user, is_pmo
from security.audit import log_personal_data_read

from .models import Complainant, ComplaintPage


def may_read_complainant(user) -> bool:
    """
    PMO coordinators and administrators handle complainants. Executives, agencies (who work on the
    case from its details) and translators never see personal data.
    """
    return is_pmo(user)


def may_list_complaints(user) -> bool:
    """
    The complaints listing is the PMO's and the agencies' to work in: PMO staff and the staff of agencies
    (who see the complaints referred to them). Executives read complaints among the tracked items;
    translators translate the public ones from the page explorer.
    """
    return is_pmo(user) or bool(agency_ids_for_user(user))


def complainant_for(*, complaint: ComplaintPage, request) -> Complainant:
    """The complainant of a complaint, for a PMO user; the read is written to the audit log."""
    if not may_read_complainant(request.user):
        raise PermissionDenied
    complainant, _created = Complainant.objects.get_or_create(complaint=complaint)
    log_personal_data_read(instance=complainant, request=request, what="complainant")
    return complainant


def complaint_counts_for(directive) -> dict:
    """How many complaints concern a directive (any of its translations) and how many are closed."""
    complaints = ComplaintPage.objects.filter(
        locale=Locale.get_default(), related_directives__translation_key=directive.translation_key
    )
    return complaints.aggregate(
        linked=Count("pk", distinct=True),
        resolved=Count("pk", distinct=True, filter=Q(stage=ComplaintPage.Stage.CLOSED)),
    )
