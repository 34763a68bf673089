"""
The PDPA sweep: complaints whose complainant has unmistakable personal data go through their whole
life (intake, referral, moderated replies, closing, the PMO reading the record), and then that data
is looked for everywhere it must never be: public pages, public and admin search, every API (agencies
referred or not, open data, Wagtail's pages API), exports, feeds, the sitemap, e-mails, notifications
(as LINE and the admin would show them) and log output.
"""

import logging
from contextlib import contextmanager

from django.core import mail
from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from api.services import apikey_issue
from complaints.services import complaint_close
from core.choices import Track, Visibility
from core.roles import Role
from imports.services import items_export
from notifications.messages import message_render
from notifications.models import Event
from tests import builders
from tests.complaints import helpers
from website.sitemaps import SITEMAPS

PUBLIC_TITLE = "ถนนชำรุดในหมู่บ้านหนองบัว"
INTERNAL_TITLE = "ร้องเรียนการบริการของสำนักงานเขต"


class CapturedLogs(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@contextmanager
def every_log_line():
    """Every record any logger emits (DEBUG and up), formatted as a log file would have it."""
    handler = CapturedLogs()
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler.lines
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


class PersonalDataSweepTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moi = builders.agency("MOI", "กระทรวงมหาดไทย")
        cls.mof = builders.agency("MOF", "กระทรวงการคลัง")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.approver = builders.user("moi-approver", agency=cls.moi, membership="approver")
        cls.moi_key = apikey_issue(agency=cls.moi, name="ระบบ มท.")[1]
        cls.mof_key = apikey_issue(agency=cls.mof, name="ระบบ กค.")[1]

    def setUp(self):
        cache.clear()

    def live_through_a_complaints_life(self):
        """Two complaints, one public, with the complainant's data; replies moderated; one closed."""
        public = helpers.complaint(
            "ร 2569/0001",
            self.moi,
            title=PUBLIC_TITLE,
            visibility=Visibility.PUBLIC,
            public_summary="ขอให้ซ่อมถนนสายหลักของหมู่บ้าน",
            complainant=helpers.PERSONAL,
            province="ขอนแก่น",
        )
        internal = helpers.complaint(
            "ส 2569/0002", self.moi, track=Track.PARLIAMENT, title=INTERNAL_TITLE, complainant=helpers.PERSONAL
        )
        for complaint in (public, internal):
            response = self.client.post(
                "/api/v1/updates/",
                {
                    "item": complaint.pk,
                    "period_start": "1/2/2569",
                    "period_end": "28/2/2569",
                    "status_claim": "on_track",
                    "percent_complete": 50,
                    "status_reason": "ส่งช่างสำรวจแล้ว",
                    "public_summary": "อยู่ระหว่างซ่อม",
                },
                content_type="application/json",
                headers={"authorization": f"Bearer {self.moi_key}"},
            )
            self.assertEqual(response.status_code, 201, response.content)
            update_pk = response.json()["id"]
            for user in (self.approver, self.coordinator):
                builders.staff_login(self.client, user)
                state = WorkflowState.objects.get(object_id=str(update_pk), status="in_progress").current_task_state
                self.client.post(reverse("wagtailadmin_pages:workflow_action", args=(update_pk, "approve", state.pk)))
                self.client.logout()
        complaint_close(complaint=internal, user=self.coordinator, outcome="ชี้แจงผู้ร้องแล้ว")
        builders.staff_login(self.client, self.coordinator)
        self.assertContains(
            self.client.get(reverse("complaints_complainant", args=[public.pk])), helpers.PERSONAL["name"]
        )
        self.client.logout()
        builders.index_for_search()
        return public, internal

    def assertNoPersonalData(self, text, where):
        for field, value in helpers.PERSONAL.items():
            self.assertNotIn(value, text, f"the complainant's {field} is in {where}")

    def body(self, response):
        if response.streaming:
            return b"".join(response.streaming_content).decode()
        return response.content.decode()

    def test_the_complainants_personal_data_appears_nowhere_it_must_not(self):
        with every_log_line() as log_lines:
            # Notifications (the moderation e-mails among them) go out as each step commits.
            with self.captureOnCommitCallbacks(execute=True):
                public, internal = self.live_through_a_complaints_life()
            self.assertTrue(mail.outbox, "moderation sent no e-mail: the sweep would prove nothing about e-mail")

            public_urls = [
                "/th/",
                public.get_parent().url,
                public.url,
                "/api/v1/open/complaints/",
                "/api/v1/open/complaints/?format=csv",
                "/api/v1/open/updates/",
                "/api/v1/open/updates/?format=csv",
                "/api/v2/pages/?type=complaints.ComplaintPage&fields=*",
                f"/api/v2/pages/{public.pk}/",
                "/api/v1/search/?q=ถนน",
                reverse("feed_updates"),
                reverse("feed_updates_atom"),
                reverse("feed_item", args=[public.pk]),
                reverse("feed_agency", args=["MOI"]),
                "/sitemap.xml",
                *(reverse("sitemap_section", args=[section]) for section in SITEMAPS),
            ]
            shown = {url: self.client.get(url) for url in public_urls}
            self.assertContains(shown[public.url], PUBLIC_TITLE)
            # A public complaint shows its public summary, never its internal details.
            self.assertContains(shown[public.url], "ขอให้ซ่อมถนนสายหลักของหมู่บ้าน")
            self.assertNotContains(shown[public.url], public.details)
            self.assertEqual(shown[f"/api/v2/pages/{public.pk}/"].status_code, 200)
            self.assertEqual(self.client.get(f"/api/v2/pages/{internal.pk}/").status_code, 404)
            for url, response in shown.items():
                self.assertNoPersonalData(self.body(response), url)

            # Search does find the public complaint by its own words: the misses below mean something.
            self.assertIn(PUBLIC_TITLE, self.body(self.client.get("/th/search/", {"q": "หนองบัว"})))
            for value in helpers.PERSONAL.values():
                # Any hit would show the complaint's title; the query itself is echoed, so look for that.
                for url in ("/th/search/", "/api/v1/search/"):
                    self.assertNotIn(PUBLIC_TITLE, self.body(self.client.get(url, {"q": value})), url)
                self.assertFalse(Page.objects.search(value), value)

            for key in (self.moi_key, self.mof_key):
                for url in (
                    "/api/v1/assignments/complaints/",
                    f"/api/v1/complaints/{public.pk}/",
                    f"/api/v1/complaints/{internal.pk}/",
                    "/api/v1/updates/",
                ):
                    response = self.client.get(url, headers={"authorization": f"Bearer {key}"})
                    self.assertNoPersonalData(self.body(response), url)

            builders.staff_login(self.client, self.coordinator)
            for url in (
                reverse("complaints:index"),
                reverse("pm1_items") + "?track=parliament",
                reverse("wagtailadmin_pages:edit", args=[public.pk]),
                reverse("wagtailadmin_pages:revisions_index", args=[public.pk]),
                reverse("pm1_page_read", args=[internal.pk]),
            ):
                self.assertNoPersonalData(self.body(self.client.get(url)), url)
            found = self.client.get(reverse("wagtailadmin_pages:search"), {"q": "สำนักงานเขต"})
            self.assertIn(INTERNAL_TITLE, self.body(found))
            for value in helpers.PERSONAL.values():
                response = self.client.get(reverse("wagtailadmin_pages:search"), {"q": value})
                self.assertNotIn(PUBLIC_TITLE, self.body(response))
                self.assertNotIn(INTERNAL_TITLE, self.body(response))

            for kind in ("directives", "policies", "updates"):
                self.assertNoPersonalData(items_export(kind=kind, file_format="csv").decode("utf-8-sig"), kind)
            for complaint in (public, internal):
                self.assertNoPersonalData(str(complaint.specific.get_sitemap_urls()), "the sitemap")
            self.assertEqual(internal.specific.get_sitemap_urls(), [])

        for message in mail.outbox:
            self.assertNoPersonalData(message.subject + message.body + str(message.alternatives), "an e-mail")
        # What LINE and the admin's notifications would say: the same message, rendered per language.
        self.assertTrue(Event.objects.exists(), "no notification was recorded: the sweep would prove nothing")
        for event in Event.objects.all():
            for language in ("th", "en"):
                message = message_render(event, language)
                self.assertNoPersonalData(message.line_text + message.html + str(event.context), "a notification")
        self.assertTrue(log_lines)
        self.assertNoPersonalData("\n".join(log_lines), "the log output")
