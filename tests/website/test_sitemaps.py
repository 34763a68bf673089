"""``sitemap.xml`` (``website.sitemaps``): every public page in every language, translated or not."""

import xml.etree.ElementTree as ET

from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from core.kinds import kinds
from demo.complaints import load_complaints
from demo.foreign import load_foreign_commitments
from tests import builders
from tests.demo.helpers import prepared_loader

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class SitemapTests(TestCase):
    def setUp(self):
        # A request to /en/ leaves English active in the thread (LocaleMiddleware): not for the next test.
        self.addCleanup(translation.deactivate)

    @classmethod
    def setUpTestData(cls):
        agency = builders.agency("MOPH", "กระทรวงสาธารณสุข", name_en="Ministry of Public Health")
        cls.translated = builders.directive("นร 40/2569", agency, title="แปลแล้ว")
        cls.english = builders.translate(cls.translated, title="Translated")
        cls.untranslated = builders.directive("นร 41/2569", agency, title="ยังไม่ได้แปล")
        builders.policy("นโยบายสุขภาพ", agency)
        loader = prepared_loader()
        load_foreign_commitments(loader)
        load_complaints(loader)

    def locations(self):
        index = ET.fromstring(self.client.get("/sitemap.xml").content)
        section = index.find(f"{SITEMAP}sitemap/{SITEMAP}loc").text
        urls = ET.fromstring(self.client.get(section.replace("http://testserver", "")).content)
        entries = urls.findall(f"{SITEMAP}url")
        return {url.find(f"{SITEMAP}loc").text.replace("http://testserver", ""): url for url in entries}

    def test_an_untranslated_page_is_listed_in_english_by_its_fallback_with_alternates(self):
        locations = self.locations()
        with translation.override("en"):
            fallback = reverse("untranslated", args=[self.untranslated.pk])
        self.assertIn(fallback, locations)
        alternates = {link.get("hreflang"): link.get("href") for link in locations[fallback].findall(f"{XHTML}link")}
        self.assertEqual(
            alternates,
            {"th": f"http://testserver{self.untranslated.url}", "en": f"http://testserver{fallback}"},
        )
        self.assertEqual(self.client.get(fallback).status_code, 200)

    def test_a_translated_page_is_listed_by_its_translation(self):
        locations = self.locations()
        self.assertIn(self.english.url, locations)
        with translation.override("en"):
            self.assertNotIn(reverse("untranslated", args=[self.translated.pk]), locations)

    def test_every_kind_has_english_pages_in_the_sitemap_and_each_answers(self):
        locations = self.locations()
        for kind in kinds():
            items = kind.model.objects.live().public().filter(locale__language_code="th", visibility="public")
            for item in items:
                english = item.get_translation_or_none(Locale.objects.get(language_code="en"))
                with translation.override("en"):
                    fallback = reverse("untranslated", args=[item.pk])
                url = english.url if english is not None and english.live else fallback
                self.assertIn(url, locations, kind)
                self.assertEqual(self.client.get(url).status_code, 200, url)
