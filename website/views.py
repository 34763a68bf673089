from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from agencies.models import Agency
from agencies.selectors import agency_public_assignments, agency_sort_key, on_time_rate
from core.cache import cache_tag
from core.models import PM1Page

from .cache import page_tags


def _publicly_readable(page) -> bool:
    # The tree's root is a bare Wagtail page: no PM1 page, never served.
    page = page.specific
    return isinstance(page, PM1Page) and page.is_published_publicly() and not page.get_view_restrictions().exists()


@require_GET
def untranslated(request, pk):
    """
    A Thai page that has no translation in the reader's language yet: the Thai text, under the
    reader's language for everything around it, with a note saying so. Never a 404 for a public page.
    """
    source = get_object_or_404(Page.objects.live().filter(locale=Locale.get_default()), pk=pk).specific
    if not _publicly_readable(source):
        raise Http404
    active = Locale.get_active()
    if active.pk == source.locale_id:
        return redirect(source.url)
    translation = source.get_translation_or_none(active)
    if translation is not None and translation.live:
        return redirect(translation.url)
    cache_tag(request, *page_tags(source))
    context = source.get_context(request)
    context.update(untranslated=True)
    return TemplateResponse(request, source.get_template(request), context)


AGENCY_PAGE_SIZE = 50


@require_GET
def agency_detail(request, code):
    """An agency's public items, with its own status and deadline on each, and its on-time completion rate."""
    agency = get_object_or_404(Agency, code=code, is_active=True)
    assignments = agency_public_assignments(agency=agency, locale=Locale.get_active())
    cache_tag(request, "navigation", f"agency:{agency.code}")
    return TemplateResponse(
        request,
        "website/agency.html",
        {
            "agency": agency,
            "items": Paginator(assignments, AGENCY_PAGE_SIZE).get_page(request.GET.get("page")),
            "count": len(assignments),
            "on_time_rate": on_time_rate(assignments, today=timezone.localdate()),
            "overdue": sum(1 for a in assignments if a.is_overdue),
        },
    )


@require_GET
def agency_list(request):
    """
    Every active agency, ministries with their departments under them, each in the dictionary order of
    their names in the reader's language.
    """
    cache_tag(request, "navigation", "agencies")
    ministries = Agency.objects.filter(is_active=True, parent=None).prefetch_related("children")
    tree = [
        (ministry, sorted((child for child in ministry.children.all() if child.is_active), key=agency_sort_key))
        for ministry in sorted(ministries, key=agency_sort_key)
    ]
    return TemplateResponse(request, "website/agency_list.html", {"ministries": tree})


@require_GET
def open_data(request):
    """Where the open data is: the downloads, the API and its documentation, the feeds."""
    cache_tag(request, "navigation")
    return TemplateResponse(request, "website/open_data.html", {})


@require_GET
def robots_txt(request):
    """Crawlers may read the public site, not the admin or the staff API; the sitemap says what there is."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Allow: /api/v1/open/",
        "Disallow: /*/search/",
        # Following, asking and unsubscribing: forms and one-use links, nothing to index.
        "Disallow: /*/citizens/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
