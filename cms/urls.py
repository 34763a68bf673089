from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents.views import serve as wagtail_document_views

from api.agencies import AgencyListAPI, AgencyOpenDataAPI
from complaints.api import ComplaintAssignmentListAPI, ComplaintDetailAPI, ComplaintOpenDataAPI
from core import views as core_views
from directives.api import DirectiveAssignmentListAPI, DirectiveDetailAPI, DirectiveOpenDataAPI
from foreign.api import ForeignAssignmentListAPI, ForeignDetailAPI, ForeignOpenDataAPI
from home.api import api_router
from notifications.views import line_webhook
from policies.api import PolicyAssignmentListAPI, PolicyDetailAPI, PolicyOpenDataAPI
from search import views as search_views
from search.api import SearchAPIView
from security.views import document_serve
from updates.api import SubmissionDetailAPI, UpdateDetailAPI, UpdateEvidenceAPI, UpdateListAPI, UpdateOpenDataAPI
from website import views as website_views
from website.sitemaps import sitemap_index, sitemap_section


class IdConverter:
    """A database id: digits that fit the id columns (larger numbers match nothing: 404, not a database error)."""

    regex = "[0-9]{1,10}"

    def to_python(self, value):
        if int(value) > 2**31 - 1:
            raise ValueError(value)
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")

# The REST API, version 1: agencies' systems and open data. Each app adds its endpoints here.
api_v1 = [
    path("search/", SearchAPIView.as_view(), name="search"),
    path("agencies/", AgencyListAPI.as_view(), name="agencies"),
    path("assignments/directives/", DirectiveAssignmentListAPI.as_view(), name="directive-assignments"),
    path("assignments/policies/", PolicyAssignmentListAPI.as_view(), name="policy-assignments"),
    path("directives/<id:pk>/", DirectiveDetailAPI.as_view(), name="directive"),
    path("policies/<id:pk>/", PolicyDetailAPI.as_view(), name="policy"),
    path("updates/", UpdateListAPI.as_view(), name="updates"),
    path("updates/<id:pk>/", UpdateDetailAPI.as_view(), name="update"),
    path("updates/<id:pk>/evidence/<id:evidence>/", UpdateEvidenceAPI.as_view(), name="update-evidence"),
    path("submissions/<id:pk>/", SubmissionDetailAPI.as_view(), name="submission"),
    path("open/directives/", DirectiveOpenDataAPI.as_view(), name="open-directives"),
    path("open/policies/", PolicyOpenDataAPI.as_view(), name="open-policies"),
    path("open/updates/", UpdateOpenDataAPI.as_view(), name="open-updates"),
    path("open/agencies/", AgencyOpenDataAPI.as_view(), name="open-agencies"),
    path("assignments/complaints/", ComplaintAssignmentListAPI.as_view(), name="complaint-assignments"),
    path("assignments/foreign/", ForeignAssignmentListAPI.as_view(), name="foreign-assignments"),
    path("complaints/<id:pk>/", ComplaintDetailAPI.as_view(), name="complaint"),
    path("foreign/<id:pk>/", ForeignDetailAPI.as_view(), name="foreign"),
    path("open/complaints/", ComplaintOpenDataAPI.as_view(), name="open-complaints"),
    path("open/foreign/", ForeignOpenDataAPI.as_view(), name="open-foreign"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-v1:schema", permission_classes=[AllowAny]),
        name="docs",
    ),
]

# Wagtail's document routes, serving through PM1's view, which corrects its headers.
document_urls = [
    re_path(r"^(\d+)/(.*)$", document_serve, name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        wagtail_document_views.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
]

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(document_urls)),
    path("healthz", core_views.health, name="health"),
    path("notifications/line/webhook/", line_webhook, name="line_webhook"),
    path("api/v1/", include((api_v1, "api"), namespace="api-v1")),
    path("api/v2/", api_router.urls),
    path("robots.txt", website_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_section, name="sitemap_section"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("citizens/", include("citizens.urls")),
    path("", include("website.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "cms.views.bad_request"
handler403 = "cms.views.permission_denied"
handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
