"""
The filters of the public listings and search in the reader's calendar: C.E. years on ``/en/``, B.E.
on ``/th/``; the agency choices in the reader's dictionary order.
"""

import datetime

from django.test import TestCase
from django.utils import translation

from tests import builders


class FiscalYearFilterTests(TestCase):
    def setUp(self):
        # A request to /en/ leaves English active in the thread (LocaleMiddleware): not for the next test.
        self.addCleanup(translation.deactivate)

    @classmethod
    def setUpTestData(cls):
        agency = builders.agency("MOPH", "กระทรวงสาธารณสุข", name_en="Ministry of Public Health")
        cls.this_year = builders.directive("นร 20/2569", agency, title="ปีนี้", issued_on=datetime.date(2026, 1, 15))
        cls.last_year = builders.directive("นร 21/2568", agency, title="ปีก่อน", issued_on=datetime.date(2025, 1, 15))
        cls.this_year_en = builders.translate(cls.this_year, title="This year")
        builders.translate(cls.last_year, title="Last year")
        builders.index_for_search()

    def test_the_english_listing_takes_a_ce_fiscal_year(self):
        response = self.client.get("/en/directives/", {"fiscal_year": "2026"})
        self.assertNotContains(response, "greater than or equal to")
        self.assertContains(response, "This year")
        self.assertNotContains(response, "Last year")

    def test_the_english_search_takes_a_ce_fiscal_year(self):
        response = self.client.get("/en/search/", {"fiscal_year": "2026", "advanced": "1"})
        self.assertNotContains(response, "greater than or equal to")
        self.assertEqual([page.title for page in response.context["outcome"].results], ["This year"])

    def test_the_english_site_still_takes_the_be_year_of_its_facet_links(self):
        response = self.client.get("/en/search/", {"fiscal_year": "2569", "advanced": "1"})
        self.assertEqual([page.title for page in response.context["outcome"].results], ["This year"])

    def test_the_thai_site_takes_a_be_fiscal_year_and_refuses_a_ce_one(self):
        response = self.client.get("/th/search/", {"fiscal_year": "2569", "advanced": "1"})
        self.assertEqual([page.title for page in response.context["outcome"].results], ["ปีนี้"])
        refused = self.client.get("/th/search/", {"fiscal_year": "2026", "advanced": "1"})
        self.assertIn("fiscal_year", refused.context["form"].errors)


class AgencyChoiceOrderTests(TestCase):
    def setUp(self):
        # A request to /en/ leaves English active in the thread (LocaleMiddleware): not for the next test.
        self.addCleanup(translation.deactivate)

    @classmethod
    def setUpTestData(cls):
        builders.agency("ZZKH", "กระทรวงเกษตรทดสอบ", name_en="Testing Ministry of Archives")
        builders.agency("ZZSA", "กระทรวงสาธารณทดสอบ", name_en="Testing Ministry of Zoology")

    def test_the_english_agency_choices_are_in_english_order(self):
        body = self.client.get("/en/search/", {"advanced": "1"}).content.decode()
        self.assertLess(body.index("Testing Ministry of Archives"), body.index("Testing Ministry of Zoology"))

    def test_the_thai_agency_choices_are_in_thai_order(self):
        body = self.client.get("/th/search/", {"advanced": "1"}).content.decode()
        self.assertLess(body.index("กระทรวงเกษตรทดสอบ"), body.index("กระทรวงสาธารณทดสอบ"))
