"""``reports.names``: the English names the English executive summary prints."""

import pytest

from reports.names import english_names
from reports.selectors import DashboardFilters
from reports.services import summary_figures

from .world import TODAY, build_world

pytestmark = pytest.mark.django_db


def test_an_indicator_with_an_english_name_of_its_own_is_named_in_english_without_a_translation():
    world = build_world()
    world.indicator.name_en, world.indicator.unit_en = "People vaccinated", "per cent"
    world.indicator.save()
    figures = summary_figures(filters=DashboardFilters(fiscal_year=2569, today=TODAY))
    assert english_names(figures).indicators[world.indicator.pk] == ("People vaccinated", "per cent")
