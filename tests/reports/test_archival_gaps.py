"""Archival items in the figures: left out of fiscal years, rates and overdue counts, and counted as left out."""

import datetime

import pytest
from django.utils import translation

from reports import selectors
from reports.selectors import DashboardFilters
from reports.tables import dashboard_tables, left_out_note
from tests import builders

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)
LATE = datetime.date(2026, 2, 1)


@pytest.fixture
def items():
    agency = builders.agency("A01", "กรมทดสอบ")
    complete = builders.directive("D-1", agency, deadline=LATE, issued_on=datetime.date(2026, 1, 15))
    undated = builders.directive("D-2", agency, deadline=LATE, issued_on=None)
    unassigned = builders.directive("D-3", issued_on=datetime.date(2026, 1, 20))
    year_only = builders.directive("D-4", agency, deadline=LATE, issued_on=datetime.date(2026, 1, 1))
    year_only.date_precision = "year"
    year_only.save_revision().publish()
    return {"agency": agency, "complete": complete, "undated": undated, "unassigned": unassigned, "year": year_only}


def test_an_undated_items_assignments_count_in_no_overdue_figure_and_are_counted_as_left_out(items):
    figures = selectors.key_figures(DashboardFilters(today=TODAY))
    assert figures["directives"] == 4
    # D-1 and D-4 are overdue; D-2's deadline passed too, but when its work was due cannot be told.
    assert figures["overdue_assignments"] == 2
    assert {row["reference"] for row in selectors.overdue_assignments(DashboardFilters(today=TODAY))[1]} == {
        "D-1",
        "D-4",
    }
    assert (figures["left_out_date"], figures["left_out_year"], figures["left_out_agencies"]) == (1, 0, 1)
    [agency] = selectors.agency_performance(DashboardFilters(today=TODAY))
    assert (agency["assignments"], agency["overdue"]) == (2, 2)


def test_a_fiscal_year_holds_neither_undated_nor_year_only_items_and_says_how_many_it_left_out(items):
    figures = selectors.key_figures(DashboardFilters(today=TODAY, fiscal_year=2569))
    # D-1 and D-3: D-2 has no date, D-4 only a calendar year, which straddles fiscal years 2569 and 2570.
    assert figures["directives"] == 2
    assert figures["overdue_assignments"] == 1
    assert (figures["left_out_date"], figures["left_out_year"], figures["left_out_agencies"]) == (1, 1, 1)


def test_completing_an_archival_item_brings_it_back_into_the_figures(items):
    undated = items["undated"]
    undated.issued_on = datetime.date(2026, 1, 10)
    undated.save_revision().publish()
    figures = selectors.key_figures(DashboardFilters(today=TODAY, fiscal_year=2569))
    assert figures["directives"] == 3
    assert figures["overdue_assignments"] == 2
    assert figures["left_out_date"] == 0


def test_an_agencys_staff_count_only_their_own_undated_items(items):
    other = builders.agency("B01", "กรมอื่น")
    builders.directive("D-5", other, deadline=LATE, issued_on=None)
    everything = selectors.key_figures(DashboardFilters(today=TODAY))
    theirs = selectors.key_figures(DashboardFilters(today=TODAY, agencies=frozenset({items["agency"].pk})))
    assert (everything["left_out_date"], theirs["left_out_date"]) == (2, 1)


def test_the_dashboard_says_what_was_left_out_in_english_and_thai(items):
    with translation.override("en"):
        note = left_out_note(selectors.key_figures(DashboardFilters(today=TODAY)))
        assert note.startswith("Left out of on-time rates and overdue counts: 1 items whose date was not recorded")
        tables = dashboard_tables(DashboardFilters(today=TODAY))
        assert note in tables["agencies"].note and note in tables["overdue"].note
    with translation.override("th"):
        assert left_out_note(selectors.key_figures(DashboardFilters(today=TODAY)))


def test_figures_frozen_before_the_gaps_were_counted_have_no_note():
    assert left_out_note({"items": 3, "on_time_rate": 50.0}) == ""


def test_the_directive_report_counts_the_undated_directives_it_cannot_place_in_the_period(items):
    report = selectors.directive_report(
        start=datetime.date(2025, 10, 1), end=datetime.date(2026, 9, 30), filters=DashboardFilters(today=TODAY)
    )
    assert report["left_out_date"] == 1
    assert "D-2" not in {row["reference"] for row in report["assignments"]}
