"""
The agency API on complaints: the ones referred to an agency, one complaint with its replies, and
the open data of the complaints the PMO made public. The complainant is never part of any answer.
"""

from api.items import AssignmentListAPI
from api.links import page_url
from api.open_data import (
    OpenDataAPI,
    agency_codes,
    earliest_deadline,
    item_filters_applied,
    open_data_schema_view,
    public_pages,
)
from core.roles import agency_ids_for_user, reads_everything
from updates.item_detail import ItemDetailAPI

from .models import ComplaintAssignment, ComplaintPage


class ComplaintAssignmentListAPI(AssignmentListAPI):
    model = ComplaintAssignment
    item_type = "complaint"


class ComplaintDetailAPI(ItemDetailAPI):
    model = ComplaintPage
    item_type = "complaint"

    def details(self, page) -> dict:
        """The case as the public may see it; its details only for the referred agencies and the PMO."""
        answer = {
            "received_on": page.received_on,
            "channel": page.channel,
            "category": page.category,
            "province": page.province,
            "district": page.district,
            "stage": page.stage,
            "public_summary": page.public_summary,
            "closed_on": page.closed_on,
        }
        user = self.request.user
        if reads_everything(user) or agency_ids_for_user(user) & page.agency_scope():
            answer.update(mp_or_committee=page.mp_or_committee, details=page.details, outcome=page.outcome)
        return answer


@open_data_schema_view("track", "status", "agency", "fiscal_year")
class ComplaintOpenDataAPI(OpenDataAPI):
    """The complaints the PMO published: their public summary and progress, never who complained."""

    filename = "complaints"
    columns = {
        "id": lambda complaint, request: complaint.pk,
        "ref": lambda complaint, request: complaint.reference,
        "title": lambda complaint, request: complaint.title,
        "track": lambda complaint, request: complaint.track,
        "category": lambda complaint, request: complaint.category,
        "province": lambda complaint, request: complaint.province,
        "received_on": lambda complaint, request: complaint.received_on,
        "stage": lambda complaint, request: complaint.stage,
        "status": lambda complaint, request: complaint.status,
        "closed_on": lambda complaint, request: complaint.closed_on,
        "public_summary": lambda complaint, request: complaint.public_summary,
        "agencies": agency_codes,
        "deadline": earliest_deadline,
        "url": page_url,
        "last_published_at": lambda complaint, request: complaint.last_published_at,
    }

    def get_rows(self, request, locale, filters):
        rows = ComplaintPage.objects.filter(pk__in=public_pages(locale, "complaint"))
        rows = rows.prefetch_related("assignments__agency")
        return item_filters_applied(rows, filters, date_field="received_on")
