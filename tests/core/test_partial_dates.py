"""Dates an archive knows only to the month or the year: read, kept at that precision, never shown as a day."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from core.thai import (
    PRECISION_MONTH,
    PRECISION_YEAR,
    parse_partial_thai_date,
    parse_thai_date,
    partial_date,
    precision_start,
)
from directives.models import DirectivePage

MARCH_2022 = (datetime.date(2022, 3, 1), PRECISION_MONTH)
YEAR_2021 = (datetime.date(2021, 1, 1), PRECISION_YEAR)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("มีนาคม 2565", MARCH_2022),
        ("เดือนมีนาคม พ.ศ. 2565", MARCH_2022),
        ("มี.ค. 2565", MARCH_2022),
        ("มี.ค. 65", MARCH_2022),
        ("มีค 65", MARCH_2022),
        ("๐๓/๒๕๖๕", MARCH_2022),
        ("03/2565", MARCH_2022),
        ("3/2022", MARCH_2022),
        ("March 2022", MARCH_2022),
        ("Mar 2022", MARCH_2022),
        ("2564", YEAR_2021),
        ("พ.ศ. 2564", YEAR_2021),
        ("๒๕๖๔", YEAR_2021),
        ("2021", YEAR_2021),
        ("ค.ศ. 2021", YEAR_2021),
    ],
)
def test_a_month_or_a_year_alone_is_read_with_its_precision(text, expected):
    assert parse_partial_thai_date(text) == expected


@pytest.mark.parametrize("text", ["Mar 65", "13/2565", "25/03/2565", "2250", "มีนาคม", "ไม่ทราบ", ""])
def test_what_is_not_a_month_or_a_year_is_refused(text):
    with pytest.raises(ValueError):
        parse_partial_thai_date(text)


def test_a_whole_date_is_still_refused_by_the_partial_reader_and_read_by_the_whole_one():
    with pytest.raises(ValueError):
        parse_partial_thai_date("15 มีนาคม 2565")
    assert parse_thai_date("15 มีนาคม 2565") == datetime.date(2022, 3, 15)


@pytest.mark.parametrize(
    "precision, language, form, shown",
    [
        ("month", "th", "long", "มีนาคม 2565"),
        ("month", "th", "medium", "มี.ค. 2565"),
        ("month", "th", "numeric", "03/2565"),
        ("month", "en", "long", "March 2022"),
        ("month", "en", "medium", "Mar 2022"),
        ("year", "th", "long", "พ.ศ. 2565"),
        ("year", "th", "numeric", "2565"),
        ("year", "en", "long", "2022"),
        ("day", "th", "long", "1 มีนาคม 2565"),
        ("day", "en", "long", "1 March 2022"),
    ],
)
def test_a_date_is_shown_only_as_far_as_it_is_known(precision, language, form, shown):
    assert partial_date(datetime.date(2022, 3, 1), precision, form, language) == shown


@pytest.mark.parametrize("precision", ["month", "year"])
def test_what_exports_write_is_read_back_at_the_same_precision(precision):
    day = precision_start(datetime.date(2022, 3, 17), precision)
    for language in ("th", "en"):
        assert parse_partial_thai_date(partial_date(day, precision, "numeric", language)) == (day, precision)
        assert parse_partial_thai_date(partial_date(day, precision, "long", language)) == (day, precision)


@pytest.mark.django_db
def test_the_template_filter_says_date_not_recorded_for_an_item_without_a_date():
    template = Template('{% load thai %}{{ item|item_date }}|{{ item|item_date:"medium" }}')
    undated = DirectivePage(issued_on=None)
    month = DirectivePage(issued_on=datetime.date(2022, 3, 1), date_precision="month")
    with translation.override("en"):
        assert template.render(Context({"item": undated})) == "Date not recorded|Date not recorded"
        assert template.render(Context({"item": month})) == "March 2022|Mar 2022"
    with translation.override("th"):
        assert template.render(Context({"item": month})) == "มีนาคม 2565|มี.ค. 2565"
