"""``updates.services``: the title an update is given when its reporter types none."""

import datetime

import pytest
from django.utils import translation

from demo.plan import UpdateSpec
from tests import builders
from updates.services import update_default_title

pytestmark = pytest.mark.django_db

END = datetime.date(2026, 11, 30)


def _spec(agency, period_end):
    return UpdateSpec(
        agency=agency,
        period_start=period_end - datetime.timedelta(days=90),
        period_end=period_end,
        status="on_track",
        percent=40,
        reason="",
        summary="",
        narrative="",
    )


def test_a_thai_update_reads_as_government_progress_reports_are_headed():
    moph = builders.agency("MOPH")
    assert update_default_title(agency=moph, period_end=END, language="th") == "สธ. รายงานความก้าวหน้า ณ 30 พ.ย. 2569"


def test_the_demos_updates_are_named_the_way_the_admin_and_the_api_name_new_ones():
    moph = builders.agency("MOPH")
    demo = _spec("MOPH", datetime.date(2025, 1, 30)).title
    assert demo == update_default_title(agency=moph, period_end=datetime.date(2025, 1, 30), language="th")


def test_the_title_is_in_the_language_asked_for_whatever_the_readers_language():
    moph = builders.agency("MOPH")
    with translation.override("th"):
        english = update_default_title(agency=moph, period_end=END, language="en")
    with translation.override("en"):
        thai = update_default_title(agency=moph, period_end=END, language="th")
    assert english == f"{moph.short_name_en} progress to 30 Nov 2026"
    assert thai.startswith("สธ. ") and thai.endswith(" 30 พ.ย. 2569")


def test_an_agency_without_a_short_name_is_named_in_full():
    agency = builders.agency("XTEST", "สำนักงานทดสอบ", name_en="Test Office", short_name_th="", short_name_en="")
    assert update_default_title(agency=agency, period_end=END, language="en").startswith("Test Office ")
    assert update_default_title(agency=agency, period_end=END, language="th").startswith("สำนักงานทดสอบ ")
