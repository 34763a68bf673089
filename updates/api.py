"""
The agency API on progress updates: the agency's own updates with their moderation state and the
reviewers' comments, one update, and a new update submitted to moderation (``Idempotency-Key``).
"""

from decimal import Decimal
from mimetypes import guess_type
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.pagination import CursorPagination
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Revision, TaskState

from api.errors import PROBLEM_CONTENT_TYPE, problem
from api.examples import SUBMISSION, UPDATE, UPDATE_REQUEST, UPDATE_SUBMITTED
from api.fields import ThaiDateField
from api.idempotency import idempotent
from api.items import decimal_text, item_summary, moderation_state, with_moderation_states
from api.links import page_url
from api.open_data import OpenDataAPI, open_data_schema_view, public_pages
from api.parsers import json_checked
from api.renderers import UTCJSONRenderer
from api.schema import problems
from api.scoping import agency_of_request
from core.choices import Status
from core.kinds import kind_of, kinds
from core.rights import can_read
from core.roles import agency_ids_for_user, is_pmo, reads_everything
from core.text import normalise

from .models import IndicatorValue, ProgressUpdatePage, UpdateEvidence, UpdateSubmission
from .services import StaleUpdate, UpdateNotAmendable, submission_receive, update_amend, update_submit

#: The indicators an update reports values for (a policy's), named without importing their kind's app.
Indicator = IndicatorValue._meta.get_field("indicator").related_model


class IndicatorValueSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    value = serializers.DecimalField(max_digits=14, decimal_places=2)


class IndicatorValuesField(serializers.ListField):
    """The values of the policy's indicators: a JSON list, or in multipart form data its JSON text."""

    child = IndicatorValueSerializer()
    max_length = 100

    def to_internal_value(self, data):
        if isinstance(data, list) and len(data) == 1 and isinstance(data[0], str):
            data = data[0]
        if isinstance(data, str):
            try:
                data = json_checked(data)
            except ValueError:
                self.fail("not_a_list", input_type="text")
        values = super().to_internal_value(data)
        indicators = [value["indicator"] for value in values]
        if len(set(indicators)) != len(indicators):
            raise ValidationError(_("Report each indicator once."))
        return values


class UpdateInputSerializer(serializers.Serializer):
    agency = serializers.CharField(required=False, max_length=20)
    item = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    period_start = ThaiDateField()
    period_end = ThaiDateField()
    status_claim = serializers.ChoiceField(choices=Status.choices)
    percent_complete = serializers.IntegerField(min_value=0, max_value=100)
    status_reason = serializers.CharField(required=False, allow_blank=True, max_length=5_000)
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=50_000)
    public_summary = serializers.CharField(required=False, allow_blank=True, max_length=5_000)
    title = serializers.CharField(required=False, allow_blank=True, max_length=255)
    indicator_values = IndicatorValuesField(required=False)

    def validate(self, data):
        # Text from other systems carries zero-width characters and decomposed ำ: stored normalised.
        for name in ("status_reason", "narrative", "public_summary", "title"):
            if name in data:
                data[name] = normalise(data[name]).strip()
        return data


def default_language() -> str:
    """The language of the site's default locale (``Locale.get_default()``), without reading it."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


#: What the rights check, the report check and a tree filter read of an item: an update made
#: from it reads the whole item again, under a lock (``update_submit``).
ITEM_FIELDS = ("path", "depth", "numchild", "translation_key", "locale_id", "live", "content_type_id", "visibility")


def _item(pk, user):
    """The tracked item (default language) with this id that the user may read, or a field error."""
    for kind in kinds():
        # Its assignments serve the rights check and update_check alike.
        page = (
            kind.model.objects.filter(pk=pk, locale__language_code=default_language())
            .only(*ITEM_FIELDS)
            .prefetch_related("assignments")
            .first()
        )
        if page is not None and can_read(user, page):
            return page
    names = ", ".join(str(kind.name) for kind in kinds())
    raise ValidationError({"item": [_("No tracked item (%(kinds)s) you may read has this id.") % {"kinds": names}]})


#: What an agency reports in an update, as the API shows it.
REPORTED_FIELDS = (
    "title",
    "period_start",
    "period_end",
    "status_claim",
    "percent_complete",
    "status_reason",
    "public_summary",
)


def updates_as_reported(updates, user) -> dict:
    """
    Each update's reported fields as ``user`` may see them. Its own agency and the PMO see what the
    agency last saved: a published update as published, any other from its latest revision (an
    amendment is saved as a revision; the page's own row keeps what was first sent, or, edited in
    the admin, the latest draft). Everyone else sees what was sent to moderation (the revision its
    latest moderation task was given) or published, never a draft saved since: data sharing shows
    what an agency submitted. (A draft never submitted is read only by those who read everything.)
    Revisions, indicator values and their names take one query each.
    """
    agencies = None if is_pmo(user) else agency_ids_for_user(user)
    reported = {}
    for update in updates:
        fields = {name: getattr(update, name) for name in REPORTED_FIELDS}
        reported[update.pk] = {**fields, "indicator_values": []}
    drafts = [update for update in updates if not update.live]
    latest = [update.latest_revision_id for update in drafts if agencies is None or update.agency_id in agencies]
    shared = [str(update.pk) for update in drafts if agencies is not None and update.agency_id not in agencies]
    submitted = (
        TaskState.objects.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id__in=shared,
        )
        .values("workflow_state__object_id")
        .annotate(revision=Max("revision"))
        .values("revision")
    )
    for page_id, content in Revision.objects.filter(Q(pk__in=latest) | Q(pk__in=submitted)).values_list(
        "object_id", "content"
    ):
        fields = {name: content[name] for name in REPORTED_FIELDS if name in content}
        values = [(row["indicator"], Decimal(row["value"])) for row in content.get("indicator_values", [])]
        reported[int(page_id)].update(fields, indicator_values=values)
    for page_id, indicator_id, value in IndicatorValue.objects.filter(
        page__in=[update for update in updates if update.live]
    ).values_list("page", "indicator", "value"):
        reported[page_id]["indicator_values"].append((indicator_id, value))
    names = dict(
        Indicator.objects.filter(
            pk__in={indicator for fields in reported.values() for indicator, _ in fields["indicator_values"]}
        ).values_list("pk", "name")
    )
    for fields in reported.values():
        fields["indicator_values"] = [
            {"indicator": indicator, "name": names.get(indicator, ""), "value": decimal_text(value)}
            for indicator, value in fields["indicator_values"]
        ]
    return reported


def evidence_file(evidence):
    """The document or image an evidence row holds."""
    return evidence.document or evidence.image


def evidence_json(updates, request) -> dict[int, list[dict]]:
    """
    Each update's evidence files, in their order, read in one query: file name, title, size in bytes,
    content type, caption, and the address where whoever may read the update downloads it with the
    same key.
    """
    listed = {update.pk: [] for update in updates}
    for evidence in (
        UpdateEvidence.objects.filter(page__in=list(listed))
        .select_related("document", "image")
        .order_by("sort_order", "pk")
    ):
        file = evidence_file(evidence)
        path = reverse("api-v1:update-evidence", kwargs={"pk": evidence.page_id, "evidence": evidence.pk})
        listed[evidence.page_id].append(
            {
                "id": evidence.pk,
                "name": PurePath(file.file.name).name,
                "title": file.title,
                "size": file.get_file_size(),
                "content_type": _content_type(file),
                "caption": evidence.caption,
                "url": request.build_absolute_uri(path),
            }
        )
    return listed


def _content_type(file) -> str:
    """What the file is (Wagtail's own answer for a document; an image's from its name)."""
    return getattr(file, "content_type", None) or guess_type(file.file.name)[0] or "application/octet-stream"


def updates_json(updates, request) -> list[dict]:
    """The API's view of these updates, read in a fixed number of queries whatever their number."""
    updates = list(updates)
    evidence = evidence_json(updates, request)
    items = {
        page.path: page
        for page in Page.objects.filter(path__in={update.path[: -Page.steplen] for update in updates}).specific()
    }
    reported = updates_as_reported(updates, request.user)
    comments = {}
    for task_state in (
        TaskState.objects.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id__in=[str(update.pk) for update in updates],
        )
        .exclude(comment="")
        .select_related("task", "workflow_state")
        .order_by("started_at")
    ):
        comments.setdefault(task_state.workflow_state.object_id, []).append(
            {
                "task": task_state.task.name,
                "status": task_state.status,
                "comment": task_state.comment,
                "at": task_state.finished_at,
            }
        )
    answers = []
    for update in updates:
        item = items[update.path[: -Page.steplen]]
        answers.append(
            {
                "id": update.pk,
                "item": item_summary(item, kind.item_type if (kind := kind_of(item)) else "page", request),
                "agency": update.agency.code,
                **reported[update.pk],
                "last_published_at": update.last_published_at,
                **moderation_state(update),
                "comments": comments.get(str(update.pk), []),
                "evidence": evidence[update.pk],
            }
        )
    return answers


def update_json(update, request) -> dict:
    return updates_json([update], request)[0]


class UpdateCursorPagination(CursorPagination):
    ordering = "pk"
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


@extend_schema_view(
    get=extend_schema(
        operation_id="updates_list",
        parameters=[OpenApiParameter("item", int), OpenApiParameter("agency", str)],
        responses={200: OpenApiTypes.OBJECT, **problems(400, 401, 403, 429)},
    ),
    post=extend_schema(
        request={"application/json": UpdateInputSerializer, "multipart/form-data": UpdateInputSerializer},
        parameters=[
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER),
            OpenApiParameter(
                "Prefer",
                str,
                OpenApiParameter.HEADER,
                description="respond-async: answer 202 with a receipt (/api/v1/submissions/{id}/) at once "
                "and make the update in the background; JSON requests only.",
            ),
        ],
        responses={201: OpenApiTypes.OBJECT, 202: OpenApiTypes.OBJECT, **problems(400, 401, 403, 413, 422, 429)},
        examples=[UPDATE_REQUEST, UPDATE_SUBMITTED, SUBMISSION],
    ),
)
class UpdateListAPI(ListAPIView):
    """
    GET: the updates of the agency the request acts for, in any state, filtered by ``item``.
    POST: a new update, submitted to the agency's approvers at once, as the admin's "Submit to
    moderation" does; retries with the same ``Idempotency-Key`` create nothing new. JSON, or
    multipart form data with the same fields and ``evidence`` files. With ``Prefer: respond-async``
    a JSON update is checked and answered 202 with a receipt, and made in the background.
    """

    pagination_class = UpdateCursorPagination
    # What OPTIONS describes of POST; the list is built by update_json.
    serializer_class = UpdateInputSerializer

    def get_queryset(self):
        agency = agency_of_request(self.request, self.request.query_params.get("agency", ""))
        updates = ProgressUpdatePage.objects.filter(agency=agency, locale=Locale.get_default()).select_related("agency")
        updates = with_moderation_states(updates)
        item = self.request.query_params.get("item", "")
        if item:
            if not item.isdigit() or int(item) > 2**31 - 1:
                raise ValidationError({"item": [_("An item is given by its number.")]})
            updates = updates.child_of(_item(int(item), self.request.user))
        return updates

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(updates_json(page, request))

    @idempotent
    def post(self, request):
        data = UpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        agency = agency_of_request(request, values.pop("agency", ""))
        item = _item(values.pop("item"), request.user)
        evidence = request.FILES.getlist("evidence")
        try:
            if _prefers_async(request) and not evidence:
                submission = submission_receive(item=item, agency=agency, user=request.user, **values)
            else:
                update = update_submit(item=item, agency=agency, user=request.user, evidence=evidence, **values)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        if evidence or not _prefers_async(request):
            response = Response(update_json(update, request), status=status.HTTP_201_CREATED)
            response["Location"] = request.build_absolute_uri(f"/api/v1/updates/{update.pk}/")
            return response
        response = Response(submission_json(submission, request), status=status.HTTP_202_ACCEPTED)
        response["Location"] = request.build_absolute_uri(f"/api/v1/submissions/{submission.pk}/")
        response["Preference-Applied"] = "respond-async"
        return response


def _prefers_async(request) -> bool:
    """``Prefer: respond-async`` (RFC 7240): the client takes 202 and a receipt rather than waiting."""
    preferences = request.headers.get("Prefer", "").split(",")
    return any(preference.split(";")[0].split("=")[0].strip().lower() == "respond-async" for preference in preferences)


def submission_json(submission, request) -> dict:
    update = submission.update_id and request.build_absolute_uri(f"/api/v1/updates/{submission.update_id}/")
    return {
        "id": submission.pk,
        "state": submission.state,
        "agency": submission.agency.code,
        "item": submission.item_id,
        "received_at": submission.received_at,
        "processed_at": submission.processed_at,
        "update": submission.update_id,
        "update_url": update or None,
        "errors": submission.errors,
    }


@extend_schema_view(
    get=extend_schema(
        operation_id="submissions_retrieve",
        responses={200: OpenApiTypes.OBJECT, **problems(401, 404, 429)},
        examples=[SUBMISSION],
    )
)
class SubmissionDetailAPI(APIView):
    """
    GET: what became of an update sent with ``Prefer: respond-async``: ``received`` (waiting for the
    background worker), ``done`` (``update`` is the update in moderation) or ``refused`` (``errors``
    says why, field by field). Those who act for its agency may read it.
    """

    def get(self, request, pk):
        submission = UpdateSubmission.objects.filter(pk=pk).select_related("agency").first()
        if submission is None or not (
            submission.user_id == request.user.pk
            or reads_everything(request.user)
            or submission.agency_id in agency_ids_for_user(request.user)
        ):
            raise NotFound()
        return Response(submission_json(submission, request))


class UpdateAmendSerializer(UpdateInputSerializer):
    """The fields an amendment may change, all optional."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("agency", "item"):
            self.fields.pop(name)
        for field in self.fields.values():
            field.required = False


def _etag(update) -> str:
    return f'"{update.latest_revision_id}"'


def _if_match_revision(request):
    """The revision id in ``If-Match`` (as given by ``ETag``), None when absent or not one of ours."""
    value = request.headers.get("If-Match", "").strip()
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"')
    return int(value) if value.isdigit() and len(value) < 12 else None


@extend_schema_view(
    get=extend_schema(
        operation_id="updates_retrieve",
        responses={200: OpenApiTypes.OBJECT, **problems(401, 404, 429)},
        examples=[UPDATE],
    ),
    patch=extend_schema(
        request=UpdateAmendSerializer,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True)],
        responses={200: OpenApiTypes.OBJECT, **problems(400, 401, 403, 404, 409, 412, 428, 429)},
    ),
)
class UpdateDetailAPI(APIView):
    """
    GET: one progress update the request may read (``core.rights``), with its moderation state and
    comments, and its version as ``ETag``. PATCH: change a draft or sent-back update of one's agency
    and send it back to moderation; ``If-Match`` must carry the version read (412 if it changed).
    """

    def get_update(self, request, pk):
        update = ProgressUpdatePage.objects.filter(pk=pk).select_related("agency").first()
        if update is None or not can_read(request.user, update):
            raise NotFound()
        return update

    def answer(self, update, request, status_code=status.HTTP_200_OK):
        response = Response(update_json(update, request), status=status_code)
        response["ETag"] = _etag(update)
        return response

    def get(self, request, pk):
        return self.answer(self.get_update(request, pk), request)

    def patch(self, request, pk):
        update = self.get_update(request, pk)
        data = UpdateAmendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        revision_id = _if_match_revision(request)
        if revision_id is None:
            body = problem(status.HTTP_428_PRECONDITION_REQUIRED, detail=_("Send If-Match with the ETag you read."))
            return Response(body, status=status.HTTP_428_PRECONDITION_REQUIRED, content_type=PROBLEM_CONTENT_TYPE)
        try:
            update = update_amend(update=update, user=request.user, revision_id=revision_id, values=data.validated_data)
        except StaleUpdate:
            detail = _("The update changed since you read it: read it again, then send your changes.")
            response = Response(
                problem(status.HTTP_412_PRECONDITION_FAILED, detail=detail),
                status=status.HTTP_412_PRECONDITION_FAILED,
                content_type=PROBLEM_CONTENT_TYPE,
            )
            response["ETag"] = _etag(ProgressUpdatePage.objects.get(pk=update.pk))
            return response
        except UpdateNotAmendable:
            detail = _("Only a draft or an update sent back can be changed; this one is in moderation or published.")
            return Response(
                problem(status.HTTP_409_CONFLICT, detail=detail), status=409, content_type=PROBLEM_CONTENT_TYPE
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return self.answer(update, request)


class AnyFileRenderer(BaseRenderer):
    """
    Lets content negotiation accept any ``Accept`` for a download (the file is answered as it is);
    only errors reach this renderer, as problem details in JSON.
    """

    media_type = "*/*"
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return UTCJSONRenderer().render(data, renderer_context=renderer_context)


@extend_schema_view(
    get=extend_schema(
        operation_id="updates_evidence_retrieve",
        parameters=[OpenApiParameter("format", exclude=True)],
        responses={(200, "*/*"): OpenApiTypes.BINARY, **problems(401, 404, 429)},
    )
)
class UpdateEvidenceAPI(APIView):
    """
    GET: one evidence file of a progress update, for those who may read the update (``core.rights``):
    the same key that reads the update downloads its files. Answered as an attachment, never run by
    a browser.
    """

    renderer_classes = [UTCJSONRenderer, AnyFileRenderer]

    def get(self, request, pk, evidence):
        update = ProgressUpdatePage.objects.filter(pk=pk).first()
        if update is None or not can_read(request.user, update):
            raise NotFound()
        row = UpdateEvidence.objects.filter(page=update, pk=evidence).select_related("document", "image").first()
        if row is None:
            raise NotFound()
        file = evidence_file(row)
        response = FileResponse(
            file.file.open("rb"),
            as_attachment=True,
            filename=PurePath(file.file.name).name,
            content_type=_content_type(file),
        )
        response["Content-Security-Policy"] = "default-src 'none'"
        response["X-Content-Type-Options"] = "nosniff"
        return response


@open_data_schema_view("agency", "item")
class UpdateOpenDataAPI(OpenDataAPI):
    """Published progress updates of public items: what citizens see, never the internal narrative."""

    filename = "updates"
    columns = {
        "id": lambda update, request: update.pk,
        "item_id": lambda update, request: update.item_id,
        "agency": lambda update, request: update.agency.code,
        "title": lambda update, request: update.title,
        "period_start": lambda update, request: update.period_start,
        "period_end": lambda update, request: update.period_end,
        "status": lambda update, request: update.status_claim,
        "percent_complete": lambda update, request: update.percent_complete,
        "public_summary": lambda update, request: update.public_summary,
        "url": page_url,
        "last_published_at": lambda update, request: update.last_published_at,
    }

    def get_rows(self, request, locale, filters):
        # An update is a child of its item: the item's path is the update's less one step.
        parent = Page.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen))
        rows = ProgressUpdatePage.objects.filter(pk__in=public_pages(locale, "update")).select_related("agency")
        rows = rows.annotate(item_id=Subquery(parent.values("pk")[:1]))
        if "agency" in filters:
            rows = rows.filter(agency=filters["agency"])
        if "item" in filters:
            rows = rows.filter(item_id=filters["item"])
        return rows
