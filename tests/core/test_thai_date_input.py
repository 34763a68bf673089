"""Dates typed in the admin: Buddhist or Common Era, Thai month names, Thai digits, day first."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse

from core.roles import Role
from core.thai import has_two_digit_year, parse_thai_date
from directives.models import DirectivePage
from tests import builders
from tests.directives.test_admin_validation import directive_form


@pytest.mark.parametrize(
    "text, expected",
    [
        ("25/01/2569", datetime.date(2026, 1, 25)),
        ("25-1-2569", datetime.date(2026, 1, 25)),
        ("25 ม.ค. 2569", datetime.date(2026, 1, 25)),
        ("25 มกราคม 2569", datetime.date(2026, 1, 25)),
        ("25 มกราคม พ.ศ. 2569", datetime.date(2026, 1, 25)),
        ("๒๕/๐๑/๒๕๖๕", datetime.date(2022, 1, 25)),
        ("  25\u200b/01/2565 ", datetime.date(2022, 1, 25)),
        ("2022-01-25", datetime.date(2022, 1, 25)),
        ("2565-01-25", datetime.date(2022, 1, 25)),
        ("25/01/2022", datetime.date(2022, 1, 25)),
        ("25 Jan 2022", datetime.date(2022, 1, 25)),
        ("1 ต.ค. ค.ศ. 2026", datetime.date(2026, 10, 1)),
        ("29/02/2567", datetime.date(2024, 2, 29)),
    ],
)
def test_thai_officials_date_spellings_are_understood(text, expected):
    assert parse_thai_date(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("15 มี.ค. 65", datetime.date(2022, 3, 15)),
        ("24 พ.ย. 69", datetime.date(2026, 11, 24)),
        ("24 พย 69", datetime.date(2026, 11, 24)),
        ("24 พ.ย 69", datetime.date(2026, 11, 24)),
        ("๒๔ พ.ย. ๖๙", datetime.date(2026, 11, 24)),
        ("24 พฤศจิกายน 69", datetime.date(2026, 11, 24)),
        ("15 มีนาคม พ.ศ. 65", datetime.date(2022, 3, 15)),
        ("๑๕/๐๓/๖๕", datetime.date(2022, 3, 15)),
        ("วันที่ ๒๔ พฤศจิกายน ๒๕๖๕", datetime.date(2022, 11, 24)),
        ("วันอังคารที่ 24 พฤศจิกายน พ.ศ. 2569", datetime.date(2026, 11, 24)),
        ("Tuesday 24 November 2026", datetime.date(2026, 11, 24)),
        ("24‌ พ.ย.﻿ 69", datetime.date(2026, 11, 24)),
    ],
)
def test_a_two_digit_year_in_thai_text_is_a_buddhist_era_year(text, expected):
    assert parse_thai_date(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tuesday January 5, 2021", datetime.date(2021, 1, 5)),
        ("March 28, 2025", datetime.date(2025, 3, 28)),
        ("Wednesday, 24 July 2024 16:31", datetime.date(2024, 7, 24)),
        ("14 01 2019", datetime.date(2019, 1, 14)),
    ],
)
def test_dates_as_news_pages_and_old_spreadsheets_print_them(text, expected):
    assert parse_thai_date(text) == expected


@pytest.mark.parametrize(
    "text, two_digits",
    [("24 พ.ย. 69", True), ("๑๕/๐๓/๖๕", True), ("24 พ.ย. 2569", False), ("2022-01-25", False), ("พรุ่งนี้", False)],
)
def test_a_two_digit_year_is_recognised_so_the_reading_can_be_shown(text, two_digits):
    assert has_two_digit_year(text) is two_digits


@pytest.mark.parametrize(
    "text",
    ["25/01/69", "25 Jan 69", "25 ม.ค. ค.ศ. 69", "29/02/2568", "25/13/2569", "25 มกรา 2569", "25/01/2250", "", "พรุ่งนี้"],
)
def test_ambiguous_or_impossible_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_thai_date(text)


class AdminDateInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("กษ.")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)

    def post(self, issued_on, deadline):
        builders.staff_login(self.client, self.coordinator)
        url = reverse("wagtailadmin_pages:add", args=("directives", "directivepage", builders.directive_index().pk))
        data = directive_form("นร 0505/2569-100", [{"agency": self.agency.pk, "role": "lead", "deadline": deadline}])
        data["issued_on"] = issued_on
        return self.client.post(url, data)

    def test_admin_accepts_buddhist_era_and_thai_digits(self):
        self.assertEqual(self.post("10 มีนาคม 2569", "๓๐/๐๖/๒๕๖๙").status_code, 302)
        directive = DirectivePage.objects.get(reference="นร 0505/2569-100")
        self.assertEqual(directive.issued_on, datetime.date(2026, 3, 10))
        self.assertEqual(directive.assignments.get().deadline, datetime.date(2026, 6, 30))

    def test_admin_explains_a_date_it_cannot_read(self):
        response = self.post("10/03/69", "2026-06-30")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "25/01/2569")
        self.assertFalse(DirectivePage.objects.exists())
