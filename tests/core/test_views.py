"""
wagtail-localize's submit, sync and translation-editor views take PM1's rights (``core.rights.can_translate``):
translators translate public, published content only; PMO staff keep their rights.
"""

from django.test import TestCase
from django.urls import resolve, reverse
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from core.choices import Visibility
from core.roles import Role
from core.views import SubmitPageTranslationView, UpdateTranslationsView
from tests import builders
from tests.complaints import helpers


class TranslationRightsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("OWN")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.translator = builders.user("translator", role=Role.TRANSLATOR)
        cls.english = Locale.objects.get(language_code="en")
        cls.internal = helpers.complaint("ร 1/2569", cls.agency, visibility=Visibility.INTERNAL)
        cls.public = builders.directive("นร 95/2569", cls.agency)
        cls.internal_directive = builders.directive("นร 96/2569", cls.agency, visibility=Visibility.INTERNAL)

    def submit(self, user, page, **data):
        builders.staff_login(self.client, user)
        url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        return self.client.post(url, {"locales": [self.english.pk], **data})

    def assertRefused(self, response):
        """Wagtail answers a refusal with its "no permission" message on the dashboard."""
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)

    def english_of(self, page):
        return type(page).objects.filter(translation_key=page.translation_key, locale=self.english).first()

    def test_the_submit_and_sync_addresses_are_answered_by_pm1s_views(self):
        self.assertIs(
            resolve(reverse("wagtail_localize:submit_page_translation", args=[1])).func.view_class,
            SubmitPageTranslationView,
        )
        self.assertIs(
            resolve(reverse("wagtail_localize:update_translations", args=[1])).func.view_class, UpdateTranslationsView
        )

    def test_a_translator_cannot_submit_an_internal_complaint_for_translation(self):
        builders.staff_login(self.client, self.translator)
        url = reverse("wagtail_localize:submit_page_translation", args=[self.internal.pk])
        self.assertRefused(self.client.get(url))
        self.assertRefused(self.submit(self.translator, self.internal, include_subtree="on"))
        self.assertIsNone(self.english_of(self.internal))

    def test_a_translator_submits_a_public_directive_for_translation(self):
        self.assertEqual(self.submit(self.translator, self.public).status_code, 302)
        self.assertIsNotNone(self.english_of(self.public))

    def test_a_translator_cannot_submit_a_subtree_holding_an_unpublished_item(self):
        draft = builders.update(self.public, self.agency)
        self.assertRefused(self.submit(self.translator, self.public, include_subtree="on"))
        self.assertIsNone(self.english_of(self.public))
        self.assertIsNone(self.english_of(draft))

    def test_a_coordinator_submits_an_internal_complaint_for_translation(self):
        self.assertEqual(self.submit(self.coordinator, self.internal).status_code, 302)
        self.assertIsNotNone(self.english_of(self.internal))

    def test_a_translator_cannot_open_or_sync_the_translation_of_an_internal_item(self):
        self.submit(self.coordinator, self.internal_directive)
        english = self.english_of(self.internal_directive)
        builders.staff_login(self.client, self.translator)
        self.assertRefused(self.client.get(reverse("wagtailadmin_pages:edit", args=[english.pk])))
        source = TranslationSource.objects.get_for_instance(self.internal_directive)
        self.assertRefused(self.client.get(reverse("wagtail_localize:update_translations", args=[source.pk])))

    def test_a_translator_opens_the_translation_editor_of_a_public_directive(self):
        self.submit(self.coordinator, self.public)
        english = self.english_of(self.public)
        builders.staff_login(self.client, self.translator)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "wagtail-localize")
