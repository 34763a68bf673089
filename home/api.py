"""Wagtail's pages API at /api/v2/, for headless front ends: published public pages only."""

from rest_framework.permissions import AllowAny
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from search.models import SearchDocument

__all__ = ["api_router"]


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """
    Wagtail's published pages without view restrictions, narrowed to what the public may see:
    internal directives and policies, and the updates under them, stay out (``SearchDocument``).
    """

    permission_classes = [AllowAny]
    authentication_classes = []

    def get_base_queryset(self):
        public = SearchDocument.objects.filter(live=True, item_public=True).values("page_id")
        return super().get_base_queryset().filter(pk__in=public)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
