"""
The feeds as readers of each language meet them: every feed a page links to exists, every item in
it links to a page of the same language that answers, and updates written in Thai reach English
readers marked as Thai rather than not at all.
"""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from tests import builders

ATOM = "{http://www.w3.org/2005/Atom}"
HREF = re.compile(r'href="([^"#?]+)')
# Forms and one-use links: nothing a reader follows to read progress.
NOT_CRAWLED = ("/search/", "/citizens/", "/documents/")


def crawl(client, language, limit=400):
    """The HTML pages reachable from ``/<language>/`` through links of that language, and the feeds they link to."""
    prefix = f"/{language}/"
    seen, queue, feeds = set(), [prefix], set()
    while queue and len(seen) < limit:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if not response["Content-Type"].startswith("text/html"):
            continue
        for link in HREF.findall(response.content.decode()):
            path = urlsplit(link).path
            if "/feeds/" in path:
                feeds.add(path)
            elif path.startswith(prefix) and not any(part in path for part in NOT_CRAWLED):
                queue.append(path)
    return seen, feeds


def feed_links(body):
    """The links of a feed's items, RSS or Atom."""
    root = ET.fromstring(body)
    rss = [item.findtext("link") for item in root.iter("item")]
    atom = [link.get("href") for entry in root.iter(f"{ATOM}entry") for link in entry.iter(f"{ATOM}link")]
    return [urlsplit(link).path for link in rss + atom]


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.policy = builders.policy("นโยบายสุขภาพ", cls.agency)
        cls.directive = builders.directive("นร 30/2569", cls.agency, title="ข้อสั่งการแปลแล้ว", policies=[cls.policy])
        cls.thai_only = builders.directive("นร 31/2569", cls.agency, title="ข้อสั่งการภาษาไทย")
        cls.update = builders.update(cls.directive, cls.agency, title="รายงานภาษาไทย", publish=True)
        cls.thai_only_update = builders.update(cls.thai_only, cls.agency, title="รายงานของเรื่องไทย", publish=True)
        cls.english = builders.translate(cls.directive, title="A translated directive")
        builders.translate(cls.policy, title="Health policy")
        builders.index_for_search()

    def test_english_readers_get_the_updates_written_in_thai_marked_and_linked_under_en(self):
        for url in ("/en/feeds/updates.rss", f"/en/feeds/items/{self.english.pk}.rss", "/en/feeds/agencies/MOPH.rss"):
            with self.subTest(url):
                body = self.client.get(url).content.decode()
                self.assertIn("รายงานภาษาไทย (in Thai)", body)
                self.assertIn(f"/en/original/{self.update.pk}/", body)
                self.assertNotIn("/th/", body)

    def test_the_english_home_lists_updates_written_in_thai_as_thai_text_under_en(self):
        body = self.client.get("/en/").content.decode()
        self.assertNotIn("No progress has been published yet.", body)
        self.assertIn(f'href="/en/original/{self.update.pk}/"', body)
        self.assertIn('<span lang="th">รายงานภาษาไทย</span> <small>(in Thai)</small>', body)
        self.assertIn("A translated directive", body)

    def test_the_english_timeline_links_an_untranslated_update_under_en(self):
        body = self.client.get(self.english.url).content.decode()
        link = f'href="/en/original/{self.update.pk}/" lang="th">รายงานภาษาไทย</a> <small>(in Thai)</small>'
        self.assertIn(link, body)

    def test_the_feed_of_an_item_shown_untranslated_in_english_exists(self):
        with translation.override("en"):
            url = reverse("feed_item", args=[self.thai_only.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(feed_links(response.content), [f"/en/original/{self.thai_only_update.pk}/"])

    def test_a_feed_of_an_english_page_does_not_exist_under_th(self):
        self.assertEqual(self.client.get(f"/th/feeds/items/{self.english.pk}.rss").status_code, 404)

    def test_every_feed_linked_from_every_page_answers_and_its_items_stay_in_the_language(self):
        for language in ("th", "en"):
            pages, feeds = crawl(self.client, language)
            self.assertIn(f"/{language}/feeds/updates.rss", feeds)
            self.assertTrue(any("/feeds/items/" in feed for feed in feeds), feeds)
            for feed in sorted(feeds):
                with self.subTest(language=language, feed=feed):
                    self.assertTrue(feed.startswith(f"/{language}/"))
                    response = self.client.get(feed)
                    self.assertEqual(response.status_code, 200)
                    links = feed_links(response.content)
                    for link in links:
                        self.assertTrue(link.startswith(f"/{language}/"), link)
                        self.assertEqual(self.client.get(link).status_code, 200, link)
            with self.subTest(language=language, check="every update in a feed"):
                everything = feed_links(self.client.get(f"/{language}/feeds/updates.rss").content)
                self.assertEqual(len(everything), 2)


class ThaiFeedTitleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.policy = builders.policy("การดูแลผู้สูงอายุ", cls.agency)
        cls.directive = builders.directive("นร 40/2569", cls.agency, title="การขับเคลื่อน OECD")
        cls.latin = builders.directive("นร 41/2569", cls.agency, title="OECD และการค้า")

    def channel_title(self, url):
        return ET.fromstring(self.client.get(url).content).find("channel").findtext("title")

    def test_thai_feed_titles_put_no_space_between_a_thai_word_and_a_thai_name(self):
        self.assertEqual(
            self.channel_title(f"/th/feeds/items/{self.directive.pk}.rss"), "PM1: ความก้าวหน้าของการขับเคลื่อน OECD"
        )
        self.assertEqual(self.channel_title("/th/feeds/agencies/MOPH.rss"), "PM1: ความก้าวหน้าที่กระทรวงสาธารณสุขรายงาน")
        self.assertEqual(
            self.channel_title(f"/th/feeds/policies/{self.policy.pk}.rss"), "PM1: ความก้าวหน้าของนโยบายการดูแลผู้สูงอายุ"
        )

    def test_a_name_in_latin_letters_keeps_its_space(self):
        self.assertEqual(self.channel_title(f"/th/feeds/items/{self.latin.pk}.rss"), "PM1: ความก้าวหน้าของ OECD และการค้า")
