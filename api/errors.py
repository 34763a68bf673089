"""
Every API error as RFC 9457 problem details (``application/problem+json``): ``type``, ``title``,
``status``, ``detail`` and, for invalid input, ``errors`` by field, in the language the client asks
for (``Accept-Language``: Thai or English).
"""

import logging

from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.utils.formats import number_format
from django.utils.log import log_response
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

__all__ = ["PROBLEM_CONTENT_TYPE", "megabytes", "problem", "problem_exception_handler"]

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    status.HTTP_400_BAD_REQUEST: _("The request is not valid."),
    status.HTTP_401_UNAUTHORIZED: _("Authentication is needed."),
    status.HTTP_403_FORBIDDEN: _("This is not allowed."),
    status.HTTP_404_NOT_FOUND: _("Not found."),
    status.HTTP_405_METHOD_NOT_ALLOWED: _("This method is not allowed here."),
    status.HTTP_406_NOT_ACCEPTABLE: _("The requested format is not available."),
    status.HTTP_409_CONFLICT: _("This conflicts with what PM1 holds."),
    status.HTTP_412_PRECONDITION_FAILED: _("It changed since you last read it."),
    status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: _("The request is too large."),
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: _("The content type is not supported."),
    status.HTTP_422_UNPROCESSABLE_ENTITY: _("The request cannot be carried out."),
    status.HTTP_428_PRECONDITION_REQUIRED: _("A precondition is required."),
    status.HTTP_429_TOO_MANY_REQUESTS: _("Too many requests."),
    status.HTTP_500_INTERNAL_SERVER_ERROR: _("PM1 failed to answer."),
}


def problem(status_code: int, *, detail: str = "", errors: dict | None = None) -> dict:
    """The problem-details body for a status, with a detail and field errors when there are any."""
    title = TITLES.get(status_code, _("The request failed."))
    body = {"type": "about:blank", "title": str(title), "status": status_code}
    if detail:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = errors
    return body


def megabytes(size: int) -> str:
    """A size in MB as people read it, in the active language: 2.5, not 2 (or 2.5 MB shown as "2")."""
    return number_format(round(size / 2**20, 1), decimal_pos=None if size % 2**20 else 0)


def problem_exception_handler(exc, context):
    """
    DRF's handler (headers such as ``Retry-After`` and ``WWW-Authenticate`` included), as problem
    details; whatever else a view raises is answered as a problem too, never as an HTML page: a
    request Django finds suspicious (too many fields or files) is 400, anything unforeseen 500,
    logged and signalled as Django does for its own 500s.
    """
    if isinstance(exc, RequestDataTooBig):
        exc = exceptions.APIException(
            _("Send at most %(size)s MB.") % {"size": megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
        )
        exc.status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    elif isinstance(exc, SuspiciousOperation):
        logging.getLogger(f"django.security.{exc.__class__.__name__}").error(str(exc))
        exc = exceptions.ParseError(_("The request is malformed or has too many fields or files."))
    elif isinstance(exc, RecursionError):
        exc = exceptions.ParseError(_("The request nests too deeply."))
    response = exception_handler(exc, context)
    if response is None:
        return _server_error(exc, context["request"])
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = problem(response.status_code, errors=_flattened(errors))
    else:
        response.data = problem(response.status_code, detail=getattr(exc, "detail", ""))
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _server_error(exc, request) -> Response:
    """A 500 as problem details, with the traceback logged and ``got_request_exception`` sent."""
    set_rollback()
    response = Response(
        problem(status.HTTP_500_INTERNAL_SERVER_ERROR, detail=_("PM1 could not answer: the error has been logged.")),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    signals.got_request_exception.send(sender=None, request=request)
    log_response("Internal Server Error: %s", request.path, response=response, request=request, exception=exc)
    return response


def _flattened(errors):
    """Field errors as lists of messages (nested serializers keep their nesting)."""
    if isinstance(errors, dict):
        return {name: _flattened(value) for name, value in errors.items()}
    if isinstance(errors, list):
        return [_flattened(item) if isinstance(item, dict) else str(item) for item in errors]
    return [str(errors)]
