"""The agency API on policies: the ones assigned to an agency, and one policy with its updates."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr

from api.items import AssignmentListAPI, decimal_text
from api.links import page_url
from api.open_data import OpenDataAPI, agency_codes, open_data_schema_view, public_pages
from core.choices import Track
from updates.item_detail import ItemDetailAPI

from .models import PolicyAssignment, PolicyPage


class PolicyAssignmentListAPI(AssignmentListAPI):
    model = PolicyAssignment
    item_type = "policy"

    def by_track(self, assignments, track):
        # Policies are all on the policy track.
        return assignments if track == Track.POLICY else assignments.none()


class PolicyDetailAPI(ItemDetailAPI):
    model = PolicyPage
    item_type = "policy"

    def details(self, page) -> dict:
        """The policy's indicators, whose ids updates report values for."""
        return {
            "indicators": [
                {
                    "id": indicator.pk,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "baseline": decimal_text(indicator.baseline),
                    "target": decimal_text(indicator.target),
                    "target_date": indicator.target_date,
                }
                for indicator in page.indicators.all()
            ]
        }


@open_data_schema_view("status", "agency")
class PolicyOpenDataAPI(OpenDataAPI):
    """Published public policies, with the policy above each and their agencies (lead first)."""

    filename = "policies"
    columns = {
        "id": lambda policy, request: policy.pk,
        "number": lambda policy, request: policy.number,
        "title": lambda policy, request: policy.title,
        "status": lambda policy, request: policy.status,
        "parent_id": lambda policy, request: policy.parent_policy_id,
        "period_start": lambda policy, request: policy.period_start,
        "period_end": lambda policy, request: policy.period_end,
        "agencies": agency_codes,
        "url": page_url,
        "last_published_at": lambda policy, request: policy.last_published_at,
    }

    def get_rows(self, request, locale, filters):
        parents = PolicyPage.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - PolicyPage.steplen)
        )
        rows = PolicyPage.objects.filter(pk__in=public_pages(locale, "policy"))
        rows = rows.annotate(parent_policy_id=Subquery(parents.values("pk")[:1]))
        rows = rows.prefetch_related("assignments__agency")
        if "status" in filters:
            rows = rows.filter(status=filters["status"])
        if "agency" in filters:
            rows = rows.filter(assignments__agency=filters["agency"]).distinct()
        return rows
