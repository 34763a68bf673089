"""Wagtail's pages API at /api/v2/pages/: published public pages for headless front ends, nothing internal."""

from django.test import TestCase

from core.choices import Visibility
from tests import builders


class PagesAPITests(TestCase):
    @classmethod
    def setUpTestData(cls):
        moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.public = builders.directive("นร 1/2569", moph, title="ข้อสั่งการสาธารณะ")
        cls.internal = builders.directive("นร 2/2569", moph, visibility=Visibility.INTERNAL, title="ข้อสั่งการภายใน")
        builders.directive("นร 3/2569", moph, live=False, title="ร่างข้อสั่งการ")
        cls.public_update = builders.update(cls.public, moph, title="รายงานสาธารณะ", publish=True)
        cls.internal_update = builders.update(cls.internal, moph, title="รายงานภายใน", publish=True)

    def titles(self, **params):
        response = self.client.get("/api/v2/pages/", params)
        self.assertEqual(response.status_code, 200, response.content)
        return {page["title"] for page in response.json()["items"]}

    def test_anyone_lists_published_public_pages_and_nothing_internal_or_unpublished(self):
        titles = self.titles(limit=20)
        self.assertLessEqual({"ข้อสั่งการสาธารณะ", "รายงานสาธารณะ"}, titles)
        self.assertFalse({"ข้อสั่งการภายใน", "รายงานภายใน", "ร่างข้อสั่งการ"} & titles)

    def test_an_internal_page_is_not_found_by_id(self):
        self.assertEqual(self.client.get(f"/api/v2/pages/{self.public.pk}/").status_code, 200)
        for page in (self.internal, self.internal_update):
            with self.subTest(page=page.title):
                self.assertEqual(self.client.get(f"/api/v2/pages/{page.pk}/").status_code, 404)

    def test_the_internal_narrative_of_updates_is_not_served(self):
        response = self.client.get(f"/api/v2/pages/{self.public_update.pk}/", {"fields": "*"})
        self.assertNotIn("รายละเอียดภายใน", response.content.decode())
