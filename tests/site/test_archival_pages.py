"""
The public site says honestly what an archival record lacks: "date not recorded", "agency not
recorded", a date known only to the month or the year shown as such, and the record's source.
"""

import datetime

from django.test import TestCase
from django.utils import translation
from django.utils.translation import gettext

from complaints.models import ComplaintIndexPage, ComplaintPage
from core.choices import Visibility
from tests import builders


def phrase(text, language):
    """The phrase as the site shows it in ``language`` (from the compiled catalogue)."""
    with translation.override(language):
        return gettext(text)


class ArchivalPublicPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("OWN")
        cls.undated = builders.directive("ARC-00AA11BB22", issued_on=None)
        cls.undated.source_url = "https://www.thaigov.go.th/news/contents/details/12345"
        cls.undated.save_revision().publish()
        cls.month = builders.directive("นร 10/2565", cls.agency, issued_on=datetime.date(2022, 3, 1))
        cls.month.date_precision = "month"
        cls.month.save_revision().publish()
        cls.year = builders.directive("นร 11/2564", cls.agency, issued_on=datetime.date(2021, 1, 1))
        cls.year.date_precision = "year"
        cls.year.save_revision().publish()
        cls.undated_en = builders.translate(cls.undated, title="An archival directive")
        cls.month_en = builders.translate(cls.month, title="A directive of March 2022")
        cls.year_en = builders.translate(cls.year, title="A directive of 2021")

    def test_a_directive_without_date_or_agency_says_so_in_thai_and_english(self):
        for page, language in ((self.undated, "th"), (self.undated_en, "en")):
            with self.subTest(language=language):
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, phrase("Date not recorded", language))
                self.assertContains(response, phrase("Agency not recorded", language))
        english = self.client.get(self.undated_en.url)
        self.assertContains(english, "Date not recorded")
        self.assertContains(english, "Agency not recorded")

    def test_a_date_known_to_the_month_or_the_year_is_never_shown_as_a_day(self):
        thai = self.client.get(self.month.url).content.decode()
        self.assertIn("<dd>มีนาคม 2565</dd>", thai)
        self.assertNotIn("1 มีนาคม 2565", thai)
        self.assertIn("<dd>พ.ศ. 2564</dd>", self.client.get(self.year.url).content.decode())
        english = self.client.get(self.month_en.url).content.decode()
        self.assertIn("<dd>March 2022</dd>", english)
        self.assertNotIn("1 March 2022", english)
        self.assertIn("<dd>2021</dd>", self.client.get(self.year_en.url).content.decode())

    def test_the_source_is_linked_without_giving_the_opener_away(self):
        response = self.client.get(self.undated.url)
        self.assertContains(
            response,
            '<a href="https://www.thaigov.go.th/news/contents/details/12345" rel="noopener noreferrer">',
        )
        self.assertNotContains(self.client.get(self.month.url), 'rel="noopener noreferrer"')

    def test_listings_search_and_open_data_serve_archival_items(self):
        listing = self.client.get(builders.directive_index().url)
        self.assertContains(listing, "ARC-00AA11BB22")
        self.assertContains(listing, phrase("Date not recorded", "th"))
        self.assertContains(listing, "มีนาคม 2565")
        builders.index_for_search()
        self.assertEqual(self.client.get("/th/search/", {"q": "ข้อสั่งการ"}).status_code, 200)
        rows = self.client.get("/api/v1/open/directives/", {"page_size": 1000}).json()["results"]
        by_ref = {row["ref"]: row for row in rows}
        self.assertIsNone(by_ref["ARC-00AA11BB22"]["issued_on"])
        self.assertEqual(by_ref["ARC-00AA11BB22"]["agencies"], [])
        csv = self.client.get("/api/v1/open/directives/", {"format": "csv"})
        self.assertEqual(csv.status_code, 200)

    def test_a_complaint_without_a_date_received_says_so(self):
        complaint = ComplaintPage(
            title="ร้องเรียนน้ำท่วมถนน",
            slug="flood",
            reference="ร 2564/0001",
            received_on=None,
            details="ถนนในหมู่บ้านน้ำท่วมขัง",
            public_summary="ถนนน้ำท่วมขัง",
            visibility=Visibility.PUBLIC,
        )
        builders.index_page(ComplaintIndexPage).add_child(instance=complaint)
        complaint.save_revision().publish()
        response = self.client.get(complaint.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, phrase("Date not recorded", "th"))
        listing = self.client.get(builders.index_page(ComplaintIndexPage).url)
        self.assertContains(listing, phrase("Date not recorded", "th"))
