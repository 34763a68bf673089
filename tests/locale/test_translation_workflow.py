"""English pages are made with wagtail-localize's translation workflow, agencies and deadlines synchronised."""

from django.test import TestCase
from django.urls import reverse
from wagtail.models import Locale

from core.roles import Role
from directives.models import DirectivePage
from tests import builders


class TranslationWorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("OWN")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.translator = builders.user("translator", role=Role.TRANSLATOR)
        cls.directive = builders.directive("นร 80/2569", cls.agency)
        cls.english = Locale.objects.get(language_code="en")

    def submit(self, user):
        builders.staff_login(self.client, user)
        url = reverse("wagtail_localize:submit_page_translation", args=[self.directive.pk])
        return self.client.post(url, {"locales": [self.english.pk], "include_subtree": "on"})

    def test_coordinator_submits_a_directive_for_translation(self):
        response = self.submit(self.coordinator)
        self.assertEqual(response.status_code, 302)
        translation = DirectivePage.objects.get(translation_key=self.directive.translation_key, locale=self.english)
        self.assertEqual(translation.reference, "นร 80/2569")
        self.assertEqual(
            [(a.agency_id, a.deadline) for a in translation.assignments.all()],
            [(a.agency_id, a.deadline) for a in self.directive.assignments.all()],
        )

    def test_translator_edits_the_english_translation(self):
        self.submit(self.coordinator)
        translation = DirectivePage.objects.get(translation_key=self.directive.translation_key, locale=self.english)
        builders.staff_login(self.client, self.translator)
        self.assertEqual(self.client.get(reverse("wagtailadmin_pages:edit", args=[translation.pk])).status_code, 200)
