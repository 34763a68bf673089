"""The project's error pages: under /api/ every error is problem details, as the API documents (``api.errors``)."""

from django.http import JsonResponse
from django.views import defaults

from api.errors import PROBLEM_CONTENT_TYPE, problem

__all__ = ["bad_request", "page_not_found", "permission_denied", "server_error"]


def _api_problem(request, status):
    if request.path.startswith("/api/"):
        return JsonResponse(problem(status), status=status, content_type=PROBLEM_CONTENT_TYPE)
    return None


def bad_request(request, exception):
    return _api_problem(request, 400) or defaults.bad_request(request, exception)


def permission_denied(request, exception):
    return _api_problem(request, 403) or defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    """A URL no route matches, ``/api/v1/directives/abc/`` as much as ``/th/nothing/``."""
    return _api_problem(request, 404) or defaults.page_not_found(request, exception)


def server_error(request):
    return _api_problem(request, 500) or defaults.server_error(request)
