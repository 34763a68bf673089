"""
The agency API's answer about one tracked item: the item, every agency's assignment on it, and the
progress updates filed under it that the request may read. Each kind's ``api`` subclasses
``ItemDetailAPI``; it lives with the updates because it lists them (the ``api`` app is below them).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Locale

from api.items import item_summary, moderation_state, with_moderation_states
from api.schema import problems
from core.rights import can_read
from core.selectors import pages_readable_by

from .api import REPORTED_FIELDS, updates_as_reported
from .models import ProgressUpdatePage

__all__ = ["ItemDetailAPI"]


@extend_schema_view(get=extend_schema(responses={200: OpenApiTypes.OBJECT, **problems(401, 404, 429)}))
class ItemDetailAPI(APIView):
    """
    One directive or policy (default language) that the request may read (``core.rights``), with
    every agency's assignment, and the progress updates under it that it may read: its agency's own
    in any state, the other agencies' once submitted or published (data sharing).
    """

    model = None
    item_type = ""

    def get(self, request, pk):
        page = self.model.objects.filter(pk=pk, locale=Locale.get_default()).first()
        if page is None or not can_read(request.user, page):
            raise NotFound()
        updates = pages_readable_by(request.user, ProgressUpdatePage.objects.child_of(page))
        updates = list(with_moderation_states(updates.select_related("agency")).order_by("period_end", "pk"))
        # Each update as the request may see it: another agency's as submitted, never its later draft.
        reported = updates_as_reported(updates, request.user)
        return Response(
            {
                **item_summary(page, self.item_type, request),
                "assignments": [
                    {
                        "agency": assignment.agency.code,
                        "role": assignment.role,
                        "deadline": assignment.deadline,
                        "status": assignment.status,
                        "overdue": assignment.is_overdue,
                        "completed_on": assignment.completed_on,
                    }
                    for assignment in page.assignments.select_related("agency").order_by("sort_order", "pk")
                ],
                "updates": [
                    {
                        "id": update.pk,
                        "agency": update.agency.code,
                        **{name: reported[update.pk][name] for name in REPORTED_FIELDS},
                        "last_published_at": update.last_published_at,
                        **moderation_state(update),
                    }
                    for update in updates
                ],
                **self.details(page),
            }
        )

    def details(self, page) -> dict:
        """What this kind of item adds to its answer."""
        return {}
