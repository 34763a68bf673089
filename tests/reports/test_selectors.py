"""Every dashboard figure against an independent computation over the same fixture data."""

import statistics
from collections import Counter
from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from agencies.models import Agency
from complaints.models import ComplaintAssignment, ComplaintPage
from core.choices import CLOSED, Status
from core.kinds import kinds
from core.roles import Role
from core.thai import fiscal_year
from directives.models import DirectiveAssignment, DirectivePage
from foreign.models import ForeignAssignment, ForeignCommitmentPage
from policies.models import PolicyAssignment, PolicyPage
from reports import selectors
from reports.selectors import DashboardFilters
from tests import builders

from .world import TODAY, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


#: The day each kind of item belongs to its fiscal year by (policies go by their period).
DATES = {DirectivePage: "issued_on", ComplaintPage: "received_on", ForeignCommitmentPage: "event_date"}


def _assignments(year=None, agencies=None, track=None):
    """Every counted assignment of every kind, selected in Python from all rows."""
    rows = []
    for assignment in [
        *DirectiveAssignment.objects.select_related("page"),
        *PolicyAssignment.objects.select_related("page"),
        *ComplaintAssignment.objects.select_related("page"),
        *ForeignAssignment.objects.select_related("page"),
    ]:
        page = assignment.page
        if not page.live:
            continue
        if year is not None:
            if isinstance(page, PolicyPage):
                if not (
                    fiscal_year(page.period_start)
                    <= year
                    <= (fiscal_year(page.period_end) if page.period_end else 9999)
                ):
                    continue
            elif fiscal_year(getattr(page, DATES[type(page)])) != year:
                continue
        if agencies is not None and assignment.agency_id not in agencies:
            continue
        if track is not None and getattr(page, "track", "policy") != track:
            continue
        rows.append(assignment)
    return rows


def _is_overdue(assignment):
    return assignment.status not in CLOSED and assignment.deadline < TODAY


def test_items_by_status_and_track_count_each_item_once_within_the_fiscal_year(world):
    figures = selectors.status_by_track(DashboardFilters(fiscal_year=2569, today=TODAY))
    expected = Counter()
    for page in {a.page for a in _assignments(2569)}:
        expected[getattr(page, "track", "policy"), page.status] += 1
    assert {(row["track"], row["status"]): row["count"] for row in figures} == dict(expected)
    # The first and last days of the fiscal year are in it; the days either side are not.
    assert sum(expected.values()) == 7
    references = {page.reference for page in {a.page for a in _assignments(2569)} if not isinstance(page, PolicyPage)}
    assert references == {"นร 2569/001", "นร 2569/002", "นร 2569/003", "สผ 2569/001", "ลน 2569/001", "กต 2569/001"}
    # Every track has items; the complaint received on the last day of 2568 is not among them.
    assert {track for track, _status in expected} == {"policy", "parliament", "secretary", "foreign"}


def test_an_item_assigned_to_several_agencies_counts_once_in_key_figures(world):
    figures = selectors.key_figures(DashboardFilters(fiscal_year=2569, today=TODAY))
    pages = {a.page for a in _assignments(2569)}
    assert figures["items"] == len(pages) == 7
    assert figures["directives"] == sum(isinstance(p, DirectivePage) for p in pages) == 3
    assert figures["policies"] == sum(isinstance(p, PolicyPage) for p in pages) == 1
    assert figures["complaints"] == sum(isinstance(p, ComplaintPage) for p in pages) == 2
    assert figures["foreign_commitments"] == sum(isinstance(p, ForeignCommitmentPage) for p in pages) == 1
    statuses = Counter(page.status for page in pages)
    assert figures["completed"] == statuses[Status.COMPLETED]
    assert figures["not_started"] == statuses[Status.NOT_STARTED]
    assert figures["in_progress"] == statuses[Status.ON_TRACK] + statuses[Status.AT_RISK] + statuses[Status.DELAYED]
    overdue = [a for a in _assignments(2569) if _is_overdue(a)]
    assert figures["overdue_assignments"] == len(overdue)
    assert figures["overdue_items"] == len({a.page_id for a in overdue})


def test_agency_performance_equals_an_independent_computation(world):
    figures = {row["code"]: row for row in selectors.agency_performance(DashboardFilters(today=TODAY))}
    by_agency = {}
    for assignment in _assignments():
        by_agency.setdefault(assignment.agency.code, []).append(assignment)
    assert set(figures) == set(by_agency)
    for code, assignments in by_agency.items():
        completed = [a for a in assignments if a.status == Status.COMPLETED]
        on_time = [a for a in completed if a.completed_on <= a.deadline]
        late = [(a.completed_on - a.deadline).days for a in completed if a.completed_on > a.deadline]
        late += [(TODAY - a.deadline).days for a in assignments if _is_overdue(a)]
        row = figures[code]
        assert row["assignments"] == len(assignments)
        assert row["completed"] == len(completed)
        assert row["on_time_rate"] == (round(100 * len(on_time) / len(completed), 1) if completed else None)
        assert row["overdue"] == sum(_is_overdue(a) for a in assignments)
        assert row["median_days_late"] == (statistics.median(late) if late else None)
    # The department completed ten days late; the ministry's earlier directive was on time.
    assert figures["DDC"]["median_days_late"] == 10
    assert figures["MOPH"]["on_time_rate"] == 100.0


def test_the_median_of_an_even_count_of_late_days_is_the_mean_of_the_middle_two(world):
    agency = builders.agency("MEDIAN", "สำนักงานทดสอบค่ากลาง")
    for days in (10, 15, 20, 30):
        builders.directive(
            f"นร MEDIAN/{days}", agency, issued_on=TODAY - timedelta(days=90), deadline=TODAY - timedelta(days=days)
        )
    rows = {row["code"]: row for row in selectors.agency_performance(DashboardFilters(today=TODAY))}
    assert (rows["MEDIAN"]["late"], rows["MEDIAN"]["median_days_late"]) == (4, 17.5)
    # Twelve days earlier, the first is not yet due: 3, 8 and 18 days late, a whole median.
    earlier = {row["code"]: row for row in selectors.agency_performance(DashboardFilters(today=TODAY - timedelta(12)))}
    assert (earlier["MEDIAN"]["late"], earlier["MEDIAN"]["median_days_late"]) == (3, 8)
    assert isinstance(earlier["MEDIAN"]["median_days_late"], int)


def _subtree(agency) -> set[int]:
    """The agency and every agency under it, at any depth (the reference list gives a ministry many)."""
    found, level = {agency.pk}, {agency.pk}
    while level:
        level = set(Agency.objects.filter(parent__in=level).values_list("pk", flat=True)) - found
        found |= level
    return found


def test_a_ministry_filter_takes_its_departments_with_it(world):
    agencies = selectors.agencies_with_departments({world.ministry.pk})
    assert agencies == _subtree(world.ministry)
    assert world.department.pk in agencies and world.other.pk not in agencies
    figures = selectors.agency_performance(DashboardFilters(agencies=agencies, today=TODAY))
    assert {row["code"] for row in figures} == {"MOPH", "DDC"}
    key = selectors.key_figures(DashboardFilters(agencies=agencies, fiscal_year=2569, today=TODAY))
    assert key["items"] == len({a.page_id for a in _assignments(2569, agencies)})


def test_overdue_items_derive_from_deadlines_with_days_overdue_and_the_last_update(world):
    total, rows = selectors.overdue_assignments(DashboardFilters(today=TODAY))
    expected = sorted((a.deadline, a.page_id, a.agency_id) for a in _assignments() if _is_overdue(a))
    assert total == len(expected)
    assert sorted((row["deadline"], row["item"], row["agency"]) for row in rows) == expected
    for row in rows:
        assert row["days_overdue"] == (TODAY - row["deadline"]).days > 0
    shared = next(r for r in rows if r["reference"] == "นร 2569/001")
    assert (shared["agency_code"], str(shared["last_update"])) == ("MOI", "2026-01-20")
    # The policy's second agency never reported.
    assert [r["last_update"] for r in rows if r["kind"] == "policy" and r["agency_code"] == "MOI"] == [None]
    # A day before the deadline nothing of it is overdue.
    _, earlier = selectors.overdue_assignments(DashboardFilters(today=shared["deadline"]))
    assert all(r["item"] != shared["item"] for r in earlier)


def test_monthly_progress_counts_due_and_completed_assignments_per_month(world):
    months = selectors.monthly_progress(DashboardFilters(fiscal_year=2569, today=TODAY))
    assert [m["month"].isoformat() for m in months][:2] == ["2025-10-01", "2025-11-01"]
    assignments = _assignments(2569)
    for month in months:
        key = (month["month"].year, month["month"].month)
        assert month["due"] == sum((a.deadline.year, a.deadline.month) == key for a in assignments)
        assert month["completed"] == sum(
            a.completed_on is not None and (a.completed_on.year, a.completed_on.month) == key for a in assignments
        )
    assert months[-1]["cumulative"] == sum(m["completed"] for m in months)


def test_indicators_show_the_latest_value_against_the_target(world):
    (row,) = selectors.indicator_progress(DashboardFilters(fiscal_year=2569, today=TODAY))
    assert (row["name"], float(row["latest"]), row["achieved"]) == ("ประชาชนที่ได้รับวัคซีน", 50.0, 50.0)
    assert selectors.indicator_progress(DashboardFilters(fiscal_year=2566, today=TODAY)) == []


def test_track_occasion_and_policy_filters(world):
    foreign = selectors.key_figures(DashboardFilters(track="foreign", today=TODAY))
    assert (foreign["directives"], foreign["policies"]) == (1, 0)
    occasion = builders.occasion("ประชุมคณะรัฐมนตรี")
    DirectivePage.objects.filter(pk=world.directives["shared"].pk).update(occasion=occasion)
    assert selectors.key_figures(DashboardFilters(occasion=occasion.pk, today=TODAY))["items"] == 1
    world.directives["internal"].related_policies = [world.policy]
    world.directives["internal"].save_revision().publish()
    by_policy = selectors.key_figures(DashboardFilters(policy=world.policy.pk, today=TODAY))
    assert (by_policy["directives"], by_policy["policies"]) == (1, 1)


def test_agency_staff_see_only_their_agencies_and_executives_everything(world):
    executive = builders.user("executive", role=Role.EXECUTIVE)
    assert selectors.dashboard_filters_for(executive).agencies is None
    reporter = builders.user("reporter", agency=world.ministry, membership="reporter")
    assert selectors.dashboard_filters_for(reporter).agencies == _subtree(world.ministry)
    assert selectors.dashboard_filters_for(reporter, agency=world.department.pk).agencies == {world.department.pk}
    with pytest.raises(PermissionDenied):
        selectors.dashboard_filters_for(reporter, agency=world.other.pk)
    with pytest.raises(PermissionDenied):
        selectors.dashboard_filters_for(builders.user("translator", role=Role.TRANSLATOR))


def test_the_key_figures_count_every_registered_kind_under_its_summary_key():
    figures = selectors.key_figures(DashboardFilters(today=TODAY))
    assert {kind.summary_key for kind in kinds()} >= {"directives", "policies", "complaints", "foreign_commitments"}
    assert all(figures[kind.summary_key] == 0 for kind in kinds())
    assert {kind.assignment_model for kind in kinds()} >= {
        DirectiveAssignment,
        PolicyAssignment,
        ComplaintAssignment,
        ForeignAssignment,
    }


@pytest.mark.parametrize("track", ["parliament", "secretary", "foreign", "policy"])
def test_the_track_filter_gives_each_tracks_figures_from_every_kind(world, track):
    filters = DashboardFilters(track=track, today=TODAY)
    assignments = _assignments(track=track)
    pages = {a.page for a in assignments}
    assert pages
    expected = Counter((track, page.status) for page in pages)
    assert {(row["track"], row["status"]): row["count"] for row in selectors.status_by_track(filters)} == expected
    key = selectors.key_figures(filters)
    assert key["items"] == len(pages)
    assert key["complaints"] == sum(isinstance(p, ComplaintPage) for p in pages)
    assert key["foreign_commitments"] == sum(isinstance(p, ForeignCommitmentPage) for p in pages)
    assert key["overdue_assignments"] == sum(_is_overdue(a) for a in assignments)
    performance = {row["code"]: row["assignments"] for row in selectors.agency_performance(filters)}
    assert performance == Counter(a.agency.code for a in assignments)
    total, rows = selectors.overdue_assignments(filters)
    assert total == len(rows) == sum(_is_overdue(a) for a in assignments)
    assert sorted((row["item"], row["agency"]) for row in rows) == sorted(
        (a.page_id, a.agency_id) for a in assignments if _is_overdue(a)
    )
    months = selectors.monthly_progress(replace(filters, fiscal_year=2569))
    in_year = _assignments(2569, track=track)
    assert sum(m["due"] for m in months) == sum(fiscal_year(a.deadline) == 2569 for a in in_year)
    assert months[-1]["cumulative"] == sum(
        a.completed_on is not None and fiscal_year(a.completed_on) == 2569 for a in in_year
    )


def test_each_track_holds_the_items_of_its_kinds(world):
    def kinds(track):
        key = selectors.key_figures(DashboardFilters(track=track, today=TODAY))
        return key["directives"], key["policies"], key["complaints"], key["foreign_commitments"]

    assert kinds("parliament") == (0, 0, 1, 0)
    assert kinds("secretary") == (0, 0, 2, 0)
    # The directive on the foreign track and the foreign-affairs commitment.
    assert kinds("foreign") == (1, 0, 0, 1)
    assert kinds("policy") == (4, 1, 0, 0)
    secretary = selectors.key_figures(DashboardFilters(track="secretary", fiscal_year=2569, today=TODAY))
    assert (secretary["complaints"], secretary["completed"], secretary["on_time_rate"]) == (1, 1, 100.0)


def test_overdue_complaints_and_commitments_carry_their_reference_and_last_update(world):
    _total, rows = selectors.overdue_assignments(DashboardFilters(today=TODAY))
    by_reference = {(row["reference"], row["agency_code"]): row for row in rows}
    parliament = by_reference["สผ 2569/001", "MOI"]
    assert (parliament["kind"], parliament["title"], parliament["last_update"]) == (
        "complaint",
        world.complaints["parliament"].title,
        None,
    )
    commitment = by_reference["กต 2569/001", "MOPH"]
    assert (commitment["kind"], str(commitment["last_update"])) == ("foreign", "2026-02-20")
    assert by_reference["กต 2569/001", "MOI"]["last_update"] is None


def test_public_figures_leave_internal_complaints_out(world):
    public = selectors.key_figures(DashboardFilters(public_only=True, today=TODAY))
    assert (public["complaints"], public["foreign_commitments"]) == (1, 1)
    _total, rows = selectors.overdue_assignments(DashboardFilters(public_only=True, today=TODAY))
    assert {row["reference"] for row in rows if row["kind"] == "complaint"} == {"สผ 2569/001"}


def test_policy_and_occasion_filters_take_the_complaints_and_commitments_they_concern(world):
    occasion = builders.occasion("ประชุมคณะรัฐมนตรี")
    DirectivePage.objects.filter(pk=world.directives["shared"].pk).update(occasion=occasion)
    on_occasion = selectors.key_figures(DashboardFilters(occasion=occasion.pk, today=TODAY))
    assert (on_occasion["items"], on_occasion["complaints"], on_occasion["foreign_commitments"]) == (1, 0, 0)
    for page in (world.complaints["parliament"], world.commitment):
        page.related_policies = [world.policy]
        page.save_revision().publish()
    by_policy = selectors.key_figures(DashboardFilters(policy=world.policy.pk, today=TODAY))
    assert (by_policy["policies"], by_policy["complaints"], by_policy["foreign_commitments"]) == (1, 1, 1)
    # Policy-only figures stay about policies.
    sections = selectors.policy_sections(DashboardFilters(policy=world.policy.pk, today=TODAY))
    assert [section["id"] for section in sections] == [world.policy.pk]
