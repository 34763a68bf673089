"""``demo.summaries``: the demo's executive summary of the current fiscal year, in Thai and in English."""

import datetime

import pytest
import time_machine

from core.roles import Role
from demo.summaries import load_executive_summaries
from reports.models import ExecutiveSummaryPage
from tests import builders

pytestmark = pytest.mark.django_db


def _load():
    coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
    return load_executive_summaries(index=builders.summary_index(), user=coordinator, translator=coordinator)


@time_machine.travel(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_summary_of_the_current_fiscal_year_is_published_in_both_languages():
    assert _load() == 2
    thai = ExecutiveSummaryPage.objects.get(locale__language_code="th")
    english = ExecutiveSummaryPage.objects.get(locale__language_code="en")
    # 20 November 2026 is in fiscal year 2570 (from October 2569 BE).
    assert (thai.fiscal_year, thai.slug, thai.live) == (2570, "fy2570", True)
    assert english.translation_key == thai.translation_key and english.live
    assert english.title == "Executive summary, FY 2027"
    assert english.get_parent().specific == builders.summary_index("en")


def test_an_index_that_has_a_summary_gets_no_other():
    _load()
    assert load_executive_summaries(index=builders.summary_index(), user=None, translator=None) == 0
    assert ExecutiveSummaryPage.objects.count() == 2


@time_machine.travel(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_demo_summary_says_what_its_own_figures_say(client):
    _load()
    english = ExecutiveSummaryPage.objects.get(locale__language_code="en")
    assert english.narrative == "" and english.figures["key"]["items"] == 0
    response = client.get(english.url)
    assert "no public item was issued in the year or running in it" in response.content.decode()
    assert "on time" not in english.narrative_shown
