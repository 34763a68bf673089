"""Every date PM1 prints or exports is read back by its date parser as the same day."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from core.thai import FORMS, english_date, parse_thai_date, thai_date
from imports.values import date_format, date_value, shown_value

# Every day of the years the archive and the next decades hold, and the ends of the range the
# two-digit Buddhist Era year can name (2500-2599 BE is 1957-2056 CE).
_DAYS = [datetime.date(2019, 1, 1) + datetime.timedelta(days=n) for n in range(0, 366 * 12, 1)] + [
    datetime.date(1957, 1, 1),
    datetime.date(2056, 12, 31),
    datetime.date(2024, 2, 29),
]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("digits", [False, True])
def test_every_thai_form_reads_back_as_the_same_day(form, digits):
    misread = [day for day in _DAYS if parse_thai_date(thai_date(day, form, thai_digits=digits)) != day]
    assert misread == []


@pytest.mark.parametrize("form", FORMS)
def test_every_english_form_reads_back_as_the_same_day(form):
    misread = [day for day in _DAYS if parse_thai_date(english_date(day, form)) != day]
    assert misread == []


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize(
    "template",
    [
        "{{ day|local_date }}",
        '{{ day|local_date:"medium" }}',
        '{{ day|local_date:"short" }}',
        '{{ day|local_date:"full" }}',
        "{{ day|thai_date }}",
        '{{ day|thai_date:"short" }}',
        '{{ day|thai_date:"short"|thai_digits }}',
        '{{ day|thai_date:"numeric" }}',
    ],
)
def test_what_the_templates_print_reads_back_as_the_same_day(language, template):
    compiled = Template("{% load thai %}" + template)
    with translation.override(language):
        printed = {day: compiled.render(Context({"day": day})) for day in _DAYS[::7]}
    assert {day: text for day, text in printed.items() if parse_thai_date(text) != day} == {}


def test_what_exports_write_the_importers_read_back():
    for day in _DAYS:
        assert date_value(date_format(day)) == day
        assert date_value(shown_value(day)) == day
        assert date_value(day.isoformat()) == day
