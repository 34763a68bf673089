"""Wagtail's pages API at /api/v2/, for headless front ends: published public pages only."""

from rest_framework.permissions import AllowAny
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from api.errors import PROBLEM_CONTENT_TYPE, problem
from search.models import SearchDocument

__all__ = ["api_router"]


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """
    Wagtail's published pages without view restrictions, narrowed to what the public may see:
    internal directives and policies, and the updates under them, stay out (``SearchDocument``).
    """

    permission_classes = [AllowAny]
    authentication_classes = []

    def handle_exception(self, exc):
        """Wagtail answers its own errors as ``{"message": …}``; every PM1 API error is problem details."""
        response = super().handle_exception(exc)
        if response.status_code >= 400 and isinstance(response.data, dict) and set(response.data) == {"message"}:
            response.data = problem(response.status_code, detail=response.data["message"])
            response.content_type = PROBLEM_CONTENT_TYPE
        return response

    def get_base_queryset(self):
        public = SearchDocument.objects.filter(live=True, item_public=True).values("page_id")
        return super().get_base_queryset().filter(pk__in=public)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
