"""The public site shows published public content only, and never an update's internal narrative."""

from django.test import TestCase

from core.choices import Visibility
from tests import builders


class PublicPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("OWN")
        cls.public = builders.directive("นร 70/2569", cls.agency)
        cls.internal = builders.directive("นร 71/2569", cls.agency, visibility=Visibility.INTERNAL)
        for item in (cls.public, cls.internal):
            update = builders.update(item, cls.agency)
            update.get_latest_revision().publish()

    def test_public_directive_shows_the_public_summary_and_not_the_narrative(self):
        response = self.client.get(self.public.url)
        self.assertContains(response, "นร 70/2569")
        self.assertContains(response, "สรุปสำหรับประชาชน")
        self.assertNotContains(response, "รายละเอียดภายใน")
        self.assertContains(response, '<html lang="th">')

    def test_internal_directive_and_its_updates_are_not_served(self):
        self.assertEqual(self.client.get(self.internal.url).status_code, 404)
        update = self.internal.get_children().get()
        self.assertEqual(self.client.get(update.url).status_code, 404)

    def test_listing_and_search_leave_out_internal_items(self):
        listing = self.client.get(builders.directive_index().url)
        self.assertContains(listing, "นร 70/2569")
        self.assertNotContains(listing, "นร 71/2569")
        results = self.client.get("/th/search/", {"q": "ข้อสั่งการ"})
        self.assertContains(results, self.public.title)
        self.assertNotContains(results, self.internal.title)

    def test_english_site_answers_under_its_prefix(self):
        response = self.client.get("/en/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="en">')
