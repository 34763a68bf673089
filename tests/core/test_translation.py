"""
A translation changes only the translatable text (``core.translation``): whatever editor it is opened in
and whoever saves or publishes it, its synchronised fields are its source's, for every kind.
"""

import datetime

from django.test import TestCase
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from core.choices import Visibility
from core.kinds import kinds
from core.roles import Role
from core.translation import synchronised_fields
from directives.models import DirectivePage
from tests import builders
from updates.models import ProgressUpdatePage


class TranslatorEditsAnEnglishDirectiveTests(TestCase):
    """The probe of issue 24: a translator set an English assignment's deadline, and it was approved."""

    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("OWN")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.translator = builders.user("translator", role=Role.TRANSLATOR)
        cls.thai = builders.directive("นร 90/2569", cls.agency, deadline=datetime.date(2025, 7, 12))
        # As the demo makes its English pages: a Wagtail copy, opened in the ordinary page editor.
        cls.english = builders.translate(cls.thai, title="Speed up vaccination in the South")

    def translator_form(self, **overrides):
        assignment = self.english.assignments.get()
        fields = {
            "title": "Speed up vaccination in the South",
            "slug": self.english.slug,
            "reference": "TAMPERED/1",
            "issued_on": "2026-01-15",
            "occasion": "",
            "track": "policy",
            "priority": "urgent",
            "visibility": Visibility.INTERNAL,
            "body": rich_text("<p>Speed up vaccination in the southern provinces.</p>"),
            "assignments": inline_formset(
                [{"id": assignment.pk, "agency": self.agency.pk, "role": "lead", "deadline": "2580-01-01"}],
                initial=1,
                min=1,
            ),
            "related_policies": [],
        }
        return nested_form_data(fields | overrides)

    def submit_and_approve(self):
        builders.staff_login(self.client, self.translator)
        url = reverse("wagtailadmin_pages:edit", args=[self.english.pk])
        response = self.client.post(url, self.translator_form() | {"action-submit": "submit"})
        self.assertEqual(response.status_code, 302, response.content[:3000])
        task_state = WorkflowState.objects.get(object_id=str(self.english.pk), status="in_progress").current_task_state
        task_state.task.specific.on_action(task_state, self.coordinator, "approve")
        return DirectivePage.objects.get(pk=self.english.pk)

    def test_an_approved_edit_keeps_the_english_deadline_the_thai_one(self):
        english = self.submit_and_approve()
        self.assertTrue(english.live)
        self.assertEqual([a.deadline for a in english.assignments.all()], [datetime.date(2025, 7, 12)])
        thai_page = self.client.get(self.thai.url)
        english_page = self.client.get(english.url)
        self.assertContains(thai_page, "2568")
        self.assertContains(english_page, "12 July 2025")
        self.assertNotContains(english_page, "2037")

    def test_the_translation_keeps_its_new_text_and_none_of_its_other_changes(self):
        english = self.submit_and_approve()
        self.assertIn("Speed up vaccination in the southern provinces.", english.body)
        self.assertEqual(
            (english.reference, english.priority, english.visibility),
            ("นร 90/2569", DirectivePage.Priority.NORMAL, Visibility.PUBLIC),
        )

    def test_the_saved_draft_shows_the_source_deadline_in_the_editor(self):
        builders.staff_login(self.client, self.translator)
        url = reverse("wagtailadmin_pages:edit", args=[self.english.pk])
        self.client.post(url, self.translator_form())
        draft = DirectivePage.objects.get(pk=self.english.pk).get_latest_revision_as_object()
        self.assertEqual([a.deadline for a in draft.assignments.all()], [datetime.date(2025, 7, 12)])
        self.assertEqual(draft.title, "Speed up vaccination in the South")

    def test_the_english_assignment_keeps_its_row(self):
        before = list(self.english.assignments.values_list("pk", flat=True))
        self.submit_and_approve()
        after = DirectivePage.objects.get(pk=self.english.pk).assignments.values_list("pk", flat=True)
        self.assertEqual(list(after), before)


class EveryKindTests(TestCase):
    """Saving a translation in code, as the API or an importer would, copies its source's synchronised fields."""

    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("OWN")
        cls.other = builders.agency("OTHER")

    def test_every_kind_declares_its_assignments_and_visibility_synchronised(self):
        for kind in kinds():
            with self.subTest(kind=kind.item_type):
                self.assertTrue({"assignments", "visibility"} <= set(synchronised_fields(kind.model)))

    def test_a_saved_policy_translation_gets_its_sources_assignments_back(self):
        thai = builders.policy("นโยบายทดสอบ", self.agency)
        english = builders.translate(thai, title="A test policy")
        english.visibility = Visibility.INTERNAL
        english.assignments = [type(english.assignments.get())(agency=self.other, deadline=datetime.date(2099, 1, 1))]
        english.save_revision().publish()
        english = type(english).objects.get(pk=english.pk)
        self.assertEqual(english.visibility, Visibility.PUBLIC)
        self.assertEqual(
            [(a.agency_id, a.deadline) for a in english.assignments.all()],
            [(self.agency.pk, datetime.date(2027, 9, 30))],
        )

    def test_a_progress_update_translation_keeps_its_sources_claim(self):
        directive = builders.directive("นร 91/2569", self.agency)
        builders.translate(directive, title="A directive")
        update = builders.update(directive, self.agency, percent=40, publish=True)
        english = builders.translate(update, title="An update")
        english.percent_complete = 100
        english.save()
        self.assertEqual(ProgressUpdatePage.objects.get(pk=english.pk).percent_complete, 40)

    def test_the_thai_page_itself_is_edited_freely(self):
        thai = builders.directive("นร 92/2569", self.agency)
        thai.priority = DirectivePage.Priority.URGENT
        thai.save_revision().publish()
        self.assertEqual(DirectivePage.objects.get(pk=thai.pk).priority, DirectivePage.Priority.URGENT)

    def test_an_english_related_policy_stays_the_english_one(self):
        policy = builders.policy("นโยบายที่เกี่ยวข้อง", self.agency)
        english_policy = builders.translate(policy, title="A related policy")
        thai = builders.directive("นร 93/2569", self.agency, policies=[policy])
        english = builders.translate(thai, title="A directive", related_policies=[english_policy])
        self.assertEqual(list(english.related_policies.all()), [english_policy])
        english.save_revision().publish()
        self.assertEqual(list(DirectivePage.objects.get(pk=english.pk).related_policies.all()), [english_policy])
