"""
Thai at /th/, English at /en/: the switcher keeps the reader on the same item, an untranslated item
is shown in Thai with an English note rather than a 404, and a translation whose Thai source was
published again says it may be out of date (and editors see it on the dashboard).
"""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource
from wagtail_localize.operations import TranslationCreator

from core.roles import Role
from tests import builders


class BilingualTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข", name_en="Ministry of Public Health")
        cls.translated = builders.directive("นร 10/2569", cls.agency, title="เร่งรัดการฉีดวัคซีน")
        cls.untranslated = builders.directive("นร 11/2569", cls.agency, title="ยังไม่ได้แปล")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        TranslationCreator(cls.coordinator, [Locale.objects.get(language_code="en")]).create_translations(
            cls.translated
        )
        english = cls.translated.get_translation(Locale.objects.get(language_code="en"))
        # The translator's step: the translated page goes live through the same review as any page.
        english.get_latest_revision().publish()
        cls.english = english.specific_class.objects.get(pk=english.pk)

    def test_the_switcher_leads_to_the_same_item_in_the_other_language(self):
        response = self.client.get(self.translated.url)
        self.assertContains(response, f'href="{self.english.url}" hreflang="en" lang="en"')
        back = self.client.get(self.english.url)
        self.assertContains(back, '<html lang="en">')
        self.assertContains(back, f'href="{self.translated.url}" hreflang="th" lang="th"')

    def test_an_untranslated_item_is_shown_in_thai_with_an_english_note(self):
        response = self.client.get(self.untranslated.url)
        with translation.override("en"):
            fallback = reverse("untranslated", args=[self.untranslated.pk])
        self.assertContains(response, f'href="{fallback}" hreflang="en"')
        page = self.client.get(fallback)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, '<html lang="en">')
        self.assertContains(page, "has not been translated into English yet")
        self.assertContains(page, '<div lang="th">')
        self.assertContains(page, "ยังไม่ได้แปล")
        self.assertContains(page, "15 January 2026")

    def test_the_fallback_leads_to_the_translation_once_there_is_one(self):
        with translation.override("en"):
            fallback = reverse("untranslated", args=[self.translated.pk])
        self.assertRedirects(self.client.get(fallback), self.english.url, fetch_redirect_response=False)

    def test_the_fallback_does_not_show_internal_or_unpublished_items(self):
        internal = builders.directive("นร 12/2569", self.agency, visibility="internal")
        draft = builders.directive("นร 13/2569", self.agency, live=False)
        with translation.override("en"):
            for page in (internal, draft):
                self.assertEqual(self.client.get(reverse("untranslated", args=[page.pk])).status_code, 404)

    def test_a_translation_says_when_its_thai_source_changed_since(self):
        note = "may be out of date"
        self.assertNotContains(self.client.get(self.english.url), note)
        TranslationSource.objects.filter(object_id=self.translated.translation_key).update(
            last_updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        )
        self.translated.refresh_from_db()
        self.translated.save_revision().publish()
        self.assertContains(self.client.get(self.english.url), note)
        builders.staff_login(self.client, self.coordinator)
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(dashboard, reverse("wagtailadmin_pages:edit", args=[self.english.pk]))
        source = TranslationSource.objects.get(object_id=self.translated.translation_key)
        source.update_from_db()
        self.client.logout()
        self.assertNotContains(self.client.get(self.english.url), note)

    def test_the_site_views_switch_language_on_the_same_view(self):
        response = self.client.get("/th/agencies/MOPH/")
        self.assertContains(response, 'href="/en/agencies/MOPH/" hreflang="en"')
        self.assertContains(self.client.get("/en/agencies/MOPH/"), "Ministry of Public Health")

    def test_an_english_item_shows_the_thai_updates_not_translated_yet(self):
        update = builders.update(self.translated, self.agency, title="รายงานภาษาไทย", publish=True)
        response = self.client.get(self.english.url)
        link = f'<a href="/en/original/{update.pk}/" lang="th">รายงานภาษาไทย</a> <small>(in Thai)</small>'
        self.assertContains(response, link)
        self.assertContains(response, "รายงานภาษาไทย")
