from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Locale, Page

from core.choices import Visibility
from directives.models import DirectivePage
from policies.models import PolicyPage
from updates.models import ProgressUpdatePage


def search(request):
    """
    The public search box: published, public pages of the current language. Progress updates are
    left to their items' pages until search can tell which items are internal (issue: Thai search).
    """
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        results = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .not_type(ProgressUpdatePage)
            .exclude(pk__in=DirectivePage.objects.filter(visibility=Visibility.INTERNAL).values("pk"))
            .exclude(pk__in=PolicyPage.objects.filter(visibility=Visibility.INTERNAL).values("pk"))
            .search(query)
        )
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": page})
