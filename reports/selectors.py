"""
The reporting layer: every figure of the dashboards, performance reports and executive summaries is
computed here, and only here, from the tracked items (every kind registered in ``core.kinds``:
directives, policies, complaints, foreign-affairs commitments…), their assignments and progress
updates. Indicators are those of the kinds that have them (``Kind.indicators_relation``); policy
sections and the policy report are about the kind that groups the others (``Kind.groups_items``:
policies), the directive report about the headline kind (``Kind.headline``: directives).

Definitions (README, "Executive support", says the same):

- Items are published tracked items in the default locale (translations are the same item),
  internal ones included unless ``public_only`` (what is published: summary pages and their PDFs).
  The figures count them from the reporting facts (``reports.facts``), kept beside the page table.
- Fiscal year (BE): an item belongs to the year of its start date (a directive's issue, a
  complaint's receipt, a foreign commitment's event); a policy to every year its period overlaps
  (a policy without a start belongs to every year). An archival item whose date was not recorded,
  or is known only to the calendar year (which straddles two fiscal years), belongs to none.
- Archival gaps: the assignments of an item whose date was not recorded count in no on-time rate,
  overdue count or days late (when the work was due cannot be told), and an item without a recorded
  agency has no assignments at all; ``key_figures`` says how many items each gap left out.
- Track: directives, complaints and foreign commitments carry theirs; policies belong to the policy track.
- Agency: an agency filter takes the agency with its departments (its whole subtree), and narrows
  both the items (those assigned to one of them) and the assignments counted (theirs only).
- Policy: the policy with its sub-items, and the items related to any of them.
- Occasion: the directives given on it (no other kind has an occasion).
- Overdue: an open assignment whose deadline has passed (``core.status``); an item is overdue when
  one of its counted assignments is.
- On time: a completed assignment whose completion date is on or before its deadline. Late: completed
  after the deadline, or open past it; days late count to the completion date, or to today.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DateField, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from agencies.models import Agency
from core.choices import CLOSED, IN_PROGRESS, DatePrecision, Status, Track, Visibility
from core.kinds import kind_grouping, kind_headline, kinds
from core.roles import agency_ids_for_user, reads_everything
from core.status import is_overdue
from core.thai import fiscal_year, fiscal_year_bounds
from updates.models import IndicatorValue, ProgressUpdatePage

from .aggregates import DaysBetween, Median
from .facts import declares_field, facts_flush
from .models import AssignmentFact, ExecutiveSummaryPage, ItemFact, ReportingRound, UpdateFact


@dataclass(frozen=True)
class DashboardFilters:
    """What a dashboard, report or summary is about. ``agencies`` is already expanded to departments."""

    fiscal_year: int | None = None
    track: str = ""
    agencies: frozenset[int] | None = None
    policy: int | None = None
    occasion: int | None = None
    #: Public items only: for what is published (summary pages and their PDFs).
    public_only: bool = False
    #: Today, for overdue and days late: fixed once so every figure of one report agrees.
    today: date = field(default_factory=timezone.localdate)


def agencies_with_departments(agency_ids) -> frozenset[int]:
    """The agencies and every agency below them (ministry → departments → offices)."""
    found = set(agency_ids)
    frontier = set(found)
    while frontier:
        frontier = set(Agency.objects.filter(parent__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return frozenset(found)


def dashboard_agency_scope(user) -> frozenset[int] | None:
    """
    The agencies whose figures the user may see: ``None`` (all) for executives and PMO staff, the
    user's agencies with their departments for agency staff. Anyone else may see no dashboard.
    """
    if reads_everything(user):
        return None
    own = agency_ids_for_user(user)
    if not own:
        raise PermissionDenied
    return agencies_with_departments(own)


def dashboard_filters_for(user, *, agency: int | None = None, **values) -> DashboardFilters:
    """
    Filters the user may apply: an agency user's dashboard is always narrowed to their agencies, and
    asking for another agency is refused.
    """
    scope = dashboard_agency_scope(user)
    agencies = agencies_with_departments({agency}) if agency is not None else None
    if scope is not None:
        if agencies is None:
            agencies = scope
        elif not agencies <= scope:
            raise PermissionDenied
    return DashboardFilters(agencies=agencies, **values)


def selected_items(model, filters: DashboardFilters):
    """The published items of one kind (a tracked item model) the filters select."""
    items = model.objects.filter(live=True, locale=Locale.get_default())
    if filters.public_only:
        items = items.filter(visibility=Visibility.PUBLIC)
    if filters.fiscal_year:
        start, end = fiscal_year_bounds(filters.fiscal_year)
        if declares_field(model, "period_end"):
            items = items.filter(Q(period_start__isnull=True) | Q(period_start__lte=end)).filter(
                Q(period_end__isnull=True) | Q(period_end__gte=start)
            )
        else:
            # A year alone straddles two fiscal years: such an item belongs to neither (``left_out``).
            items = items.filter(**{f"{model.start_date_field}__range": (start, end)}).exclude(
                date_precision=DatePrecision.YEAR
            )
    if filters.track:
        if declares_field(model, "track"):
            items = items.filter(track=filters.track)
        elif filters.track != Track.POLICY:
            return items.none()
    if filters.occasion is not None:
        if not declares_field(model, "occasion"):
            return items.none()
        items = items.filter(occasion_id=filters.occasion)
    if filters.policy is not None:
        items = items.filter(pk__in=_policy_items(filters.policy))
    if filters.agencies is not None:
        # A semi-join, not a join: an item assigned to several of the agencies is still one item.
        assignments = model._meta.get_field("assignments").related_model
        items = items.filter(pk__in=assignments.objects.filter(agency__in=filters.agencies).values("page_id"))
    # Without Wagtail's default order by path, which would otherwise join every GROUP BY of the figures.
    return items.order_by()


def _period_kinds() -> set[str]:
    """The kinds that run over a period (policies) rather than start on a date."""
    return {kind.item_type for kind in kinds() if declares_field(kind.model, "period_end")}


def _dated_kinds() -> set[str]:
    """The kinds whose items need a start date: without one an (archival) item has a gap."""
    return {kind.item_type for kind in kinds() if kind.model.requires_start_date}


def _assigned_kinds() -> set[str]:
    """The kinds whose items need an agency: without one an (archival) item has a gap."""
    return {kind.item_type for kind in kinds() if kind.model.requires_agencies}


def _policy_items(policy_id: int) -> set[int]:
    """The items a filter by the policy means: it, its sub-items, the items related to any of them."""
    grouping = kind_grouping()
    policy = grouping.model.objects.filter(pk=policy_id).first() if grouping is not None else None
    return set(grouping.items_grouped_by(policy)) if policy is not None else set()


def _facts_q(filters: DashboardFilters) -> Q:
    """The filters on the items as conditions on their ``ItemFields`` (on item and assignment facts alike)."""
    condition = Q()
    if filters.public_only:
        condition &= Q(public=True)
    if filters.fiscal_year:
        start, end = fiscal_year_bounds(filters.fiscal_year)
        period_kinds = _period_kinds()
        periods = Q(kind__in=period_kinds) & (Q(start__isnull=True) | Q(start__lte=end))
        periods &= Q(end__isnull=True) | Q(end__gte=start)
        others = {kind.item_type for kind in kinds()} - period_kinds
        dated = Q(start__range=(start, end)) & ~Q(start_precision=DatePrecision.YEAR)
        condition &= periods | (Q(kind__in=others) & dated)
    if filters.track:
        condition &= Q(track=filters.track)
    if filters.occasion is not None:
        condition &= Q(occasion_id=filters.occasion)
    if filters.policy is not None:
        # Both facts name the item by its page key.
        condition &= Q(item_id__in=_policy_items(filters.policy))
    return condition


def _item_facts(filters: DashboardFilters):
    """The items (``ItemFact``) the filters select."""
    facts_flush()
    items = ItemFact.objects.filter(_facts_q(filters))
    if filters.agencies is not None:
        # A semi-join, not a join: an item assigned to several of the agencies is still one item.
        items = items.filter(item_id__in=AssignmentFact.objects.filter(agency__in=filters.agencies).values("item_id"))
    return items.order_by()


def _assignment_facts(filters: DashboardFilters):
    """The assignments (``AssignmentFact``) counted: the selected items', the filter's agencies' only."""
    facts_flush()
    assignments = AssignmentFact.objects.filter(_facts_q(filters)).exclude(_undated())
    if filters.agencies is not None:
        assignments = assignments.filter(agency__in=filters.agencies)
    return assignments.order_by()


def _undated() -> Q:
    """Facts of items whose kind needs a start date and whose record gave none."""
    return Q(kind__in=_dated_kinds(), start__isnull=True)


def left_out(filters: DashboardFilters) -> dict[str, int]:
    """
    How many items of the selection an archival gap kept out of the rates and counts: ``date`` (no
    recorded date: in no fiscal year, their assignments in no rate), ``year`` (known only to the
    calendar year, with a fiscal year chosen: which one cannot be told), ``agencies`` (no recorded
    agency: no assignment to count). Counted as if the fiscal year and agency filters did not apply,
    since these items could belong to any year or agency.
    """
    facts_flush()
    items = ItemFact.objects.filter(_facts_q(replace(filters, fiscal_year=None))).order_by()
    undated = items.filter(_undated())
    year_only = items.filter(kind__in=_dated_kinds(), start_precision=DatePrecision.YEAR, start__isnull=False)
    if filters.agencies is not None:
        # Their agencies are known: an agency's staff count only their own.
        theirs = AssignmentFact.objects.filter(agency__in=filters.agencies).values("item_id")
        undated, year_only = undated.filter(item_id__in=theirs), year_only.filter(item_id__in=theirs)
    unassigned = items.filter(kind__in=_assigned_kinds()).exclude(item_id__in=AssignmentFact.objects.values("item_id"))
    return {
        "date": undated.count(),
        "year": year_only.count() if filters.fiscal_year else 0,
        "agencies": unassigned.count(),
    }


def _overdue(filters: DashboardFilters) -> Q:
    return ~Q(status__in=CLOSED) & Q(deadline__lt=filters.today)


def status_by_track(filters: DashboardFilters) -> list[dict]:
    """Items by track and status: ``[{"track", "status", "count"}]``, in the vocabularies' order."""
    counts = defaultdict(int)
    for track, status, count in _item_facts(filters).values_list("track", "status").annotate(count=Count("pk")):
        counts[track, status] = count
    return [
        {"track": track, "status": status, "count": counts[track, status]}
        for track in Track.values
        for status in Status.values
        if counts[track, status]
    ]


def key_figures(filters: DashboardFilters) -> dict:
    """
    Totals: items by kind (``directives``, ``policies``, ``complaints``, ``foreign_commitments``) and
    by status group, overdue items, and the on-time completion rate.
    """
    keys = {kind.item_type: kind.summary_key for kind in kinds()}
    figures = dict.fromkeys(keys.values(), 0)
    figures.update(completed=0, in_progress=0, not_started=0)
    figures.update(not_pursued=0, overdue_items=0, overdue_assignments=0)
    for kind, status, count in _item_facts(filters).values_list("kind", "status").annotate(count=Count("pk")):
        if kind not in keys:
            # Facts of a kind no longer registered (a test's own kind): counted nowhere.
            continue
        figures[keys[kind]] += count
        figures["in_progress" if status in IN_PROGRESS else status] += count
    done = Q(status=Status.COMPLETED, deadline__isnull=False, completed_on__isnull=False)
    counts = _assignment_facts(filters).aggregate(
        overdue=Count("pk", filter=_overdue(filters)),
        overdue_items=Count("item", distinct=True, filter=_overdue(filters)),
        completed=Count("pk", filter=done),
        on_time=Count("pk", filter=done & Q(completed_on__lte=F("deadline"))),
    )
    figures["overdue_assignments"] = counts["overdue"]
    figures["overdue_items"] = counts["overdue_items"]
    figures["items"] = sum(figures[key] for key in keys.values())
    figures["on_time_rate"] = _rate(counts["on_time"], counts["completed"])
    gaps = left_out(filters)
    figures.update(left_out_date=gaps["date"], left_out_year=gaps["year"], left_out_agencies=gaps["agencies"])
    return figures


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def agency_performance(filters: DashboardFilters) -> list[dict]:
    """
    Per agency with assignments: ``{"agency", "code", "name", "assignments", "completed", "on_time",
    "on_time_rate", "overdue", "late", "median_days_late"}``, by agency code.
    """
    completed = Q(status=Status.COMPLETED, deadline__isnull=False, completed_on__isnull=False)
    late = (completed & Q(completed_on__gt=F("deadline"))) | _overdue(filters)
    days_late = DaysBetween(Coalesce("completed_on", Value(filters.today), output_field=DateField()), "deadline")
    assignments = _assignment_facts(filters)
    rows = {
        row.pop("agency"): row
        for row in assignments.values("agency").annotate(
            assignments=Count("pk"),
            completed=Count("pk", filter=completed),
            on_time=Count("pk", filter=completed & Q(completed_on__lte=F("deadline"))),
            overdue=Count("pk", filter=_overdue(filters)),
        )
    }
    # Apart from the counts, which PostgreSQL hashes: a median needs each agency's rows sorted.
    medians = {
        agency: (count, median)
        for agency, count, median in assignments.filter(late)
        .values("agency")
        .annotate(count=Count("pk"), median=Median(days_late))
        .values_list("agency", "count", "median")
    }
    agencies = Agency.objects.in_bulk(rows)
    result = []
    for agency_id, entry in rows.items():
        agency = agencies[agency_id]
        late_count, median = medians.get(agency_id, (0, None))
        result.append(
            {
                "agency": agency_id,
                "code": agency.code,
                "name": agency.short_name or agency.name,
                **entry,
                "on_time_rate": _rate(entry["on_time"], entry["completed"]),
                "late": late_count,
                # A whole number of days when it is one (the median of an odd count, or of two equal days).
                "median_days_late": int(median) if median is not None and median == int(median) else median,
            }
        )
    return sorted(result, key=lambda row: row["code"])


def overdue_assignments(filters: DashboardFilters, *, limit: int = 100) -> tuple[int, list[dict]]:
    """
    The overdue assignments, most overdue first, at most ``limit`` of them, and how many there are:
    ``(total, [{"item", "kind", "reference", "title", "agency", "agency_name", "deadline",
    "days_overdue", "last_update", "last_update_title"}])``; the last update is the agency's latest
    published one on the item (its period end), or ``None``.
    """
    overdue = _assignment_facts(filters).filter(_overdue(filters))
    total = overdue.count()
    rows = list(
        overdue.order_by("deadline", "kind", "item_id", "pk").values_list("kind", "item_id", "agency_id", "deadline")[
            :limit
        ]
    )
    pages = {}
    for kind in kinds():
        model = kind.model
        fields = ["pk", "title"] + ["reference"] * declares_field(model, "reference")
        ids = {item for row_kind, item, _agency, _deadline in rows if row_kind == kind.item_type}
        pages.update((page["pk"], page) for page in model.objects.filter(pk__in=ids).values(*fields))
    fields = ["pk", "code", "short_name_th", "name_th", "short_name_en", "name_en"]
    agencies = {a["pk"]: a for a in Agency.objects.filter(pk__in={row[2] for row in rows}).values(*fields)}
    latest = _latest_updates({(item, agency) for _kind, item, agency, _deadline in rows})
    english = (get_language() or "").startswith("en")
    result = []
    for kind, item, agency_id, deadline in rows:
        page, agency = pages[item], agencies[agency_id]
        last_update, last_update_title = latest.get((item, agency_id), (None, ""))
        result.append(
            {
                "item": item,
                "kind": kind,
                "reference": page.get("reference", ""),
                "title": page["title"],
                "agency": agency_id,
                "agency_code": agency["code"],
                "agency_name": (english and (agency["short_name_en"] or agency["name_en"]))
                or agency["short_name_th"]
                or agency["name_th"],
                "deadline": deadline,
                "days_overdue": (filters.today - deadline).days,
                "last_update": last_update,
                "last_update_title": last_update_title,
            }
        )
    return total, result


def _latest_updates(pairs) -> dict:
    """(item, agency) -> (period end, title) of the agency's latest published update on the item."""
    if not pairs:
        return {}
    # The updates' facts name their item: no walk of the page tree for each item.
    updates = (
        UpdateFact.objects.filter(
            item__in={item for item, _agency in pairs},
            agency__in={agency for _item, agency in pairs},
            update__live=True,
        )
        .order_by("period_end", "update__last_published_at")
        .values_list("item_id", "agency_id", "period_end", "update__title")
    )
    return {(item, agency): (end, title) for item, agency, end, title in updates if (item, agency) in pairs}


def monthly_progress(filters: DashboardFilters) -> list[dict]:
    """
    The fiscal year month by month (the filter's year, or the current one): assignments due, completed,
    completed on time, and completed so far (cumulative): ``[{"month", "due", "completed", "on_time",
    "cumulative"}]`` with ``month`` the first day of the month.
    """
    year = filters.fiscal_year or fiscal_year(filters.today)
    start, end = fiscal_year_bounds(year)
    months = [date(start.year + (start.month + i - 1) // 12, (start.month + i - 1) % 12 + 1, 1) for i in range(12)]
    assignments = _assignment_facts(filters)
    due = dict(
        assignments.filter(deadline__range=(start, end)).values_list(TruncMonth("deadline")).annotate(count=Count("pk"))
    )
    completed, on_time = defaultdict(int), defaultdict(int)
    finished = assignments.filter(status=Status.COMPLETED, completed_on__range=(start, end))
    for month, count, in_time in finished.values_list(TruncMonth("completed_on")).annotate(
        count=Count("pk"), in_time=Count("pk", filter=Q(deadline__isnull=False, completed_on__lte=F("deadline")))
    ):
        completed[month], on_time[month] = count, in_time
    result, cumulative = [], 0
    for month in months:
        cumulative += completed[month]
        result.append(
            {"month": month, "due": due.get(month, 0), "completed": completed[month], "on_time": on_time[month]}
            | {"cumulative": cumulative}
        )
    return result


def indicator_progress(filters: DashboardFilters) -> list[dict]:
    """
    Every indicator of the selected items (of the kinds with indicators: policies) against its target:
    ``[{"policy", "policy_title", "indicator", "name", "unit", "baseline", "target", "latest",
    "achieved"}]``; the latest value is from the latest published update reporting it; ``achieved`` is
    the share (%) of the way from baseline (or 0) to target.
    """
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk"), page__live=True).order_by(
        "-page__period_end", "-page__last_published_at", "-pk"
    )
    rows = []
    for kind in kinds():
        if kind.indicator_model is None:
            continue
        rows += (
            kind.indicator_model.objects.filter(
                page__in=_item_facts(filters).filter(kind=kind.item_type).values("item_id")
            )
            .annotate(latest=Subquery(latest.values("value")[:1]))
            .order_by("page__path", "sort_order", "pk")
            .values("pk", "page_id", "page__title", "name", "unit", "baseline", "target", "latest")
        )
    result = []
    for row in rows:
        baseline = row["baseline"] or 0
        achieved = None
        if row["latest"] is not None and row["target"] is not None and row["target"] != baseline:
            achieved = round(float(100 * (row["latest"] - baseline) / (row["target"] - baseline)), 1)
        result.append(
            {
                "policy": row["page_id"],
                "policy_title": row["page__title"],
                "indicator": row["pk"],
                "name": row["name"],
                "unit": row["unit"],
                "baseline": row["baseline"],
                "target": row["target"],
                "latest": row["latest"],
                "achieved": achieved,
            }
        )
    return result


def policy_sections(filters: DashboardFilters) -> list[dict]:
    """The top policies (policy areas: the grouping kind's top items), their status and their assignments' progress."""
    grouping = kind_grouping()
    if grouping is None:
        return []
    policies = selected_items(grouping.model, filters)
    top = policies.order_by("depth").values_list("depth", flat=True).first()
    if top is None:
        return []
    policies = policies.filter(depth=top).order_by("path")
    empty = {"total": 0, "completed": 0, "overdue": 0}
    counts = {
        row.pop("page"): row
        for row in grouping.assignment_model.objects.filter(page__in=policies.values("pk"))
        .values("page")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(status=Status.COMPLETED)),
            overdue=Count("pk", filter=_overdue(filters)),
        )
    }
    return [
        {"id": pk, "number": number, "title": title, "summary": summary, "status": status, **counts.get(pk, empty)}
        for pk, number, title, summary, status in policies.values_list("pk", "number", "title", "summary", "status")
    ]


def open_round():
    """The reporting round open now (the latest opened), or ``None``."""
    return ReportingRound.objects.filter(state=ReportingRound.State.OPEN).order_by("-opened_at", "-pk").first()


def _round_reported(reporting_round) -> set[tuple[int, int]]:
    """
    ``(item, agency)`` for every update sent to moderation or published for a period that overlaps
    the round's, from the updates' facts (``UpdateFact``) rather than the million-row page table.
    """
    facts_flush()
    overlapping = UpdateFact.objects.filter(
        period_start__lte=reporting_round.period_end, period_end__gte=reporting_round.period_start
    )
    return set(overlapping.values_list("item_id", "agency_id"))


def _round_owed(reporting_round, agencies: frozenset[int] | None):
    """
    The open assignments of the round's items, every kind: ``(item, agency, reported)``, ``reported``
    when the agency has submitted an update on the item for the round (``_round_reported``).
    """
    reported = _round_reported(reporting_round)
    # From the round's list of items itself, not joined to the page table.
    items = ReportingRound.items.through.objects.filter(reportinground=reporting_round).values("page_id")
    for kind in kinds():
        owed = kind.assignment_model.objects.filter(page__in=items).exclude(status__in=CLOSED)
        if agencies is not None:
            owed = owed.filter(agency__in=agencies)
        for item, agency in owed.values_list("page_id", "agency_id"):
            yield item, agency, (item, agency) in reported


def round_assignments(reporting_round, *, agencies: frozenset[int] | None = None) -> list[dict]:
    """
    The assignments that owe an update in the round (the open assignments of its items) and whether
    each has submitted one: an update of the agency on the item, for a period that overlaps the round's,
    that has been sent to moderation or published. ``[{"item", "title", "agency", "reported"}]``.
    """
    owed = list(_round_owed(reporting_round, agencies))
    titles = dict(Page.objects.filter(pk__in={item for item, _agency, _reported in owed}).values_list("pk", "title"))
    return [
        {"item": item, "title": titles[item], "agency": agency, "reported": reported} for item, agency, reported in owed
    ]


def agencies_not_reported(filters: DashboardFilters, reporting_round=None) -> list[dict]:
    """
    Agencies that still owe at least one update in the round (default: the open one):
    ``[{"agency", "code", "name", "owed", "missing"}]``, most missing first.
    """
    reporting_round = reporting_round or open_round()
    if reporting_round is None:
        return []
    owed, missing = defaultdict(int), defaultdict(int)
    for _item, agency_id, reported in _round_owed(reporting_round, filters.agencies):
        owed[agency_id] += 1
        missing[agency_id] += not reported
    agencies = Agency.objects.in_bulk([a for a, count in missing.items() if count])
    rows = [
        {
            "agency": agency.pk,
            "code": agency.code,
            "name": agency.short_name or agency.name,
            "owed": owed[agency.pk],
            "missing": missing[agency.pk],
        }
        for agency in agencies.values()
    ]
    return sorted(rows, key=lambda row: (-row["missing"], row["code"]))


def latest_executive_summary(locale):
    """The newest published, public executive summary in ``locale`` (a ``Locale``), for the home page."""
    return (
        ExecutiveSummaryPage.objects.live()
        .public()
        .filter(locale=locale)
        .select_related("pdf")
        .order_by("-published_on", "-pk")
        .first()
    )


def policy_report(*, policy_id: int, start: date, end: date, filters: DashboardFilters) -> dict:
    """
    A policy's performance over a period: the policy and its sub-items with their assignments
    (status, deadline, overdue as of ``filters.today``), the progress updates published in the period,
    and its indicators against their targets.
    """
    grouping = kind_grouping()
    items = selected_items(grouping.model, replace(filters, policy=policy_id)).order_by("path")
    assignments = (
        grouping.assignment_model.objects.filter(page__in=items.values("pk"))
        .select_related("page", "agency")
        .order_by("page__path", "agency__code")
    )
    if filters.agencies is not None:
        assignments = assignments.filter(agency__in=filters.agencies)
    return {
        "items": list(items.values("pk", "number", "title", "status")),
        "assignments": [_assignment_row(a, filters.today) for a in assignments],
        "updates": _updates_in_period(items, start, end, filters.agencies),
        "indicators": indicator_progress(replace(filters, policy=policy_id)),
    }


def directive_report(*, start: date, end: date, filters: DashboardFilters) -> dict:
    """
    Directives issued in a period: counts by track and status, on-time completion, and every
    directive's assignments with their status and overdue as of ``filters.today``; ``left_out_date``
    counts the directives whose issue date was not recorded, which no period can hold. The directives
    are the headline kind (``Kind.headline``).
    """
    kind = kind_headline()
    issued = kind.model.start_date_field
    selected = selected_items(kind.model, replace(filters, fiscal_year=None))
    items = selected_items(kind.model, filters).filter(**{f"{issued}__range": (start, end)}).order_by(issued, "pk")
    assignments = kind.assignment_model.objects.filter(page__in=items.values("pk")).select_related("page", "agency")
    if filters.agencies is not None:
        assignments = assignments.filter(agency__in=filters.agencies)
    counts = defaultdict(int)
    for track, status in items.values_list("track", "status"):
        counts[track, status] += 1
    rows = [
        _assignment_row(a, filters.today) for a in assignments.order_by(f"page__{issued}", "page_id", "agency__code")
    ]
    completed = [row for row in rows if row["status"] == Status.COMPLETED and row["deadline"] and row["completed_on"]]
    return {
        "by_track": [
            {"track": t, "status": s, "count": counts[t, s]}
            for t in Track.values
            for s in Status.values
            if counts[t, s]
        ],
        "items": items.count(),
        "on_time_rate": _rate(sum(row["completed_on"] <= row["deadline"] for row in completed), len(completed)),
        "left_out_date": selected.filter(**{f"{issued}__isnull": True}).count(),
        "assignments": rows,
    }


def _assignment_row(assignment, today: date) -> dict:
    page = assignment.page
    return {
        "item": page.pk,
        "reference": getattr(page, "reference", "") or getattr(page, "number", ""),
        "title": page.title,
        "agency": assignment.agency.short_name or assignment.agency.name,
        "status": assignment.status,
        "deadline": assignment.deadline,
        "completed_on": assignment.completed_on,
        "overdue": is_overdue(deadline=assignment.deadline, status=assignment.status, today=today),
    }


def _updates_in_period(items, start: date, end: date, agencies) -> list[dict]:
    paths = list(items.values_list("path", flat=True))
    if not paths:
        return []
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path, depth=len(path) // ProgressUpdatePage.steplen + 1)
    updates = ProgressUpdatePage.objects.live().filter(query, period_end__range=(start, end))
    if agencies is not None:
        updates = updates.filter(agency__in=agencies)
    return [
        {
            "agency": update.agency.short_name or update.agency.name,
            "period_end": update.period_end,
            "status": update.status_claim,
            "percent": update.percent_complete,
            "summary": update.public_summary,
        }
        for update in updates.select_related("agency").order_by("period_end", "pk")
    ]
