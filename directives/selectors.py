"""Reads for the public directive listing, answered by public search's facts in memory (fast at 100 000 items)."""

from django.db.models import prefetch_related_objects

from .models import DirectivePage

#: The listing's filters: a subset of the search form's conditions, with the same names and checks.
FILTERS = ["track", "agency", "status", "fiscal_year", "occasion"]
PAGE_SIZE = 20


def directive_filter_form(params, *, locale):
    """The search form bound to the listing's filters only; invalid values are reported and ignored."""
    from search.forms import SearchForm

    form = SearchForm({name: params[name] for name in FILTERS if params.get(name)}, locale=locale)
    for name in list(form.fields):
        if name not in FILTERS:
            del form.fields[name]
    return form


def directive_listing(*, form, locale, page_number: int):
    """One page of the public directives of ``locale`` meeting the form's valid filters, newest first."""
    from search.selectors import public_search
    from search.views import ResultsPage

    form.is_valid()
    data = {name: form.cleaned_data.get(name) for name in FILTERS if name not in form.errors}
    data.update(type=DirectivePage.item_type, sort="newest")
    outcome = public_search(data=data, locale=locale, offset=(page_number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    prefetch_related_objects(outcome.results, "assignments__agency", "occasion")
    return ResultsPage(outcome, page_number, PAGE_SIZE)
