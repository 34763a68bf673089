"""``GET /api/v1/agencies/``: the agencies PM1 knows, for agency systems to map their own units to PM1's codes."""

from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.pagination import CursorPagination

from agencies.models import Agency

from .open_data import OpenDataAPI, open_data_schema_view


class AgencyCursorPagination(CursorPagination):
    ordering = "code"
    page_size = 100
    max_page_size = 500
    page_size_query_param = "page_size"


class AgencyListAPI(ListAPIView):
    """Active agencies by code, with their Thai and English names and the agency above them."""

    class OutputSerializer(serializers.ModelSerializer):
        parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

        class Meta:
            model = Agency
            fields = ["code", "name_th", "name_en", "short_name_th", "short_name_en", "kind", "parent"]

    serializer_class = OutputSerializer
    pagination_class = AgencyCursorPagination

    def get_queryset(self):
        return Agency.objects.filter(is_active=True).select_related("parent")


@open_data_schema_view()
class AgencyOpenDataAPI(OpenDataAPI):
    """The agencies PM1 tracks, for joining with the other datasets by code."""

    filename = "agencies"
    columns = {
        "code": lambda agency, request: agency.code,
        "name_th": lambda agency, request: agency.name_th,
        "name_en": lambda agency, request: agency.name_en,
        "short_name_th": lambda agency, request: agency.short_name_th,
        "short_name_en": lambda agency, request: agency.short_name_en,
        "kind": lambda agency, request: agency.kind,
        "parent": lambda agency, request: agency.parent.code if agency.parent else None,
    }

    def get_rows(self, request, locale, filters):
        return Agency.objects.filter(is_active=True).select_related("parent")
