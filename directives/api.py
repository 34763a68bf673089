"""The agency API on directives: the ones assigned to an agency, and one directive with its updates."""

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

from .models import DirectiveAssignment, DirectivePage


class DirectiveAssignmentListAPI(AssignmentListAPI):
    model = DirectiveAssignment
    item_type = "directive"


class DirectiveDetailAPI(ItemDetailAPI):
    model = DirectivePage
    item_type = "directive"


def _occasion(directive, request):
    occasion = directive.occasion
    if occasion is None:
        return None
    return (occasion.title_en if directive.locale.language_code == "en" else "") or occasion.title_th


@open_data_schema_view("track", "status", "agency", "fiscal_year")
class DirectiveOpenDataAPI(OpenDataAPI):
    """Published public directives, with their agencies (lead first) and earliest deadline."""

    filename = "directives"
    columns = {
        "id": lambda directive, request: directive.pk,
        "ref": lambda directive, request: directive.reference,
        "title": lambda directive, request: directive.title,
        "track": lambda directive, request: directive.track,
        "status": lambda directive, request: directive.status,
        "issued_on": lambda directive, request: directive.issued_on,
        "occasion": _occasion,
        "agencies": agency_codes,
        "deadline": earliest_deadline,
        "url": page_url,
        "last_published_at": lambda directive, request: directive.last_published_at,
    }

    def get_rows(self, request, locale, filters):
        rows = DirectivePage.objects.filter(pk__in=public_pages(locale, "directive"))
        rows = rows.select_related("occasion", "locale").prefetch_related("assignments__agency")
        return item_filters_applied(rows, filters, date_field="issued_on")
