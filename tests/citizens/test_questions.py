"""
Asking a question on an item: PDPA consent recorded with its time and version, honeypot and timing
instead of a CAPTCHA, a limit per client address, nothing lost on bad input; once moderated, the
question and its answer are on the item's page, the asker's name and address nowhere public.
"""

import datetime

import time_machine
from django.core import mail
from django.test import TestCase, override_settings
from django.utils import timezone

from citizens import services
from citizens.consent import CONSENT_VERSION
from citizens.models import Question
from core.choices import Visibility
from core.roles import Role
from tests import builders

from .helpers import ask_form_data, fresh_limits

NAME = "นางสาวสมหญิง ลับเฉพาะ"
EMAIL = "private.asker@example.com"


class AskTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.directive = builders.directive("นร 1/2569", cls.agency, title="เร่งรัดการฉีดวัคซีน")
        cls.url = f"/th/citizens/ask/{cls.directive.pk}/"

    def setUp(self):
        fresh_limits()

    def ask(self, **fields):
        return self.client.post(self.url, ask_form_data(self.client, self.directive, **fields))

    def test_the_item_page_links_to_the_question_form(self):
        self.assertContains(self.client.get(self.directive.url), f'href="{self.url}"')

    def test_a_question_is_kept_with_the_consent_its_time_and_version_awaiting_moderation(self):
        response = self.ask(name=NAME, email=EMAIL)
        self.assertRedirects(response, f"/th/citizens/ask/{self.directive.pk}/sent/")
        question = Question.objects.get()
        self.assertEqual(
            (question.page_id, question.name, question.email, question.state, question.language),
            (self.directive.pk, NAME, EMAIL, Question.State.PENDING, "th"),
        )
        self.assertEqual(question.consent_version, CONSENT_VERSION)
        self.assertIn("พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล", question.consent_text)
        self.assertLess(timezone.now() - question.consented_at, datetime.timedelta(minutes=1))

    def test_the_form_shows_the_consent_text_it_records(self):
        response = self.client.get(self.url)
        self.assertContains(response, "พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล")
        self.assertContains(response, '<label for="id_consent">')

    def test_without_consent_nothing_is_kept_and_nothing_typed_is_lost(self):
        response = self.ask(consent="", name=NAME, email=EMAIL, text="คำถามที่พิมพ์ไว้ยาว ๆ")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Question.objects.exists())
        self.assertContains(response, 'id="id_consent_error"')
        self.assertContains(response, "คำถามที่พิมพ์ไว้ยาว ๆ")
        self.assertContains(response, f'value="{NAME}"')
        self.assertContains(response, f'value="{EMAIL}"')

    def test_each_missing_or_wrong_field_is_explained_next_to_it(self):
        response = self.ask(text="   ", email="not-an-address")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Question.objects.exists())
        for field in ("text", "email"):
            self.assertContains(response, f'id="id_{field}_error"')
            self.assertContains(response, f'href="#id_{field}"')
        self.assertContains(response, 'role="alert"')
        self.assertContains(response, 'value="not-an-address"')

    def test_an_overlong_question_is_refused_and_kept(self):
        text = "ก" * 2001
        response = self.ask(text=text)
        self.assertFalse(Question.objects.exists())
        self.assertContains(response, text)

    def test_a_form_sent_back_at_once_is_refused_and_kept(self):
        data = ask_form_data(self.client, self.directive)
        started = self.client.get(self.url).content.decode().split('name="started" value="')[1].split('"')[0]
        response = self.client.post(self.url, {**data, "started": started})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Question.objects.exists())
        self.assertContains(response, data["text"])
        self.assertNotIn(f'value="{started}"', response.content.decode(), "a fresh stamp for the next try")

    def test_a_stamp_that_is_forged_missing_or_a_day_old_is_refused(self):
        data = ask_form_data(self.client, self.directive)
        for started in ("", "1700000000", data["started"] + "x"):
            with self.subTest(started=started):
                self.assertEqual(self.client.post(self.url, {**data, "started": started}).status_code, 200)
        with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
            self.assertEqual(self.client.post(self.url, data).status_code, 200)
        self.assertFalse(Question.objects.exists())

    def test_a_filled_honeypot_looks_like_success_and_keeps_nothing(self):
        response = self.ask(website="http://spam.example")
        self.assertRedirects(response, f"/th/citizens/ask/{self.directive.pk}/sent/")
        self.assertFalse(Question.objects.exists())

    @override_settings(CITIZEN_QUESTION_RATE="2/hour")
    def test_questions_are_limited_per_client_address(self):
        self.ask()
        self.ask()
        response = self.ask(text="คำถามที่สาม")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "คำถามที่สาม", status_code=429)
        self.assertEqual(Question.objects.count(), 2)

    def test_internal_or_unpublished_items_take_no_questions(self):
        internal = builders.directive("นร 2/2569", self.agency, visibility=Visibility.INTERNAL)
        draft = builders.directive("นร 3/2569", self.agency, live=False)
        for item in (internal, draft):
            with self.subTest(item=item.reference):
                self.assertEqual(self.client.get(f"/th/citizens/ask/{item.pk}/").status_code, 404)
                self.assertEqual(self.client.post(f"/th/citizens/ask/{item.pk}/", {}).status_code, 404)


class PublicAnswerTests(TestCase):
    """What the public sees of moderated questions, and what it never sees."""

    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.directive = builders.directive("นร 1/2569", cls.agency, title="เร่งรัดการฉีดวัคซีน")
        cls.english = builders.translate(cls.directive, title="Speed up vaccination")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)

        def asked(text, language="th"):
            return services.question_ask(item=cls.directive, text=text, name=NAME, email=EMAIL, language=language)

        cls.pending = asked("คำถามที่รออยู่")
        cls.rejected = services.question_reject(question=asked("คำถามที่ถูกปฏิเสธ"), user=cls.coordinator)
        cls.published = services.question_publish(question=asked("คำถามที่เผยแพร่แล้ว"), user=cls.coordinator)
        cls.answered = services.question_answer(
            question=asked("ฉีดครบเมื่อไร", language="en"), answer="ภายในเดือนมิถุนายน", user=cls.coordinator
        )
        builders.index_for_search()

    def test_published_and_answered_questions_are_on_the_item_page_in_both_languages(self):
        for page in (self.directive, self.english):
            with self.subTest(language=page.locale.language_code):
                response = self.client.get(page.url)
                self.assertContains(response, "คำถามที่เผยแพร่แล้ว")
                self.assertContains(response, "ฉีดครบเมื่อไร")
                self.assertContains(response, "ภายในเดือนมิถุนายน")
                self.assertNotContains(response, "คำถามที่รออยู่")
                self.assertNotContains(response, "คำถามที่ถูกปฏิเสธ")

    def test_the_askers_name_and_address_are_on_no_public_page_or_api(self):
        for url in (
            self.directive.url,
            self.english.url,
            f"/th/citizens/ask/{self.directive.pk}/",
            "/th/search/?q=ฉีดครบเมื่อไร",
            "/api/v1/search/?q=ฉีดครบเมื่อไร",
            "/api/v1/open/directives/",
            "/api/v1/open/directives/?format=csv",
            "/api/v1/open/updates/",
            f"/api/v2/pages/{self.directive.pk}/",
            "/api/v2/pages/?search=ฉีดครบเมื่อไร",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                content = b"".join(response.streaming_content if response.streaming else [response.content])
                self.assertNotIn(NAME.encode(), content)
                self.assertNotIn(EMAIL.encode(), content)

    def test_search_finds_nothing_by_a_question_its_answer_or_its_askers_contact(self):
        # The words below are only in questions, answers and askers' details, never in the item itself.
        for query in ("มิถุนายน", "ลับเฉพาะ", "private.asker@example.com"):
            with self.subTest(query=query):
                self.assertNotContains(self.client.get("/th/search/", {"q": query}), self.directive.url)
                self.assertEqual(self.client.get("/api/v1/search/", {"q": query}).json()["count"], 0)

    def test_the_asker_is_told_of_the_answer_in_their_language_without_the_item_losing_anything(self):
        mail.outbox.clear()
        question = services.question_ask(item=self.directive, text="ถามอีก", name="", email=EMAIL, language="en")
        with self.captureOnCommitCallbacks(execute=True):
            services.question_answer(question=question, answer="ตอบแล้ว", user=self.coordinator)
        message = mail.outbox[0]
        self.assertEqual(message.to, [EMAIL])
        self.assertIn("Speed up vaccination", message.subject)
        self.assertIn("ตอบแล้ว", message.body)
        self.assertIn(self.english.full_url, message.body)
