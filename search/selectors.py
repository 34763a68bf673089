"""
Public search: what the public may find, narrowed by the advanced conditions, matched and ranked
by an engine (``search.engines``), with facets and highlighted snippets. The search page and the
search API both call ``public_search``.
"""

import html
import logging
import re
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import Page

from core.choices import CLOSED, Status, Track, Visibility
from core.thai import fiscal_year, fiscal_year_bounds
from directives.models import DirectiveAssignment, DirectivePage
from policies.models import PolicyAssignment, PolicyPage
from updates.models import ProgressUpdatePage

from .engines import EngineUnavailable, Hits, Terms, engine_for
from .forms import OVERDUE, Kind
from .text import normalise

__all__ = ["SearchOutcome", "public_search"]

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 50
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
    degraded: bool = False


def public_search(*, data: dict, locale, offset: int = 0, limit: int = 20) -> SearchOutcome:
    """
    Published, public pages of ``locale`` matching the cleaned ``SearchForm`` data. Falls back to
    the database when the configured engine (Elasticsearch) cannot be reached, logging it for staff.
    """
    terms = Terms.parse(
        q=data.get("q") or "",
        all_words=data.get("all_words") or "",
        phrase=data.get("phrase") or "",
        none=data.get("none") or "",
    )
    candidates = _candidates(data, locale)
    by_relevance = bool(terms) and (data.get("sort") or "relevance") == "relevance"
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    degraded = False
    try:
        hits = engine_for().search(terms, candidates, offset=offset, limit=limit, by_relevance=by_relevance)
    except EngineUnavailable as error:
        logger.error("Search engine unavailable, public search answered from the database: %s", error)
        hits = engine_for("database").search(terms, candidates, offset=offset, limit=limit, by_relevance=by_relevance)
        degraded = True
    if not by_relevance and data.get("sort") == "oldest":
        hits = _oldest_first(hits, offset=offset, limit=limit)
    results = _specific_in_order(hits.ids)
    return SearchOutcome(
        results=results,
        count=hits.count,
        facets=_facets(hits.matched),
        terms=terms,
        snippets={page.pk: snippet(page, terms) for page in results},
        degraded=degraded,
    )


def _oldest_first(hits: Hits, *, offset, limit) -> Hits:
    ids = list(hits.matched.order_by("last_published_at", "pk").values_list("pk", flat=True)[offset : offset + limit])
    return Hits(ids=ids, count=hits.count, matched=hits.matched)


def _specific_in_order(ids):
    pages = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    return [pages[pk] for pk in ids if pk in pages]


def _content_types():
    return {
        Kind.DIRECTIVE: ContentType.objects.get_for_model(DirectivePage),
        Kind.POLICY: ContentType.objects.get_for_model(PolicyPage),
        Kind.UPDATE: ContentType.objects.get_for_model(ProgressUpdatePage),
    }


def _with_parent_path(updates):
    return updates.annotate(parent_path=Substr("path", 1, Length("path") - ProgressUpdatePage.steplen))


def _candidates(data, locale):
    """Every page the public may see in ``locale`` that meets the conditions (text aside)."""
    pages = Page.objects.live().public().filter(locale=locale, depth__gt=1)
    directives = DirectivePage.objects.live().filter(locale=locale, visibility=Visibility.PUBLIC)
    policies = PolicyPage.objects.live().filter(locale=locale, visibility=Visibility.PUBLIC)
    kinds = {
        Kind.DIRECTIVE: _directive_conditions(directives, data),
        Kind.POLICY: _policy_conditions(policies, data),
    }
    # A progress update is found when its item is found: it inherits the item's conditions.
    item_paths = [items.values("path") for items in kinds.values() if items is not None]
    updates = _update_conditions(_with_parent_path(ProgressUpdatePage.objects.live().filter(locale=locale)), data)
    if updates is not None and item_paths:
        parent = Q(parent_path__in=item_paths[0])
        for paths in item_paths[1:]:
            parent |= Q(parent_path__in=paths)
        kinds[Kind.UPDATE] = updates.filter(parent)
    wanted = data.get("type")
    selected = Q(pk__in=[])
    for kind, queryset in kinds.items():
        if queryset is not None and wanted in ("", None, kind):
            selected |= Q(pk__in=queryset.values("pk"))
    # Other pages (about, contact, listings) have none of the items' properties.
    if wanted in ("", None, Kind.PAGE) and not _item_conditions(data):
        selected |= ~Q(content_type__in=list(_content_types().values()))
    return pages.filter(selected)


def _item_conditions(data) -> bool:
    names = ("track", "agency", "status", "policy", "occasion", "issued_from", "issued_to")
    names += ("deadline_from", "deadline_to", "fiscal_year")
    return any(data.get(name) for name in names)


def _issued_range(data):
    start, end = data.get("issued_from"), data.get("issued_to")
    if data.get("fiscal_year"):
        first, last = fiscal_year_bounds(data["fiscal_year"])
        start, end = max(filter(None, (start, first))), min(filter(None, (end, last)))
    return start, end


def _assignment_conditions(assignments, data):
    if data.get("agency"):
        assignments = assignments.filter(agency=data["agency"])
        if data.get("agency_role"):
            assignments = assignments.filter(role=data["agency_role"])
    if data.get("deadline_from"):
        assignments = assignments.filter(deadline__gte=data["deadline_from"])
    if data.get("deadline_to"):
        assignments = assignments.filter(deadline__lte=data["deadline_to"])
    if data.get("status") == OVERDUE:
        assignments = assignments.filter(deadline__lt=timezone.localdate()).exclude(status__in=CLOSED)
    return assignments


def _uses_assignments(data) -> bool:
    return any(data.get(name) for name in ("agency", "deadline_from", "deadline_to")) or data.get("status") == OVERDUE


def _status_condition(items, data):
    status = data.get("status")
    return items.filter(status=status) if status and status != OVERDUE else items


def _directive_conditions(directives, data):
    if data.get("track"):
        directives = directives.filter(track=data["track"])
    directives = _status_condition(directives, data)
    if data.get("occasion"):
        directives = directives.filter(occasion=data["occasion"])
    if data.get("policy"):
        directives = directives.filter(related_policies__translation_key=data["policy"].translation_key)
    start, end = _issued_range(data)
    if start:
        directives = directives.filter(issued_on__gte=start)
    if end:
        directives = directives.filter(issued_on__lte=end)
    if _uses_assignments(data):
        assigned = _assignment_conditions(DirectiveAssignment.objects.all(), data)
        directives = directives.filter(pk__in=assigned.values("page_id"))
    return directives


def _policy_conditions(policies, data):
    if data.get("track") and data["track"] != Track.POLICY or data.get("occasion"):
        return None
    policies = _status_condition(policies, data)
    if data.get("policy"):
        policies = policies.filter(path__startswith=data["policy"].path)
    start, end = _issued_range(data)
    if start:
        policies = policies.filter(period_start__gte=start)
    if end:
        policies = policies.filter(period_start__lte=end)
    if _uses_assignments(data):
        assigned = _assignment_conditions(PolicyAssignment.objects.all(), data)
        policies = policies.filter(pk__in=assigned.values("page_id"))
    return policies


def _update_conditions(updates, data):
    if data.get("agency"):
        updates = updates.filter(agency=data["agency"])
    status = data.get("status")
    if status and status != OVERDUE:
        updates = updates.filter(status_claim=status)
    return updates


def _facets(matched) -> dict:
    """Counts of the matches by type, track, status, fiscal year and agency."""
    from agencies.models import Agency

    types = {ct.pk: kind for kind, ct in _content_types().items()}
    by_type = {}
    for row in matched.values("content_type").annotate(n=Count("pk")):
        kind = types.get(row["content_type"], Kind.PAGE)
        by_type[kind] = by_type.get(kind, 0) + row["n"]
    matched_ids = matched.values("pk")
    directives = DirectivePage.objects.filter(pk__in=matched_ids)
    policies = PolicyPage.objects.filter(pk__in=matched_ids)
    by_track = {row["track"]: row["n"] for row in directives.values("track").annotate(n=Count("pk"))}
    if by_type.get(Kind.POLICY):
        by_track[Track.POLICY] = by_track.get(Track.POLICY, 0) + by_type[Kind.POLICY]
    by_status = {}
    for items in (directives, policies):
        for row in items.values("status").annotate(n=Count("pk")):
            by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
    by_year = {}
    for row in directives.values("issued_on__year", "issued_on__month").annotate(n=Count("pk")):
        year = fiscal_year(date(row["issued_on__year"], row["issued_on__month"], 1))
        by_year[year] = by_year.get(year, 0) + row["n"]
    by_agency = {}
    for assignments in (DirectiveAssignment, PolicyAssignment):
        rows = assignments.objects.filter(page__in=matched_ids).values("agency")
        rows = rows.annotate(n=Count("page", distinct=True))
        for row in rows:
            by_agency[row["agency"]] = by_agency.get(row["agency"], 0) + row["n"]
    top = sorted(by_agency.items(), key=lambda item: (-item[1], item[0]))[:AGENCY_FACET_SIZE]
    agencies = Agency.objects.in_bulk([pk for pk, _ in top])
    return {
        "type": _ordered(by_type, [kind for kind, _ in Kind.choices]),
        "track": _ordered(by_track, Track.values),
        "status": _ordered(by_status, Status.values),
        "fiscal_year": dict(sorted(by_year.items(), reverse=True)),
        "agency": {agencies[pk].code: n for pk, n in top if pk in agencies},
    }


def _ordered(counts, order):
    return {key: counts[key] for key in order if counts.get(key)}


def _text_of(page) -> str:
    for name in ("search_description", "public_summary", "summary", "body"):
        value = getattr(page, name, "")
        if value:
            return normalise(" ".join(strip_tags(str(value)).split()))
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
    from agencies.models import Agency

    text = normalise(" ".join(text.split()))[:100]
    if len(text) < 2:
        return []
    thai = locale.language_code == "th"
    agencies = Agency.objects.filter(is_active=True).filter(
        Q(name_th__icontains=text)
        | Q(name_en__icontains=text)
        | Q(short_name_th__istartswith=text)
        | Q(short_name_en__istartswith=text)
        | Q(code__iexact=text)
    )
    suggestions = []
    for agency in agencies.order_by("name_th")[:3]:
        name = agency.name_th if thai or not agency.name_en else agency.name_en
        suggestions.append({"kind": "agency", "label": name, "value": name, "code": agency.code})
    items = _candidates({}, locale).filter(
        Q(content_type__in=[_content_types()[Kind.DIRECTIVE], _content_types()[Kind.POLICY]])
    )
    references = DirectivePage.objects.filter(pk__in=items.values("pk"), reference__istartswith=text)
    found = list(references.order_by("-issued_on")[:AUTOCOMPLETE_SIZE])
    if len(found) < AUTOCOMPLETE_SIZE:
        found += [page.specific for page in items.autocomplete(text)[: AUTOCOMPLETE_SIZE - len(found)]]
    seen = set()
    for page in found:
        if page.pk not in seen:
            seen.add(page.pk)
            reference = getattr(page, "reference", "")
            label = f"{reference} {page.title}" if reference else page.title
            suggestions.append({"kind": "item", "label": label, "value": page.title, "url": page.url})
    return suggestions[: AUTOCOMPLETE_SIZE + 3]
