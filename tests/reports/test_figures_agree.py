"""
One figure, one number: the home page, the listings its figures link to, the dashboard and the executive
summary count the same public items alike, on the same data (items of every kind, on
every track, public and internal, in two fiscal years).
"""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.utils import translation

from core.kinds import kind_headline, kinds
from reports import selectors
from reports.narrative import summary_narrative
from reports.selectors import DashboardFilters
from reports.services import summary_figures
from tests import builders

from .world import TODAY, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with time_machine.travel(datetime.datetime(TODAY.year, TODAY.month, TODAY.day, 10, tzinfo=datetime.UTC)):
        built = build_world()
        builders.index_for_search()
        cache.clear()
        yield built


def _home(client):
    response = client.get("/th/")
    assert response.status_code == 200
    return response.context


def _listed(client, url) -> int:
    """How many items the listing at ``url`` shows (a listing page, a tree of pages or the search page)."""
    response = client.get(url)
    assert response.status_code == 200, url
    if "tree" in response.context:
        return _nodes(response.context["tree"])
    items = response.context.get("search_results") or response.context["items"]
    return items.paginator.count


def _nodes(tree) -> int:
    """The pages of a tree listing (the policies'), at every depth."""
    return sum(1 + _nodes(node.children) for node in tree)


def test_each_track_figure_on_the_home_page_is_what_the_listing_it_links_to_shows(client, world):
    breakdown = _home(client)["track_breakdown"]
    shares = [share for _value, _label, _count, shares in breakdown for share in shares]
    # The data has items of several kinds on one track, and one kind on several tracks.
    assert len(shares) > len(list(kinds()))
    for share in shares:
        assert _listed(client, share["url"]) == share["count"], share


def test_the_tracks_add_up_to_the_counts_of_every_kind(client, world):
    context = _home(client)
    total_by_tracks = sum(count for _value, _label, count, _shares in context["track_breakdown"])
    assert total_by_tracks == sum(count for count, _name in context["kind_counts"])
    # A track counts every kind's items: the secretary's track holds the public complaint.
    by_track = {value: count for value, _label, count in context["track_figures"]}
    public_complaints = [c for c in world.complaints.values() if c.visibility == "public" and c.track == "secretary"]
    assert by_track["secretary"] == len(public_complaints)


def test_the_home_page_and_the_dashboard_count_the_public_items_of_each_kind_alike(client, world):
    context = _home(client)
    home = dict(zip((kind.summary_key for kind in kinds()), (n for n, _name in context["kind_counts"]), strict=True))
    key = selectors.key_figures(DashboardFilters(public_only=True, today=TODAY))
    assert home == {kind.summary_key: key[kind.summary_key] for kind in kinds()}
    headline = kind_headline()
    assert context["figures"]["total"] == key[headline.summary_key]


def test_a_summary_narrative_written_from_the_figures_says_what_they_say(world):
    figures = summary_figures(filters=DashboardFilters(fiscal_year=2569, public_only=True, today=TODAY))
    key = figures["key"]
    with translation.override("en"):
        narrative = summary_narrative(figures)
    numbers = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?!\.\d)", re.sub(r"\(.*?\)", "", narrative))]
    assert key["items"] in numbers and key["completed"] in numbers and key["overdue_items"] in numbers
    late = sum(1 for row in figures["agencies"] if row["overdue"])
    assert f"{late} of the {len(figures['agencies'])} agencies" in narrative
    assert "FY 2026" in narrative


def test_a_year_with_nothing_in_it_is_said_so_not_praised(world):
    figures = summary_figures(filters=DashboardFilters(fiscal_year=2560, public_only=True, today=TODAY))
    with translation.override("en"):
        narrative = summary_narrative(figures)
    assert "no public item" in narrative
    assert "on time" not in narrative
