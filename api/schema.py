"""The OpenAPI schema (drf-spectacular): the public API under /api/v1/ only, and how keys authenticate."""

from django.utils.translation import override
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import exceptions, serializers

from core.choices import Status
from core.status import status_change_needs_reason

from .errors import problem
from .fields import ThaiDateField

__all__ = ["ApiKeyScheme", "ProblemSerializer", "only_api_v1", "problems", "thai_example"]


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


def thai_example(summary: str, value, **kwargs) -> OpenApiExample:
    """An example in Thai, as agency developers will send and read them."""
    return OpenApiExample(summary, value=value, **kwargs)


def _field_errors() -> dict:
    """Field errors as PM1 answers an update with a bad date and a status change without its reason."""
    return {
        "period_end": [str(ThaiDateField.default_error_messages["invalid"])],
        "status_reason": [str(status_change_needs_reason(Status.NOT_STARTED, Status.DELAYED))],
    }


#: The errors whose detail is DRF's own message.
DRF_ERRORS = {
    exception.status_code: exception
    for exception in (
        exceptions.NotAuthenticated,
        exceptions.PermissionDenied,
        exceptions.NotFound,
        exceptions.MethodNotAllowed,
        exceptions.NotAcceptable,
        exceptions.UnsupportedMediaType,
        exceptions.Throttled,
    )
}


def _problem_example(code: int) -> OpenApiExample:
    with override("th"):
        detail = DRF_ERRORS[code].default_detail if code in DRF_ERRORS else ""
        body = problem(code, detail=detail, errors=_field_errors() if code == 400 else None)
    return thai_example(body["title"], body)


def problems(*codes):
    """Schema responses of problem details for these status codes, each with its Thai example."""
    return {
        code: OpenApiResponse(
            ProblemSerializer, description="application/problem+json", examples=[_problem_example(code)]
        )
        for code in codes
    }
