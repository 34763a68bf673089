"""
What the agency API lists of an agency's work: its assignments on the items of each kind, with the
same filters and shape (``directives.api``, ``policies.api``…), and how it names an item and its
moderation wherever it shows one.
"""

from decimal import Decimal

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.pagination import CursorPagination
from wagtail.models import Locale, WorkflowState

from core.choices import Status, Track

from .examples import ASSIGNMENTS
from .fields import ThaiDateField
from .links import page_url
from .renderers import UTCDateTimeField
from .schema import problems
from .scoping import agency_of_request


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
    updated_at = UTCDateTimeField()

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
        "url": page_url(page, request) if page.is_published_publicly() else None,
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
