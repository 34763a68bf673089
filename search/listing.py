"""
What the public listings below search ask of it, registered from ``SearchConfig.ready`` since they
cannot import it: the filtered listings of the kinds' index pages (``core.listing``), answered by
public search's facts in memory (fast at 100 000 items, filtered exactly as search filters), and
which pages the open data may publish (``api.open_data.public_pages``).
"""

from django.apps import apps
from django.db.models import prefetch_related_objects

from api.open_data import public_pages_provider_register
from core.kinds import kind_of
from core.listing import listing_provider_register

from .forms import SearchForm, years_in_common_era
from .models import SearchDocument
from .selectors import public_search
from .views import ResultsPage, page_number

__all__ = ["PAGE_SIZE", "item_listing", "listing_filter_form", "public_page_ids"]

PAGE_SIZE = 20


def listing_filter_form(params, *, filters, locale) -> SearchForm:
    """The search form bound to the listing's ``filters`` only; invalid values are reported and ignored."""
    form = SearchForm(
        {name: params[name] for name in filters if params.get(name)},
        locale=locale,
        common_era=years_in_common_era(locale),
    )
    for name in list(form.fields):
        if name not in filters:
            del form.fields[name]
    return form


def item_listing(index, request) -> dict:
    """
    One page of the public items of ``index``'s kind and locale meeting the request's valid filters
    (``index.listing_filters``), newest first, with the form and the query the template needs.
    """
    filters = index.listing_filters
    form = listing_filter_form(request.GET, filters=filters, locale=index.locale)
    form.is_valid()
    data = {name: form.cleaned_data.get(name) for name in filters if name not in form.errors}
    data.update(type=kind_of(apps.get_model(index.item_model)).item_type, sort="newest")
    number = page_number(request.GET.get("page"))
    outcome = public_search(data=data, locale=index.locale, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    prefetch_related_objects(outcome.results, *index.listing_prefetch)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "items": ResultsPage(outcome, number, PAGE_SIZE),
        "filter_form": form,
        "querystring": query.urlencode(),
        "filtered": bool(form.data),
    }


def public_page_ids(locale, kind):
    """Ids of the pages of a kind that the public may see, as the search documents record it."""
    documents = SearchDocument.objects.filter(locale=locale, live=True, item_public=True, kind=kind)
    return documents.values("page_id")


def providers_register() -> None:
    """Answer the kinds' filtered listings and the open data's public pages from search (``SearchConfig.ready``)."""
    listing_provider_register(item_listing)
    public_pages_provider_register(public_page_ids)
