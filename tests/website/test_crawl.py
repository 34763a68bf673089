"""
A reader of one language stays in it: walking every public URL from ``/en/`` and from ``/th/``, every
link answers 200 and none leads into the other language except the language switcher (the links
marked ``hreflang``). Feeds are walked by their own crawl (``tests/website/test_feeds.py``).
"""

from collections import deque
from html.parser import HTMLParser

from django.core.cache import cache
from django.test import TestCase
from django.utils import translation

from demo.complaints import load_complaints
from demo.foreign import load_foreign_commitments
from tests import builders
from tests.demo.helpers import prepared_loader

#: Links not walked: files, the staff side, and the feeds (their own crawl).
NOT_WALKED = ("/static/", "/media/", "/documents/", "/admin/", "/api/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append((attrs["href"].split("#")[0], attrs.get("hreflang")))


def _internal(href: str) -> bool:
    return href.startswith("/") and not href.startswith("//")


class CrawlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        agency = builders.agency("MOPH", "กระทรวงสาธารณสุข", name_en="Ministry of Public Health")
        policy = builders.policy("นโยบายสุขภาพ", agency, summary="สรุปนโยบาย")
        builders.translate(policy, title="Health policy", summary="Policy summary")
        directive = builders.directive("นร 30/2569", agency, title="เร่งรัดการฉีดวัคซีน", policies=[policy])
        builders.translate(directive, title="Speed up vaccination")
        builders.update(directive, agency, title="รายงานความก้าวหน้า สธ.", publish=True)
        loader = prepared_loader()
        load_foreign_commitments(loader)
        load_complaints(loader)
        builders.index_for_search()

    def setUp(self):
        cache.clear()
        # A request to /en/ leaves English active in the thread (LocaleMiddleware): not for the next test.
        self.addCleanup(translation.deactivate)

    def crawl(self, language):
        """Every page reachable from the language's home: (url, status) of each, and the links out of it."""
        other = "en" if language == "th" else "th"
        start = f"/{language}/"
        seen, queue, statuses, crossing = {start}, deque([start]), {}, []
        while queue:
            url = queue.popleft()
            response = self.client.get(url)
            statuses[url] = response.status_code
            if response.status_code != 200 or "html" not in response.get("Content-Type", "") or "?" in url:
                # Filtered and paginated views are answered, not walked: their links are the same pages'.
                continue
            parser = _Links()
            parser.feed(response.content.decode())
            for href, hreflang in parser.links:
                if not _internal(href):
                    continue
                if href.startswith(f"/{other}/"):
                    if hreflang != other:
                        crossing.append((url, href))
                    continue
                if href.startswith(NOT_WALKED) or "/feeds/" in href or href in seen:
                    continue
                seen.add(href)
                queue.append(href)
        return statuses, crossing

    def test_walking_the_english_site_every_link_answers_and_stays_in_english(self):
        self.assert_walk_stays_in("en", expected=("/en/foreign-affairs/foreign-1/", "/en/complaints/complaint-1/"))

    def test_walking_the_thai_site_every_link_answers_and_stays_in_thai(self):
        self.assert_walk_stays_in("th", expected=("/th/foreign-affairs/foreign-1/", "/th/complaints/complaint-1/"))

    def assert_walk_stays_in(self, language, *, expected):
        statuses, crossing = self.crawl(language)
        self.assertEqual({url: status for url, status in statuses.items() if status != 200}, {})
        self.assertEqual(crossing, [])
        for url in expected:
            self.assertIn(url, statuses)
        # Every kind's listing and an item of each, and the site's own views, are on the way.
        self.assertGreater(len(statuses), 20)
