from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone
from django.utils.translation import get_language, override

from core.thai import (
    english_date,
    fiscal_year,
    fiscal_year_bounds,
    fiscal_year_label,
    local_date,
    thai_date,
    to_arabic_digits,
    to_thai_digits,
)

TUESDAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("long", "24 พฤศจิกายน 2569"),
        ("short", "24 พ.ย. 69"),
        ("medium", "24 พ.ย. 2569"),
        ("full", "วันอังคารที่ 24 พฤศจิกายน พ.ศ. 2569"),
        ("numeric", "24/11/2569"),
    ],
)
def test_thai_date_formats_each_form_with_buddhist_era_year(form, expected):
    assert thai_date(TUESDAY, form) == expected


def test_thai_date_defaults_to_long_form():
    assert thai_date(TUESDAY) == "24 พฤศจิกายน 2569"


def test_thai_date_pads_numeric_day_and_month_and_short_year():
    assert thai_date(date(2043, 3, 5), "numeric") == "05/03/2586"
    # 2600 BE is 2057 CE: the two-digit year keeps its leading zero.
    assert thai_date(date(2057, 3, 5), "short") == "5 มี.ค. 00"


def test_thai_date_uses_every_month_name_and_abbreviation():
    longs = [thai_date(date(2026, m, 1), "long").split()[1] for m in range(1, 13)]
    abbrs = [thai_date(date(2026, m, 1), "short").split()[1] for m in range(1, 13)]
    assert longs == [
        "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
        "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
    ]  # fmt: skip
    assert abbrs == [
        "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
        "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
    ]  # fmt: skip


def test_thai_full_date_names_every_weekday_from_monday():
    week = [thai_date(date(2026, 11, 23 + i), "full").split("ที่")[0] for i in range(7)]
    assert week == ["วันจันทร์", "วันอังคาร", "วันพุธ", "วันพฤหัสบดี", "วันศุกร์", "วันเสาร์", "วันอาทิตย์"]


def test_thai_date_with_thai_digits_has_no_arabic_digits():
    assert thai_date(TUESDAY, "numeric", thai_digits=True) == "๒๔/๑๑/๒๕๖๙"
    assert thai_date(TUESDAY, "full", thai_digits=True) == "วันอังคารที่ ๒๔ พฤศจิกายน พ.ศ. ๒๕๖๙"


def test_buddhist_era_year_changes_on_first_of_january():
    assert thai_date(date(2023, 12, 31)) == "31 ธันวาคม 2566"
    assert thai_date(date(2024, 1, 1)) == "1 มกราคม 2567"


def test_leap_day_formats_and_belongs_to_fiscal_year_ending_that_september():
    assert thai_date(date(2024, 2, 29)) == "29 กุมภาพันธ์ 2567"
    assert fiscal_year(date(2024, 2, 29)) == 2567


def test_thai_date_of_none_is_empty():
    assert thai_date(None) == ""
    assert english_date(None) == ""
    assert local_date(None) == ""


def test_unknown_form_raises_value_error():
    with pytest.raises(ValueError, match="weekly"):
        thai_date(TUESDAY, "weekly")
    with pytest.raises(ValueError, match="weekly"):
        english_date(TUESDAY, "weekly")


def test_aware_datetime_is_shown_in_bangkok_time():
    # 18:00 UTC on 30 September is 01:00 on 1 October in Bangkok (UTC+7).
    moment = datetime(2026, 9, 30, 18, 0, tzinfo=UTC)
    assert thai_date(moment, "short") == "1 ต.ค. 69"
    assert english_date(moment) == "1 October 2026"
    assert fiscal_year(moment) == 2570


def test_aware_datetime_follows_the_active_time_zone():
    moment = datetime(2026, 9, 30, 18, 0, tzinfo=UTC)
    with timezone.override("UTC"):
        assert thai_date(moment, "short") == "30 ก.ย. 69"
        assert fiscal_year(moment) == 2569


def test_naive_datetime_is_used_as_is():
    assert thai_date(datetime(2026, 9, 30, 23, 30)) == "30 กันยายน 2569"


def test_fiscal_year_ends_on_thirtieth_of_september():
    assert fiscal_year(date(2026, 9, 30)) == 2569


def test_fiscal_year_starts_on_first_of_october():
    assert fiscal_year(date(2026, 10, 1)) == 2570
    assert fiscal_year(date(2026, 12, 31)) == 2570
    assert fiscal_year(date(2027, 1, 1)) == 2570


def test_fiscal_year_bounds_run_from_october_to_september():
    assert fiscal_year_bounds(2567) == (date(2023, 10, 1), date(2024, 9, 30))
    first, last = fiscal_year_bounds(2570)
    assert fiscal_year(first) == fiscal_year(last) == 2570


def test_fiscal_year_label_in_thai_uses_buddhist_era():
    assert fiscal_year_label(2570, language="th") == "ปีงบประมาณ พ.ศ. 2570"


def test_fiscal_year_label_in_english_uses_common_era_and_month_range():
    assert fiscal_year_label(2570, language="en") == "FY 2027 (Oct 2026 – Sep 2027)"


def test_fiscal_year_label_defaults_to_active_language():
    with override("en"):
        assert fiscal_year_label(2567) == "FY 2024 (Oct 2023 – Sep 2024)"
    with override("th"):
        assert fiscal_year_label(2567) == "ปีงบประมาณ พ.ศ. 2567"


def test_fiscal_year_label_words_are_translated_in_the_requested_language(monkeypatch):
    monkeypatch.setattr("core.thai.gettext", lambda message: f"[{get_language()}] {message}")
    with override("th"):
        assert fiscal_year_label(2570, language="en") == "[en] FY 2027 (Oct 2026 – Sep 2027)"
    with override("en"):
        assert fiscal_year_label(2570, language="th") == "[th] ปีงบประมาณ พ.ศ. 2570"


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("long", "24 November 2026"),
        ("short", "24 Nov 2026"),
        ("medium", "24 Nov 2026"),
        ("full", "Tuesday 24 November 2026"),
        ("numeric", "24/11/2026"),
    ],
)
def test_english_date_formats_each_form_with_common_era_year(form, expected):
    assert english_date(TUESDAY, form) == expected


def test_local_date_follows_active_language():
    with override("en"):
        assert local_date(TUESDAY) == "24 November 2026"
        assert local_date(TUESDAY, "short") == "24 Nov 2026"
    with override("th"):
        assert local_date(TUESDAY) == "24 พฤศจิกายน 2569"
        assert local_date(TUESDAY, "short") == "24 พ.ย. 69"


def test_local_date_explicit_language_wins_over_active_language():
    with override("en"):
        assert local_date(TUESDAY, "medium", language="th") == "24 พ.ย. 2569"
    with override("th"):
        assert local_date(TUESDAY, "medium", language="en") == "24 Nov 2026"


def test_digits_convert_both_ways_and_leave_other_text_alone():
    assert to_thai_digits("ปี 2569, ข้อ 10") == "ปี ๒๕๖๙, ข้อ ๑๐"
    assert to_thai_digits(2570) == "๒๕๗๐"
    assert to_arabic_digits("ปี ๒๕๖๙, ข้อ ๑๐") == "ปี 2569, ข้อ 10"
    assert to_arabic_digits(to_thai_digits("0123456789")) == "0123456789"


def render(source, **context):
    return Template("{% load thai %}" + source).render(Context(context))


def test_thai_date_filter_renders_default_and_given_form():
    assert render("{{ d|thai_date }}", d=TUESDAY) == "24 พฤศจิกายน 2569"
    assert render('{{ d|thai_date:"short" }}', d=TUESDAY) == "24 พ.ย. 69"


def test_local_date_filter_uses_active_language():
    with override("en"):
        assert render('{{ d|local_date:"full" }}', d=TUESDAY) == "Tuesday 24 November 2026"
    with override("th"):
        assert render('{{ d|local_date:"full" }}', d=TUESDAY) == "วันอังคารที่ 24 พฤศจิกายน พ.ศ. 2569"


def test_fiscal_year_filters_render_year_and_label():
    assert render("{{ d|fiscal_year }}", d=date(2026, 10, 1)) == "2570"
    with override("th"):
        assert render("{{ d|fiscal_year_label }}", d=date(2026, 10, 1)) == "ปีงบประมาณ พ.ศ. 2570"
    with override("en"):
        assert render("{{ d|fiscal_year_label }}", d=date(2026, 10, 1)) == "FY 2027 (Oct 2026 – Sep 2027)"


def test_thai_digits_filter_converts_numbers_and_text():
    assert render("{{ n|thai_digits }}", n=2570) == "๒๕๗๐"
    assert render("{{ d|thai_date:'numeric'|thai_digits }}", d=TUESDAY) == "๒๔/๑๑/๒๕๖๙"


@pytest.mark.parametrize(
    "source",
    [
        "{{ v|thai_date }}",
        "{{ v|thai_date:'short' }}",
        "{{ v|local_date }}",
        "{{ v|fiscal_year }}",
        "{{ v|fiscal_year_label }}",
        "{{ v|thai_digits }}",
    ],
)
@pytest.mark.parametrize("value", [None, ""])
def test_filters_render_empty_for_missing_value(source, value):
    assert render(source, v=value) == ""
