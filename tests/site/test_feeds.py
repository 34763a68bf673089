"""
Feeds, sitemap and robots.txt: public, published content only. An internal directive and an
unpublished update are reachable by no URL, listing, feed, sitemap or search.
"""

import xml.etree.ElementTree as ET

from django.test import TestCase
from django.urls import reverse
from wagtail.models import Locale

from core.choices import Visibility
from tests import builders

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class FeedAndSitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.policy = builders.policy("นโยบายสุขภาพ", cls.agency)
        cls.public = builders.directive("นร 20/2569", cls.agency, title="ข้อสั่งการสาธารณะ", policies=[cls.policy])
        cls.internal = builders.directive(
            "นร 21/2569", cls.agency, title="ข้อสั่งการภายใน", visibility=Visibility.INTERNAL
        )
        cls.published = builders.update(cls.public, cls.agency, title="รายงานเผยแพร่แล้ว", publish=True)
        cls.draft = builders.update(cls.public, cls.agency, title="รายงานฉบับร่าง", public_summary="ร่างลับ")
        cls.internal_update = builders.update(cls.internal, cls.agency, title="รายงานของเรื่องภายใน", publish=True)
        cls.english = builders.translate(cls.public, title="A public directive")
        builders.index_for_search()

    def feeds(self):
        return [
            reverse("feed_updates"),
            reverse("feed_updates_atom"),
            reverse("feed_item", args=[self.public.pk]),
            reverse("feed_item_atom", args=[self.public.pk]),
            reverse("feed_agency", args=["MOPH"]),
            reverse("feed_agency_atom", args=["MOPH"]),
            reverse("feed_policy", args=[self.policy.pk]),
            reverse("feed_policy_atom", args=[self.policy.pk]),
        ]

    def test_every_feed_lists_the_published_update_and_nothing_else(self):
        for url in self.feeds():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "รายงานเผยแพร่แล้ว")
                for hidden in ("รายงานฉบับร่าง", "ร่างลับ", "รายงานของเรื่องภายใน", "รายละเอียดภายใน"):
                    self.assertNotContains(response, hidden)

    def test_atom_feeds_are_atom_and_rss_feeds_rss(self):
        self.assertIn("application/atom+xml", self.client.get(reverse("feed_updates_atom"))["Content-Type"])
        self.assertIn("application/rss+xml", self.client.get(reverse("feed_updates"))["Content-Type"])

    def test_the_feed_of_an_internal_item_does_not_exist(self):
        self.assertEqual(self.client.get(reverse("feed_item", args=[self.internal.pk])).status_code, 404)

    def test_sitemap_lists_public_pages_with_hreflang_alternates(self):
        index = ET.fromstring(self.client.get("/sitemap.xml").content)
        section = index.find(f"{SITEMAP}sitemap/{SITEMAP}loc").text
        urls = ET.fromstring(self.client.get(section.replace("http://testserver", "")).content)
        locations = {url.find(f"{SITEMAP}loc").text: url for url in urls.findall(f"{SITEMAP}url")}
        thai = f"http://testserver{self.public.url}"
        self.assertIn(thai, locations)
        alternates = {link.get("hreflang"): link.get("href") for link in locations[thai].findall(f"{XHTML}link")}
        self.assertEqual(alternates, {"th": thai, "en": f"http://testserver{self.english.url}"})
        self.assertIn(f"http://testserver{self.published.url}", locations)
        for hidden in (self.internal, self.draft, self.internal_update):
            self.assertNotIn(f"http://testserver{hidden.url}", locations)

    def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(self):
        response = self.client.get("/robots.txt")
        self.assertContains(response, "Disallow: /admin/")
        self.assertContains(response, "Sitemap: http://testserver/sitemap.xml")

    def test_internal_directive_and_unpublished_update_are_unreachable_everywhere(self):
        for page in (self.internal, self.draft, self.internal_update):
            with self.subTest(page=page.title):
                self.assertEqual(self.client.get(page.url or f"/th/{page.slug}/").status_code, 404)
        listing = self.client.get(builders.directive_index().url)
        agency = self.client.get(reverse("agency", args=["MOPH"]))
        home = self.client.get("/th/")
        search = self.client.get("/th/search/", {"q": "รายงาน"})
        for response in (listing, agency, home, search):
            for hidden in ("ข้อสั่งการภายใน", "รายงานฉบับร่าง", "รายงานของเรื่องภายใน"):
                self.assertNotContains(response, hidden)
        self.assertContains(search, "รายงานเผยแพร่แล้ว")

    def test_pages_carry_open_graph_and_twitter_meta_in_thai(self):
        response = self.client.get(self.public.url)
        self.assertContains(response, '<meta property="og:title" content="ข้อสั่งการสาธารณะ">')
        self.assertContains(response, '<meta property="og:locale" content="th_TH">')
        self.assertContains(response, '<meta name="twitter:card" content="summary">')
        self.assertEqual(Locale.get_default().language_code, "th")
