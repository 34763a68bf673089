"""
Stored XSS: a script typed into any free-text field of a directive or a progress update (and of the
agency and occasion they show) is inert wherever it is shown, on the public site and in the admin.
Rich text is cleaned when saved (core.sanitise); everything else is escaped by the templates.
Citizens' questions (text, answer, the asker's name), complaints (their complainant's record included)
and foreign-affairs commitments are checked the same way.
"""

from bs4 import BeautifulSoup
from django.test import TestCase
from django.urls import reverse
from wagtail.documents.models import Document

from citizens import services
from complaints.services import complainant_save
from core.roles import Role
from directives.models import DirectivePage
from tests import builders
from tests.complaints import helpers
from updates.models import ProgressUpdatePage, UpdateEvidence

SCRIPT = "alert('pm1-xss')"
PAYLOAD = f'"\'><script>{SCRIPT}</script><img src=x onerror="{SCRIPT}"><svg onload="{SCRIPT}">'
RICH_PAYLOAD = (
    f'<p><a href="https://example.go.th" onclick="{SCRIPT}">ดี</a><a href="javascript:{SCRIPT}">ลิงก์</a></p>'
    f"<p>ข้อความ{PAYLOAD}</p><script>{SCRIPT}</script>"
    f'<iframe src="javascript:{SCRIPT}"></iframe><p style="background:url(javascript:{SCRIPT})">x</p>'
)
JS_TYPES = {None, "", "text/javascript", "module", "application/javascript"}


def live_scripts(html: str) -> list[str]:
    """Every place in the page where the payload would run: scripts, event handlers, javascript: URLs."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        if tag.name == "script" and tag.get("type") in JS_TYPES and "pm1-xss" in tag.get_text():
            found.append(str(tag))
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if "pm1-xss" in value and (name.startswith("on") or value.strip().lower().startswith("javascript:")):
                found.append(str(tag)[:200])
            if name in ("src", "href", "style") and "javascript:" in value.lower():
                found.append(str(tag)[:200])
        if tag.name in ("iframe", "object", "embed") and "pm1-xss" in str(tag):
            found.append(str(tag)[:200])
    return found


class StoredXssTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", f"กระทรวง{PAYLOAD}", name_en=PAYLOAD, short_name_th=PAYLOAD[:20])
        occasion = builders.occasion(f"ประชุม{PAYLOAD}")
        occasion.location = PAYLOAD
        occasion.save()
        cls.directive = builders.directive("นร 1/2569", cls.agency, title=f"ข้อสั่งการ{PAYLOAD}", body=RICH_PAYLOAD)
        cls.directive.reference = f"นร 1/2569{PAYLOAD}"[:60]
        cls.directive.seo_title = PAYLOAD
        cls.directive.search_description = PAYLOAD
        cls.directive.occasion = occasion
        cls.directive.save_revision().publish()
        document = Document.objects.create(title=PAYLOAD, file=builders.evidence_document().file)
        update = ProgressUpdatePage(
            title=f"รายงาน{PAYLOAD}",
            agency=cls.agency,
            period_start="2026-01-01",
            period_end="2026-03-31",
            status_claim="on_track",
            percent_complete=40,
            status_reason=PAYLOAD,
            narrative=RICH_PAYLOAD,
            public_summary=PAYLOAD,
        )
        update.evidence.add(UpdateEvidence(document=document, caption=PAYLOAD))
        cls.directive.add_child(instance=update)
        update.save_revision().publish()
        cls.update = ProgressUpdatePage.objects.get(pk=update.pk)
        cls.administrator = builders.user("administrator", role=Role.PMO_ADMIN)
        question = services.question_ask(
            item=cls.directive, text=f"คำถาม{PAYLOAD}", name=PAYLOAD[:120], email="asker@example.com", language="th"
        )
        cls.question = services.question_answer(question=question, answer=f"คำตอบ{PAYLOAD}", user=cls.administrator)
        cls.complaint = helpers.complaint(
            f"ร 1/2569{PAYLOAD}"[:60],
            cls.agency,
            title=f"ร้องเรียน{PAYLOAD}",
            visibility="public",
            public_summary=PAYLOAD,
            details=PAYLOAD,
            mp_or_committee=PAYLOAD,
            province=PAYLOAD[:100],
            district=PAYLOAD[:100],
            outcome=PAYLOAD,
        )
        complainant_save(
            complaint=cls.complaint, name=PAYLOAD, address=PAYLOAD, phone=PAYLOAD[:50], line_id=PAYLOAD[:100]
        )
        cls.foreign = helpers.foreign_commitment("ตท 1/2569", cls.agency)
        for name in ("country", "organisation", "event"):
            setattr(cls.foreign, name, PAYLOAD[:100])
        cls.foreign.title = f"ต่างประเทศ{PAYLOAD}"
        cls.foreign.commitment = RICH_PAYLOAD
        cls.foreign.save_revision().publish()
        builders.index_for_search()

    def assert_inert(self, url, **params):
        response = self.client.get(url, params, follow=True)
        self.assertEqual(response.status_code, 200, url)
        content = response.content.decode()
        self.assertIn("pm1-xss", content, f"{url} should show the payload, as text")
        if response["Content-Type"].startswith("application/json"):
            # Data, which no browser renders as a page.
            self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        else:
            self.assertEqual(live_scripts(content), [], url)

    def test_rich_text_keeps_no_script_handler_or_javascript_link(self):
        for html in (DirectivePage.objects.get(pk=self.directive.pk).body, self.update.narrative):
            self.assertNotIn("<script", html)
            self.assertNotIn("onclick", html)
            self.assertNotIn("javascript:", html)
            self.assertNotIn("<iframe", html)
            self.assertIn("https://example.go.th", html)

    def test_the_public_pages_show_it_inert(self):
        for url, params in (
            (self.directive.url, {}),
            (self.directive.get_parent().url, {}),
            (self.update.url, {}),
            (reverse("search"), {"q": "ข้อสั่งการ"}),
            (reverse("search_suggest"), {"q": "ข้อสั่งการ"}),
            (reverse("citizens:ask", args=[self.directive.pk]), {}),
            (reverse("citizens:follow_item", args=[self.directive.pk]), {}),
        ):
            with self.subTest(url=url):
                self.assert_inert(url, **params)

    def test_a_citizens_question_and_its_answer_are_shown_as_text(self):
        content = self.client.get(self.directive.url).content.decode()
        self.assertIn("คำถาม&quot;&#x27;&gt;&lt;script&gt;", content)
        self.assertIn("คำตอบ&quot;&#x27;&gt;&lt;script&gt;", content)
        self.assertEqual(live_scripts(content), [])

    def test_the_admin_shows_it_inert(self):
        builders.staff_login(self.client, self.administrator)
        for url in (
            reverse("pm1_items"),
            reverse("pm1_page_read", args=[self.directive.pk]),
            reverse("pm1_page_read", args=[self.update.pk]),
            reverse("wagtailadmin_pages:edit", args=[self.directive.pk]),
            reverse("wagtailadmin_pages:edit", args=[self.update.pk]),
            reverse("wagtailadmin_explore", args=[self.directive.pk]),
            reverse("wagtailadmin_explore", args=[self.directive.get_parent().pk]),
            reverse("wagtailadmin_pages:history", args=[self.directive.pk]),
            reverse("wagtailadmin_reports:site_history"),
            reverse("citizen_questions:index"),
            reverse("citizen_questions:edit", args=[self.question.pk]),
        ):
            with self.subTest(url=url):
                self.assert_inert(url)

    def test_complaints_and_foreign_commitments_show_it_inert_on_the_public_site(self):
        for url in (
            self.complaint.url,
            self.complaint.get_parent().url,
            self.foreign.url,
            self.foreign.get_parent().url,
        ):
            with self.subTest(url=url):
                self.assert_inert(url)

    def test_complaints_their_complainant_and_foreign_commitments_show_it_inert_in_the_admin(self):
        builders.staff_login(self.client, self.administrator)
        for url in (
            reverse("complaints:index"),
            reverse("complaints_complainant", args=[self.complaint.pk]),
            reverse("pm1_page_read", args=[self.complaint.pk]),
            reverse("wagtailadmin_pages:edit", args=[self.complaint.pk]),
            reverse("pm1_page_read", args=[self.foreign.pk]),
            reverse("wagtailadmin_pages:edit", args=[self.foreign.pk]),
        ):
            with self.subTest(url=url):
                self.assert_inert(url)

    def test_the_api_returns_it_as_data_only(self):
        response = self.client.get(reverse("api-v1:open-directives"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
