"""
Public search: what the public may find, narrowed by the advanced conditions, matched and ranked
by an engine (``search.engines``), with facets and highlighted snippets. The search page and the
search API both call ``public_search``.
"""

import html
import logging
import re
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db.models import F, Q
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from modelsearch.backends import get_search_backend
from wagtail.models import Locale, Page

from agencies.models import Agency
from agencies.selectors import agencies_named
from core.kinds import kind_of, kinds
from core.text import normalise
from core.thai import fiscal_year_bounds

from .engines import EngineUnavailable, Terms, engine_for
from .facts import current_facts
from .forms import OVERDUE
from .models import SearchDocument

__all__ = ["SearchOutcome", "public_figures", "public_search", "recent_updates"]

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 50
#: How many more updates to look at when each item should show once.
DISTINCT_ITEMS_FACTOR = 10
SNIPPET_LENGTH = 220
AGENCY_FACET_SIZE = 10


@dataclass
class SearchOutcome:
    """A page of results (specific pages, best first), the total, the facets and the terms used."""

    results: list
    count: int
    facets: dict
    terms: Terms
    snippets: dict[int, str] = field(default_factory=dict)
    #: When pages missing one word follow the full matches: how many have every word.
    full_count: int | None = None


def public_search(*, data: dict, locale, offset: int = 0, limit: int = 20, backend: str = "default") -> SearchOutcome:
    """
    Published, public pages of ``locale`` matching the cleaned ``SearchForm`` data, searched with
    the named backend. Falls back to the database when the engine (Elasticsearch) cannot be
    reached, logging it for staff.
    """
    terms = Terms.parse(
        q=data.get("q") or "",
        all_words=data.get("all_words") or "",
        phrase=data.get("phrase") or "",
        none=data.get("none") or "",
    )
    order = data.get("sort") or "relevance"
    if order == "relevance" and not terms:
        order = "newest"
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    with current_facts() as facts:
        mask = _candidates(facts, data, locale)
        try:
            hits = engine_for(backend).search(terms, facts, mask, offset=offset, limit=limit, order=order)
        except EngineUnavailable as error:
            logger.error("Search engine unavailable, public search answered from the database: %s", error)
            hits = engine_for("database").search(terms, facts, mask, offset=offset, limit=limit, order=order)
        facets = _facets(facts.facets(hits.matched))
    results = _specific_in_order(hits.ids)
    return SearchOutcome(
        results=results,
        count=hits.count,
        facets=facets,
        terms=terms,
        snippets={page.pk: snippet(page, terms) for page in results},
        full_count=hits.full_count,
    )


def public_figures(*, locale, kind: str) -> dict:
    """
    The public items of one kind (an ``item_type``) in ``locale``: how many, by status and by
    track, and how many are overdue (from the facts in memory: no query when nothing changed).
    """
    with current_facts() as facts:
        items = facts.narrow(facts.public(locale.pk), kind=kind)
        counts = facts.facets(np.flatnonzero(items))
        overdue = int(np.count_nonzero(facts.narrow(items, overdue=True)))
    return {
        "total": sum(counts["type"].values()),
        "status": counts["status"],
        "track": counts["track"],
        "overdue": overdue,
    }


def recent_updates(*, locale, limit: int = 6, agency=None, policy=None, distinct_items=False) -> list:
    """
    The public progress updates of ``locale`` published last, newest first, as (update, item)
    pairs: all of them, an agency's, or those on the items a policy groups (``Kind.items_grouped_by``);
    with ``distinct_items``, only the newest update of each item. Outside the default language an
    update not translated yet is listed in the default language's text, marked ``shown_untranslated``
    and paired with the item in ``locale`` where there is one: readers of every language see the
    same progress, however few updates the agencies write in that language.
    """
    default = Locale.get_default()
    fallback = locale.pk != default.pk
    with current_facts() as facts:
        public = facts.public(locale.pk) | facts.public(default.pk) if fallback else facts.public(locale.pk)
        mask = facts.narrow(
            public,
            kind=SearchDocument.UPDATE,
            agency=agency.pk if agency else None,
            items=_policy_items(policy, default) if policy else None,
        )
        # A translated update is there twice (in both languages): fetch enough for the one kept.
        wanted = (limit * DISTINCT_ITEMS_FACTOR if distinct_items else limit) * (2 if fallback else 1)
        newest = facts.ordered(np.flatnonzero(mask), "newest", 0, wanted)
    updates = _specific_in_order(newest)
    if fallback:
        updates = _in_locale_or_untranslated(updates, locale)
    parents = {update.path[: -update.steplen] for update in updates}
    items = {page.path: page for page in Page.objects.filter(path__in=parents).specific()}
    pairs = [(update, items.get(update.path[: -update.steplen])) for update in updates]
    if fallback:
        pairs = [(update, _translated(item, locale)) for update, item in pairs]
    if distinct_items:
        # An item reported on by several agencies at once shows once, with its newest update.
        first = {}
        for update, item in pairs:
            first.setdefault(item.translation_key if item else update.pk, (update, item))
        pairs = list(first.values())
    return pairs[:limit]


def _policy_items(policy, default):
    """The items a policy groups, with those its default-language original groups (their untranslated updates)."""
    items = _grouped_items(policy)
    source = policy.get_translation_or_none(default) if policy.locale_id != default.pk else None
    return items + _grouped_items(source) if source is not None else items


def _in_locale_or_untranslated(updates, locale):
    """``updates`` without the originals of those translated into ``locale``; the untranslated marked."""
    translated = set(
        Page.objects.filter(
            locale=locale, live=True, translation_key__in=[update.translation_key for update in updates]
        ).values_list("translation_key", flat=True)
    )
    kept = []
    for update in updates:
        if update.locale_id != locale.pk:
            if update.translation_key in translated:
                continue
            update.shown_untranslated = True
        kept.append(update)
    return kept


def _translated(item, locale):
    """``item`` in ``locale`` when it is published there, else ``item`` itself, marked ``shown_untranslated``."""
    if item is None or item.locale_id == locale.pk:
        return item
    translation = item.get_translation_or_none(locale)
    if translation is not None and translation.live:
        return translation.specific
    item.shown_untranslated = True
    return item


def _specific_in_order(ids):
    pages = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    return [pages[pk] for pk in ids if pk in pages]


def _candidates(facts, data, locale):
    """A mask over page ids: the pages the public may see in ``locale`` that meet the conditions (text aside)."""
    status = data.get("status")
    start, end = _issued_range(data)
    agency = data.get("agency")
    return facts.narrow(
        facts.public(locale.pk),
        kind=data.get("type"),
        track=data.get("track"),
        status=status if status != OVERDUE else None,
        occasion=data["occasion"].pk if data.get("occasion") else None,
        date_from=start,
        date_to=end,
        agency=agency.pk if agency else None,
        agency_role=data.get("agency_role"),
        deadline_from=data.get("deadline_from"),
        deadline_to=data.get("deadline_to"),
        overdue=status == OVERDUE,
        items=_grouped_items(data["policy"]) if data.get("policy") else None,
    )


def _grouped_items(item):
    """The items a filter by ``item`` (a policy) means, as its kind says."""
    return kind_of(item).items_grouped_by(item)


def _issued_range(data):
    start, end = data.get("issued_from"), data.get("issued_to")
    if data.get("fiscal_year"):
        first, last = fiscal_year_bounds(data["fiscal_year"])
        start, end = max(filter(None, (start, first))), min(filter(None, (end, last)))
    return start, end


def _facets(counts) -> dict:
    """The facts' counts in the choices' order, agencies by code (the ten with most results)."""
    top = sorted(counts["agency"].items(), key=lambda item: (-item[1], item[0]))[:AGENCY_FACET_SIZE]
    agencies = Agency.objects.in_bulk([pk for pk, _ in top])
    return {
        "type": counts["type"],
        "track": counts["track"],
        "status": counts["status"],
        "fiscal_year": dict(sorted(counts["fiscal_year"].items(), reverse=True)),
        "agency": {agencies[pk].code: n for pk, n in top if pk in agencies},
    }


def _text_of(page) -> str:
    for name in ("search_description", "public_summary", "summary", "body"):
        value = getattr(page, name, "")
        if value:
            # Rich text keeps its entities (&amp;, &lt;) after strip_tags: decode them before escaping once.
            return normalise(" ".join(html.unescape(strip_tags(str(value))).split()))
    return ""


def snippet(page, terms: Terms, length: int = SNIPPET_LENGTH) -> str:
    """
    About ``length`` characters of the page's text around the first matched word, escaped, with
    every matched word wrapped in ``<mark>``: Thai words are marked inside unspaced text too.
    """
    text = _text_of(page)
    words = sorted({word for word in terms.highlighted if word}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE) if words else None
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - length // 3) if first else 0
    start = text.rfind(" ", 0, start) + 1 if start else 0
    excerpt = text[start : start + length]
    prefix, suffix = ("… " if start else ""), (" …" if start + length < len(text) else "")
    if pattern is None:
        return html.escape(prefix + excerpt + suffix)
    marked = []
    position = 0
    for match in pattern.finditer(excerpt):
        marked.append(html.escape(excerpt[position : match.start()]))
        marked.append(f"<mark>{html.escape(match.group())}</mark>")
        position = match.end()
    marked.append(html.escape(excerpt[position:]))
    return mark_safe(html.escape(prefix) + "".join(marked) + html.escape(suffix))  # noqa: S308 (escaped above)


AUTOCOMPLETE_SIZE = 8


def autocomplete(text: str, *, locale) -> list[dict]:
    """
    Suggestions for what the reader is typing: agencies by name or short name (สธ., MOPH), then
    public items by title or reference number, each with the page it leads to.
    """
    text = normalise(" ".join(text.split()))[:100]
    if len(text) < 2:
        return []
    thai = locale.language_code == "th"
    # The agencies the text names (สธ, ส.ธ., Ministry of Public Health) first, then those it is part of.
    named = [agency.pk for agency in agencies_named(text)]
    agencies = Agency.objects.filter(is_active=True).filter(
        Q(pk__in=named)
        | Q(name_th__icontains=text)
        | Q(name_en__icontains=text)
        | Q(short_name_th__istartswith=text)
        | Q(short_name_en__istartswith=text)
        | Q(code__iexact=text)
    )
    suggestions = []
    for agency in sorted(agencies.order_by("name_th")[:10], key=lambda agency: agency.pk not in named)[:3]:
        name = agency.name_th if thai or not agency.name_en else agency.name_en
        suggestions.append({"kind": "agency", "label": name, "value": name, "code": agency.code})
    registered = kinds()
    items = SearchDocument.objects.filter(
        locale=locale, live=True, item_public=True, kind__in=[kind.item_type for kind in registered]
    ).values("page_id")
    found = []
    for kind in registered:
        if len(found) < AUTOCOMPLETE_SIZE and kind.suggests_references:
            references = kind.model.objects.filter(pk__in=items, **{f"{kind.model.reference_field}__istartswith": text})
            found += references.order_by(F(kind.model.start_date_field).desc(nulls_last=True), "-pk")[
                : AUTOCOMPLETE_SIZE - len(found)
            ]
    if len(found) < AUTOCOMPLETE_SIZE:
        titles = Page.objects.filter(pk__in=items)
        found += [page.specific for page in _autocomplete_titles(text, titles)[: AUTOCOMPLETE_SIZE - len(found)]]
    seen = set()
    for page in found:
        if page.pk not in seen:
            seen.add(page.pk)
            reference = getattr(page, "reference", "")
            label = f"{reference} {page.title}" if reference else page.title
            suggestions.append({"kind": "item", "label": label, "value": page.title, "url": page.url})
    return suggestions[: AUTOCOMPLETE_SIZE + 3]


def _autocomplete_titles(text, pages):
    """Title prefix matches from the configured backend, or the database's when it is unreachable."""
    try:
        # Every word: Elasticsearch's default operator is "or", the databases' "and".
        return list(get_search_backend().autocomplete(text, pages, operator="and")[:AUTOCOMPLETE_SIZE])
    except Exception as error:  # noqa: BLE001 (any failure of a remote engine: the database answers)
        if "database" not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        logger.error("Search engine unavailable, autocomplete answered from the database: %s", error)
        return list(get_search_backend("database").autocomplete(text, pages, operator="and")[:AUTOCOMPLETE_SIZE])
