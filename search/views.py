from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from agencies.models import Agency
from core.cache import cache_tag
from core.choices import Status, Track
from core.thai import fiscal_year_label

from .forms import SearchForm, type_choices, years_in_common_era
from .selectors import autocomplete, public_search

PAGE_SIZE = 20
#: Deeper pages than this are refused: nobody reads them, and crawlers should use the open data.
MAX_PAGE = 500


class ResultsPage:
    """The slice of ``Paginator``'s page interface that ``_pagination.html`` uses, for ranked hits."""

    def __init__(self, outcome, number, per_page):
        self.object_list = outcome.results
        self.number = number
        self.count = outcome.count
        self.num_pages = max(1, min(MAX_PAGE, -(-outcome.count // per_page)))
        self.paginator = self

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self.number < self.num_pages

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.num_pages > 1

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def page_number(value) -> int:
    """A page number from the query string; anything that is not one means the first page."""
    try:
        return min(MAX_PAGE, max(1, int(value)))
    except (TypeError, ValueError):
        return 1


FACET_TITLES = {
    "type": _("Type"),
    "track": _("Track"),
    "status": _("Status"),
    "fiscal_year": _("Fiscal year"),
    "agency": _("Agency"),
}


def facet_groups(facets, query, form):
    """Each facet with its values' labels, counts and the link that adds (or keeps) the condition."""
    agencies = {agency.code: agency for agency in Agency.objects.filter(code__in=facets.get("agency", {}))}
    labels = {
        "type": dict(type_choices()),
        "track": dict(Track.choices),
        "status": dict(Status.choices),
        "fiscal_year": {year: fiscal_year_label(year) for year in facets.get("fiscal_year", {})},
        "agency": {code: agency.short_name or agency.name for code, agency in agencies.items()},
    }
    groups = []
    for name, counts in facets.items():
        values = []
        for value, count in counts.items():
            link = query.copy()
            link[name] = value
            values.append(
                {
                    "label": labels[name].get(value, value),
                    "count": count,
                    "query": link.urlencode(),
                    "selected": str(form.data.get(name, "")) == str(value),
                }
            )
        if values:
            groups.append({"title": FACET_TITLES[name], "values": values})
    return groups


@require_GET
def search(request):
    """The public search page: the simple box, the advanced conditions, results with facets."""
    locale = Locale.get_active()
    cache_tag(request, "navigation", "search")
    form = SearchForm(request.GET or None, locale=locale, common_era=years_in_common_era(locale))
    context = {"form": form, "search_query": request.GET.get("q", "")[:200], "advanced": False}
    if form.is_bound:
        context["advanced"] = form.is_advanced or "advanced" in request.GET
        if form.is_valid() and any(form.cleaned_data.get(name) for name in ["q", *SearchForm.ADVANCED]):
            number = page_number(request.GET.get("page"))
            outcome = public_search(
                data=form.cleaned_data, locale=locale, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
            )
            query = request.GET.copy()
            query.pop("page", None)
            context.update(
                outcome=outcome,
                facet_groups=facet_groups(outcome.facets, query, form),
                search_results=ResultsPage(outcome, number, PAGE_SIZE),
                results=[(page, outcome.snippets.get(page.pk, "")) for page in outcome.results],
                querystring=query.urlencode(),
            )
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def suggest(request):
    """Autocomplete for the search box: item titles, reference numbers and agency names."""
    return JsonResponse({"suggestions": autocomplete(request.GET.get("q", ""), locale=Locale.get_active())})
