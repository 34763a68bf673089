"""
What the agency API lists of an agency's work: its assignments on directives and on policies, with
the same filters and shape (``directives.api``, ``policies.api``).
"""

from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Locale, WorkflowState

from api.examples import ASSIGNMENTS
from api.schema import problems
from api.scoping import agency_of_request

from .choices import Status, Track
from .rights import can_read
from .selectors import pages_readable_by
from .thai import parse_thai_date


class ThaiDateField(serializers.DateField):
    """An ISO date, or a date typed the Thai way (25/01/2569, 25 ม.ค. 2569; Buddhist or Common Era)."""

    default_error_messages = {
        "invalid": _("Enter a date such as 2026-01-25, 25/01/2569 or 25 มกราคม 2569 (day first)."),
    }

    def to_internal_value(self, value):
        try:
            return parse_thai_date(value)
        except (TypeError, ValueError):
            self.fail("invalid")


class AssignmentFilterSerializer(serializers.Serializer):
    agency = serializers.CharField(required=False, max_length=20)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    track = serializers.ChoiceField(choices=Track.choices, required=False)
    overdue = serializers.BooleanField(required=False)
    deadline_before = ThaiDateField(required=False)
    deadline_after = ThaiDateField(required=False)
    updated_since = serializers.DateTimeField(required=False)


class AssignmentCursorPagination(CursorPagination):
    # Assignment ids never change: a client paging through sees each assignment once.
    ordering = "pk"
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


class AssignmentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    item = serializers.SerializerMethodField()
    role = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    overdue = serializers.BooleanField(source="is_overdue")
    completed_on = serializers.DateField(allow_null=True)
    updated_at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_item(self, assignment) -> dict:
        return item_summary(assignment.page, self.context["item_type"], self.context["request"])


def decimal_text(value) -> str | None:
    """A decimal as text with its two places, as DRF writes decimals (JSON numbers would round them)."""
    return None if value is None else f"{Decimal(value):.2f}"


def item_summary(page, item_type: str, request) -> dict:
    """What the agency API says of a directive or a policy wherever it names one."""
    return {
        "type": item_type,
        "id": page.pk,
        "ref": getattr(page, "reference", "") or getattr(page, "number", ""),
        "title": page.title,
        "track": getattr(page, "track", Track.POLICY),
        "status": page.status,
        "visibility": page.visibility,
        "url": page.get_full_url(request) if page.is_published_publicly() else None,
    }


def with_moderation_states(updates):
    """
    Progress updates with their active moderation read in one query, for ``moderation_state``.
    (Wagtail's ``prefetch_workflow_states`` follows the base page's relation unless the queryset
    is ``specific()``, and finds nothing on a ``ProgressUpdatePage`` queryset.)
    """
    states = WorkflowState.objects.active().select_related("current_task_state__task")
    return updates.prefetch_related(
        Prefetch("_specific_workflow_states", queryset=states, to_attr="_current_workflow_states")
    )


def moderation_state(update) -> dict:
    """Where a progress update stands: draft, in moderation (at which task), sent back, or published."""
    workflow_state = update.current_workflow_state
    if workflow_state is not None and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
        return {"state": "sent_back", "task": None}
    if workflow_state is not None:
        task = workflow_state.current_task_state.task if workflow_state.current_task_state else None
        return {"state": "in_moderation", "task": task.name if task else None}
    return {"state": "published" if update.live else "draft", "task": None}


@extend_schema_view(
    get=extend_schema(
        parameters=[AssignmentFilterSerializer],
        responses={200: AssignmentOutputSerializer(many=True), **problems(400, 401, 403, 429)},
        examples=[ASSIGNMENTS],
    )
)
class AssignmentListAPI(ListAPIView):
    """
    The assignments of the agency the request acts for (``api.scoping``) on published items, its
    internal ones included, in the site's default language. Filters: ``status``, ``track``,
    ``overdue``, ``deadline_before``/``deadline_after`` (inclusive; BE or CE), ``updated_since``.
    """

    model = None
    item_type = ""
    serializer_class = AssignmentOutputSerializer
    pagination_class = AssignmentCursorPagination

    def get_queryset(self):
        filters = AssignmentFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        conditions = filters.validated_data
        agency = agency_of_request(self.request, conditions.get("agency", ""))
        assignments = self.model.objects.filter(
            agency=agency, page__live=True, page__locale=Locale.get_default()
        ).select_related("page")
        if "status" in conditions:
            assignments = assignments.filter(status=conditions["status"])
        if "track" in conditions:
            assignments = self.by_track(assignments, conditions["track"])
        if conditions.get("overdue") is True:
            assignments = assignments.overdue()
        elif conditions.get("overdue") is False:
            assignments = assignments.exclude(pk__in=self.model.objects.overdue().values("pk"))
        if "deadline_before" in conditions:
            assignments = assignments.filter(deadline__lte=conditions["deadline_before"])
        if "deadline_after" in conditions:
            assignments = assignments.filter(deadline__gte=conditions["deadline_after"])
        if "updated_since" in conditions:
            assignments = assignments.filter(updated_at__gte=conditions["updated_since"])
        return assignments

    def by_track(self, assignments, track):
        return assignments.filter(page__track=track)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "item_type": self.item_type}


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
        from updates.models import ProgressUpdatePage

        page = self.model.objects.filter(pk=pk, locale=Locale.get_default()).first()
        if page is None or not can_read(request.user, page):
            raise NotFound()
        updates = pages_readable_by(request.user, ProgressUpdatePage.objects.child_of(page))
        updates = with_moderation_states(updates.select_related("agency"))
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
                        "title": update.title,
                        "period_start": update.period_start,
                        "period_end": update.period_end,
                        "status_claim": update.status_claim,
                        "percent_complete": update.percent_complete,
                        "status_reason": update.status_reason,
                        "public_summary": update.public_summary,
                        "last_published_at": update.last_published_at,
                        **moderation_state(update),
                    }
                    for update in updates.order_by("period_end", "pk")
                ],
                **self.details(page),
            }
        )

    def details(self, page) -> dict:
        """What this kind of item adds to its answer."""
        return {}
