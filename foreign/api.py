"""The agency API and open data on foreign-affairs commitments, shaped like the directives'."""

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
from updates.item_detail import ItemDetailAPI

from .models import ForeignAssignment, ForeignCommitmentPage


class ForeignAssignmentListAPI(AssignmentListAPI):
    model = ForeignAssignment
    item_type = "foreign"


class ForeignDetailAPI(ItemDetailAPI):
    model = ForeignCommitmentPage
    item_type = "foreign"

    def details(self, page) -> dict:
        return {
            "country": page.country,
            "organisation": page.organisation,
            "event_kind": page.event_kind,
            "event": page.event,
            "event_date": page.event_date,
            "commitment": page.commitment,
        }


@open_data_schema_view("track", "status", "agency", "fiscal_year")
class ForeignOpenDataAPI(OpenDataAPI):
    """Published public foreign-affairs commitments, with their agencies (lead first) and deadline."""

    filename = "foreign"
    columns = {
        "id": lambda item, request: item.pk,
        "ref": lambda item, request: item.reference,
        "title": lambda item, request: item.title,
        "track": lambda item, request: item.track,
        "status": lambda item, request: item.status,
        "country": lambda item, request: item.country,
        "organisation": lambda item, request: item.organisation,
        "event": lambda item, request: item.event,
        "event_date": lambda item, request: item.event_date,
        "agencies": agency_codes,
        "deadline": earliest_deadline,
        "url": page_url,
        "last_published_at": lambda item, request: item.last_published_at,
    }

    def get_rows(self, request, locale, filters):
        rows = ForeignCommitmentPage.objects.filter(pk__in=public_pages(locale, "foreign"))
        rows = rows.prefetch_related("assignments__agency")
        return item_filters_applied(rows, filters, date_field="event_date")
