"""
``GET /api/v1/search/``: public search for other tools, published content only. The response shape
``{"count", "results": [{"type", "ref", "title", "url", "snippet", …}], "facets"}`` is a contract:
extend it, never change it.
"""

import html

from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Locale

from api.links import page_url
from api.schema import problems
from core.kinds import kind_of
from updates.models import ProgressUpdatePage

from .forms import SearchForm
from .models import SearchDocument
from .selectors import MAX_PAGE_SIZE, public_search
from .views import MAX_PAGE, page_number

DEFAULT_PAGE_SIZE = 20


def result_type(page) -> str:
    kind = kind_of(page)
    if kind is not None:
        return kind.item_type
    if isinstance(page, ProgressUpdatePage):
        return SearchDocument.UPDATE
    return SearchDocument.PAGE


#: A result's date: when a directive was issued, a complaint received, a foreign-affairs event held,
#: or the period a policy or an update covers ended.
DATE_FIELDS = ("issued_on", "received_on", "event_date", "period_end")


def result_json(request, page, snippet: str) -> dict:
    date = next((value for name in DATE_FIELDS if (value := getattr(page, name, None))), None)
    return {
        "type": result_type(page),
        "id": page.pk,
        "ref": getattr(page, "reference", "") or getattr(page, "number", ""),
        "title": page.title,
        "url": page_url(page, request),
        "snippet": html.unescape(strip_tags(snippet)),
        "snippet_html": str(snippet),
        "status": getattr(page, "status", "") or getattr(page, "status_claim", ""),
        "track": kind.track_of(page) if (kind := kind_of(page)) else getattr(page, "track", ""),
        "date": date.isoformat() if date else None,
        "last_published_at": page.last_published_at,
        "language": page.locale.language_code,
    }


@extend_schema_view(
    get=extend_schema(
        parameters=[
            # The search form's fields (the page's own parameters), then the API's paging and language.
            *(OpenApiParameter(name, int if name == "fiscal_year" else str) for name in SearchForm.base_fields),
            *(OpenApiParameter(name, int) for name in ("page", "page_size")),
            OpenApiParameter("lang", str, enum=["th", "en"]),
        ],
        responses={200: OpenApiTypes.OBJECT, **problems(400)},
        auth=[],
    )
)
class SearchAPIView(APIView):
    """
    Simple and advanced public search. Parameters are those of the search page (``q``,
    ``all_words``, ``phrase``, ``none``, ``type``, ``track``, ``agency`` (code), ``agency_role``,
    ``status`` (or ``overdue``), ``policy``, ``occasion``, ``issued_from``/``issued_to``,
    ``deadline_from``/``deadline_to`` (BE or CE), ``fiscal_year`` (BE), ``sort``), plus ``page``,
    ``page_size`` (at most 50) and ``lang`` (``th`` or ``en``, else ``Accept-Language``).
    """

    permission_classes = [AllowAny]
    authentication_classes = []

    def get(self, request):
        language = request.query_params.get("lang") or translation.get_language_from_request(request)
        # Checked against the site's languages before any query: a NUL in it is refused by PostgreSQL.
        known = language in dict(settings.WAGTAIL_CONTENT_LANGUAGES)
        locale = (Locale.objects.filter(language_code=language).first() if known else None) or Locale.get_default()
        with translation.override(locale.language_code):
            form = SearchForm(request.query_params, locale=locale)
            if not form.is_valid():
                return Response(
                    {
                        "type": "about:blank",
                        "title": str(translation.gettext("The search conditions are not valid.")),
                        "status": 400,
                        "errors": {name: [str(e) for e in errors] for name, errors in form.errors.items()},
                    },
                    status=status.HTTP_400_BAD_REQUEST,
                    content_type="application/problem+json",
                )
            size = min(MAX_PAGE_SIZE, max(1, _int(request.query_params.get("page_size"), DEFAULT_PAGE_SIZE)))
            number = page_number(request.query_params.get("page"))
            outcome = public_search(data=form.cleaned_data, locale=locale, offset=(number - 1) * size, limit=size)
            last = min(MAX_PAGE, max(1, -(-outcome.count // size)))
            return Response(
                {
                    "count": outcome.count,
                    # Set when results missing one word follow the full matches: how many have all.
                    "full_count": outcome.full_count,
                    "query_shortened": form.shortened,
                    "page": number,
                    "page_size": size,
                    "next_page": number + 1 if number < last else None,
                    "results": [
                        result_json(request, page, outcome.snippets.get(page.pk, "")) for page in outcome.results
                    ],
                    "facets": {name: {str(k): v for k, v in counts.items()} for name, counts in outcome.facets.items()},
                }
            )


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
