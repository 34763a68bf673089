"""
Public pages come from the cache until something they show is published: then exactly those pages
are rendered again, and the others stay cached. Pages are invalidated once the publishing
transaction commits (``core.publication``): each change here is made under
``captureOnCommitCallbacks``, which runs what the commit would.
"""

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse

from tests import builders

HIT = "X-PM1-Cache"


@override_settings(PUBLIC_PAGE_CACHE=True)
class PublicPageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.mof = builders.agency("MOF", "กระทรวงการคลัง")
        cls.first = builders.directive("นร 30/2569", cls.moph, title="เรื่องแรก")
        cls.second = builders.directive("นร 31/2569", cls.mof, title="เรื่องที่สอง")

    def setUp(self):
        cache.clear()

    def cached(self, url) -> bool:
        return self.client.get(url).get(HIT) == "hit"

    def warm(self, *urls):
        for url in urls:
            self.assertFalse(self.cached(url), url)
            self.assertTrue(self.cached(url), url)

    def test_a_public_page_is_served_from_the_cache_the_second_time(self):
        response = self.client.get(self.first.url)
        self.assertIn("public", response["Cache-Control"])
        self.warm(self.second.url)

    def test_publishing_an_update_renders_again_exactly_the_pages_that_show_it(self):
        moph, mof = reverse("agency", args=["MOPH"]), reverse("agency", args=["MOF"])
        listing = builders.directive_index().url
        self.warm(self.first.url, self.second.url, moph, mof, listing, "/th/", reverse("feed_updates"))
        with self.captureOnCommitCallbacks(execute=True):
            builders.update(self.first, self.moph, title="รายงานใหม่", publish=True)
        for url in (self.first.url, moph, listing, "/th/", reverse("feed_updates")):
            self.assertFalse(self.cached(url), url)
        self.assertContains(self.client.get(self.first.url), "รายงานใหม่")
        for url in (self.second.url, mof):
            self.assertTrue(self.cached(url), url)

    def test_unpublishing_an_item_removes_it_from_cached_pages(self):
        self.warm(self.first.url, builders.directive_index().url)
        with self.captureOnCommitCallbacks(execute=True):
            self.first.unpublish()
        self.assertEqual(self.client.get(self.first.url).status_code, 404)
        self.assertNotContains(self.client.get(builders.directive_index().url), "เรื่องแรก")

    def test_staff_with_a_session_are_never_served_from_the_cache(self):
        self.warm(self.first.url)
        self.client.force_login(builders.user("reader"))
        self.assertIsNone(self.client.get(self.first.url).get(HIT))

    def test_internal_items_and_errors_are_not_cached(self):
        internal = builders.directive("นร 32/2569", self.moph, visibility="internal")
        self.client.get(internal.url)
        self.assertEqual(self.client.get(internal.url).status_code, 404)
        self.assertIsNone(self.client.get(internal.url).get(HIT))

    def test_renaming_an_agency_renders_every_page_again(self):
        self.warm(self.first.url, self.second.url)
        self.moph.name_th = "กระทรวงสาธารณสุข (ชื่อใหม่)"
        with self.captureOnCommitCallbacks(execute=True):
            self.moph.save()
        self.assertFalse(self.cached(self.second.url))
        self.assertContains(self.client.get(self.first.url), "ชื่อใหม่")

    def test_deleting_a_page_renders_every_page_again(self):
        update = builders.update(self.first, self.moph, title="รายงานที่จะลบ", publish=True)
        self.warm(self.first.url)
        with self.captureOnCommitCallbacks(execute=True):
            update.delete()
        self.assertNotContains(self.client.get(self.first.url), "รายงานที่จะลบ")
