"""The OpenAPI schema (drf-spectacular): the public API under /api/v1/ only, and how keys authenticate."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

__all__ = ["ApiKeyScheme", "ProblemSerializer", "only_api_v1", "problems"]


def only_api_v1(endpoints, **kwargs):
    """Wagtail's and wagtail-localize's admin APIs are internal: the schema documents /api/v1/ alone."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An agency API key issued by a PMO administrator: Authorization: Bearer pm1_…",
        }


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, as every API error is answered (``api.errors``)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    errors = serializers.DictField(required=False, help_text="Messages by field, for invalid input.")


def problems(*codes):
    """Schema responses of problem details for these status codes."""
    return {code: OpenApiResponse(ProblemSerializer, description="application/problem+json") for code in codes}
