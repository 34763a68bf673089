"""
Open data: what PM1 publishes, for anyone, as JSON (cursor pages) or CSV (``?format=csv``: every row,
streamed, UTF-8 with a byte-order mark so that Excel reads Thai). Only published public content:
never internal items, unpublished updates, internal narratives or anyone's personal data.
"""

import csv
import datetime
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer
from rest_framework.views import APIView
from wagtail.models import Locale

from agencies.fields import AgencyNameSerializerField
from core.choices import Status, Track
from core.thai import fiscal_year_bounds

from .renderers import UTCJSONRenderer, utc_text
from .schema import problems

__all__ = [
    "OpenDataAPI",
    "agency_codes",
    "earliest_deadline",
    "item_filters_applied",
    "open_data_schema_view",
    "public_pages",
    "public_pages_provider_register",
]

CSV_BATCH = 2_000


class OpenDataPagination(CursorPagination):
    ordering = "pk"
    page_size = 100
    max_page_size = 1_000
    page_size_query_param = "page_size"


class CSVRenderer(BaseRenderer):
    """
    Lets content negotiation accept ``?format=csv`` and ``Accept: text/csv``: the view streams the
    CSV itself, so only errors (problem details) reach this renderer, as JSON.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).encode()


class _Echo:
    """A file-like object whose write() returns what it was given: csv.writer then yields lines."""

    def write(self, value):
        return value


class OpenDataFilterSerializer(serializers.Serializer):
    """The filters of the open datasets (each dataset uses those that apply to it)."""

    track = serializers.ChoiceField(choices=Track.choices, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    agency = AgencyNameSerializerField(required=False)
    fiscal_year = serializers.IntegerField(min_value=2500, max_value=2700, required=False)
    item = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)


#: Answers ``public_pages``: public search registers its documents (``search.listing.public_page_ids``)
#: from ``SearchConfig.ready``, since they already say, for every page, whether the public may see it,
#: and this app is below search.
_public_pages_provider = None


def public_pages_provider_register(provider) -> None:
    """Make ``provider(locale, kind)`` answer ``public_pages``."""
    global _public_pages_provider
    _public_pages_provider = provider


def public_pages(locale, kind):
    """Ids of the pages of a kind ("directive", "update"…) in ``locale`` that the public may see."""
    return _public_pages_provider(locale, kind)


def agency_codes(item, request) -> list[str]:
    """The codes of the agencies assigned to an item, the lead agencies first."""
    assignments = sorted(
        item.assignments.all(), key=lambda assignment: (assignment.role != "lead", assignment.sort_order or 0)
    )
    return [assignment.agency.code for assignment in assignments]


def item_filters_applied(rows, filters, *, date_field: str):
    """Tracked items narrowed by the filters they share: track, status, agency, fiscal year of ``date_field``."""
    if "track" in filters:
        rows = rows.filter(track=filters["track"])
    if "status" in filters:
        rows = rows.filter(status=filters["status"])
    if "agency" in filters:
        rows = rows.filter(assignments__agency=filters["agency"]).distinct()
    if "fiscal_year" in filters:
        # An undated archival item is in no fiscal year, nor one dated only by its calendar year.
        rows = rows.filter(**{f"{date_field}__range": fiscal_year_bounds(filters["fiscal_year"])})
        rows = rows.exclude(date_precision="year")
    return rows


def earliest_deadline(item, request):
    return min((assignment.deadline for assignment in item.assignments.all() if assignment.deadline), default=None)


class OpenDataAPI(APIView):
    """
    A published dataset: ``columns`` maps each column to a function of a row; ``get_rows`` filters.
    Lists are joined with ";" in CSV.
    """

    permission_classes = [AllowAny]
    authentication_classes = []
    renderer_classes = [UTCJSONRenderer, CSVRenderer]
    pagination_class = OpenDataPagination
    filename = ""
    columns: dict = {}

    def get_rows(self, request, locale, filters):
        raise NotImplementedError

    def locale(self, request):
        language = request.query_params.get("lang", "th")
        # Checked against the site's languages before any query: a NUL in it is refused by PostgreSQL.
        known = language in dict(settings.WAGTAIL_CONTENT_LANGUAGES)
        locale = Locale.objects.filter(language_code=language).first() if known else None
        if locale is None:
            raise ValidationError({"lang": [_("Choose th or en.")]})
        return locale

    def row(self, obj, request) -> dict:
        return {name: column(obj, request) for name, column in self.columns.items()}

    def filters(self, request) -> dict:
        data = OpenDataFilterSerializer(data=request.query_params.dict())
        data.is_valid(raise_exception=True)
        return data.validated_data

    def get(self, request):
        rows = self.get_rows(request, self.locale(request), self.filters(request))
        if request.accepted_renderer.format == "csv":
            return self.csv(rows, request)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response([self.row(obj, request) for obj in page])

    def csv(self, rows, request):
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff" + writer.writerow(list(self.columns))
            for obj in rows.order_by("pk").iterator(chunk_size=CSV_BATCH):
                values = self.row(obj, request).values()
                yield writer.writerow([";".join(map(str, v)) if isinstance(v, list) else _cell(v) for v in values])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="pm1-{self.filename}.csv"'
        return response


def _cell(value):
    if isinstance(value, datetime.datetime):
        return utc_text(value)
    return "" if value is None else value


def open_data_schema_view(*filters):
    """The schema of an open-data list: the filters it uses, ``lang``, ``format`` and cursor pages."""
    fields = OpenDataFilterSerializer().fields
    types = {serializers.IntegerField: int}
    return extend_schema_view(
        get=extend_schema(
            parameters=[
                *(OpenApiParameter(name, types.get(type(fields[name]), str)) for name in filters),
                OpenApiParameter("lang", str, enum=["th", "en"]),
                OpenApiParameter("format", str, enum=["json", "csv"]),
                OpenApiParameter("cursor", str),
                OpenApiParameter("page_size", int),
            ],
            responses={200: OpenApiTypes.OBJECT, **problems(400)},
            auth=[],
        )
    )
