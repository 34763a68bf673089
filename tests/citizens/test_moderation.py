"""
Moderating citizens' questions in the admin: PMO staff only; the list shows no contact data, the
question's own screen does and logs that it did; publishing, answering and rejecting are logged.
"""

from django.core import mail
from django.test import TestCase
from django.urls import NoReverseMatch, reverse
from wagtail.models import ModelLogEntry

from citizens import services
from citizens.models import Question
from core.roles import Role
from security.audit import PERSONAL_DATA_READ
from tests import builders

EMAIL = "private.asker@example.com"


class ModerationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.directive = builders.directive("นร 1/2569", cls.agency, title="เร่งรัดการฉีดวัคซีน")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.administrator = builders.user("administrator", role=Role.PMO_ADMIN)
        cls.others = [
            builders.user("reporter", agency=cls.agency, membership="reporter"),
            builders.user("approver", agency=cls.agency, membership="approver"),
            builders.user("executive", role=Role.EXECUTIVE),
            builders.user("translator", role=Role.TRANSLATOR),
        ]
        cls.question = services.question_ask(
            item=cls.directive, text="ฉีดครบเมื่อไร", name="สมหญิง", email=EMAIL, language="th"
        )
        cls.index_url = reverse("citizen_questions:index")
        cls.edit_url = reverse("citizen_questions:edit", args=[cls.question.pk])

    def moderate(self, action, answer=""):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.edit_url, {"action": action, "answer": answer})

    def test_anonymous_visitors_are_sent_to_the_login(self):
        for url in (self.index_url, self.edit_url):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("wagtailadmin_login"), response["Location"])
        self.client.post(self.edit_url, {"action": "reject"})
        self.assertEqual(Question.objects.get().state, Question.State.PENDING)

    def test_agency_staff_executives_and_translators_cannot_moderate(self):
        for account in self.others:
            with self.subTest(user=account.username):
                builders.staff_login(self.client, account)
                for url in (self.index_url, self.edit_url):
                    self.assertNotEqual(self.client.get(url).status_code, 200, url)
                self.client.post(self.edit_url, {"action": "answer", "answer": "ตอบเอง"})
                self.assertEqual(Question.objects.get().state, Question.State.PENDING)
        self.assertFalse(ModelLogEntry.objects.filter(action=PERSONAL_DATA_READ).exists())

    def test_the_list_shows_the_question_and_not_who_asked(self):
        builders.staff_login(self.client, self.coordinator)
        response = self.client.get(self.index_url)
        self.assertContains(response, "ฉีดครบเมื่อไร")
        self.assertNotContains(response, EMAIL)
        self.assertNotContains(response, "สมหญิง")
        self.assertFalse(ModelLogEntry.objects.filter(action=PERSONAL_DATA_READ).exists())

    def test_reading_the_askers_contact_details_is_in_the_audit_log(self):
        builders.staff_login(self.client, self.coordinator)
        response = self.client.get(self.edit_url)
        self.assertContains(response, EMAIL)
        for action in ("answer", "publish", "reject"):
            self.assertContains(response, f'name="action" value="{action}"')
        entry = ModelLogEntry.objects.get(action=PERSONAL_DATA_READ)
        self.assertEqual((entry.user, entry.object_id), (self.coordinator, str(self.question.pk)))
        self.assertEqual(entry.data["what"], "question asker's contact details")

    def test_a_coordinator_answers_the_answer_is_public_and_the_asker_told(self):
        builders.staff_login(self.client, self.coordinator)
        response = self.moderate("answer", "ภายในเดือนมิถุนายน")
        self.assertRedirects(response, self.index_url)
        question = Question.objects.get()
        self.assertEqual(
            (question.state, question.answer, question.moderated_by), ("answered", "ภายในเดือนมิถุนายน", self.coordinator)
        )
        self.assertContains(self.client.get(self.directive.url), "ภายในเดือนมิถุนายน")
        self.assertEqual(mail.outbox[0].to, [EMAIL])
        self.assertTrue(ModelLogEntry.objects.filter(action=services.QUESTION_ANSWERED, user=self.coordinator).exists())

    def test_an_empty_answer_is_not_published(self):
        builders.staff_login(self.client, self.coordinator)
        response = self.moderate("answer", "  ")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Question.objects.get().state, Question.State.PENDING)
        self.assertEqual(len(mail.outbox), 0)

    def test_an_administrator_publishes_then_rejects(self):
        builders.staff_login(self.client, self.administrator)
        self.moderate("publish")
        self.assertEqual(Question.objects.get().state, Question.State.PUBLISHED)
        self.assertContains(self.client.get(self.directive.url), "ฉีดครบเมื่อไร")
        self.moderate("reject")
        self.assertEqual(Question.objects.get().state, Question.State.REJECTED)
        self.assertNotContains(self.client.get(self.directive.url), "ฉีดครบเมื่อไร")
        actions = list(ModelLogEntry.objects.filter(action__startswith="pm1.question").values_list("action", flat=True))
        self.assertCountEqual(actions, [services.QUESTION_PUBLISHED, services.QUESTION_REJECTED])

    def test_questions_cannot_be_added_in_the_admin(self):
        builders.staff_login(self.client, self.administrator)
        with self.assertRaises(NoReverseMatch):
            reverse("citizen_questions:add")
        self.assertEqual(self.client.get("/admin/citizen_questions/new/", follow=True).status_code, 404)
