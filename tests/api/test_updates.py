"""
``/api/v1/updates/``: an agency's system submits progress updates into the same two-level
moderation as the admin, retries safely with ``Idempotency-Key``, and reads its own updates with
their moderation state and the reviewers' comments. Bad input is problem details, never a 500.
"""

import json

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import WorkflowState

from api.services import apikey_issue
from core.choices import Visibility
from core.roles import Role
from tests import builders
from updates.models import ProgressUpdatePage

URL = "/api/v1/updates/"


class SubmitUpdateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข", short_name_th="สธ.")
        cls.moi = builders.agency("MOI", "กระทรวงมหาดไทย")
        cls.approver = builders.user("approver", agency=cls.moph, membership="approver")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.directive = builders.directive("นร 1/2569", cls.moph, cls.moi)
        cls.not_ours = builders.directive("นร 2/2569", cls.moi)
        cls.internal = builders.directive("นร 3/2569", cls.moi, visibility=Visibility.INTERNAL)
        cls.api_key, cls.key = apikey_issue(agency=cls.moph, name="ระบบรายงาน สธ.")

    def setUp(self):
        cache.clear()

    def body(self, **overrides):
        values = {
            "item": self.directive.pk,
            "period_start": "1/1/2569",
            "period_end": "2026-03-31",
            "status_claim": "on_track",
            "percent_complete": 30,
            "status_reason": "เริ่มดำเนินการตามแผน",
            "narrative": "ย่อหน้าแรก\n\nย่อหน้าที่สอง <script>",
            "public_summary": "เริ่มดำเนินการแล้ว",
        }
        return {**values, **overrides}

    def post(self, body, *, key=None, language="en", content_type="application/json", **headers):
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        headers = {"authorization": f"Bearer {key or self.key}", "accept_language": language, **headers}
        return self.client.post(URL, data, content_type=content_type, headers=headers)

    def act(self, user, update, action, comment=""):
        builders.staff_login(self.client, user)
        task_state = WorkflowState.objects.get(object_id=str(update.pk), status="in_progress").current_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=(update.pk, action, task_state.pk))
        self.client.post(url, {"comment": comment})
        self.client.logout()

    def test_a_submitted_update_goes_through_both_moderation_levels_like_one_made_in_the_admin(self):
        response = self.post(self.body())
        self.assertEqual(response.status_code, 201, response.content)
        update = ProgressUpdatePage.objects.get()
        self.assertEqual(response["Location"], f"http://testserver/api/v1/updates/{update.pk}/")
        body = response.json()
        self.assertEqual(
            (body["id"], body["agency"], body["state"], body["task"]),
            (update.pk, "MOPH", "in_moderation", "Agency approval"),
        )
        self.assertEqual(update.title, "สธ. รายงานความก้าวหน้า ณ 31 มี.ค. 2569")
        self.assertEqual(str(update.period_start), "2026-01-01")
        self.assertEqual(update.owner, self.api_key.user)
        self.assertEqual(str(update.narrative), "<p>ย่อหน้าแรก</p><p>ย่อหน้าที่สอง &lt;script&gt;</p>")
        self.assertFalse(update.live)
        self.act(self.approver, update, "approve")
        self.act(self.coordinator, update, "approve")
        self.assertTrue(ProgressUpdatePage.objects.get().live)
        self.directive.refresh_from_db()
        self.assertEqual(self.directive.assignments.get(agency=self.moph).status, "on_track")

    def test_a_retry_with_the_same_idempotency_key_returns_the_first_answer_and_creates_nothing(self):
        first = self.post(self.body(), idempotency_key="ส่ง-2569-03-001")
        again = self.post(self.body(), idempotency_key="ส่ง-2569-03-001".encode().decode("latin-1"))
        retry = self.post(self.body(), idempotency_key="ส่ง-2569-03-001")
        self.assertEqual((first.status_code, retry.status_code), (201, 201))
        self.assertEqual(retry.json()["id"], first.json()["id"])
        self.assertEqual(retry["Idempotent-Replayed"], "true")
        self.assertEqual(again.status_code, 201)
        self.assertEqual(ProgressUpdatePage.objects.count(), 2)

    def test_a_retry_without_an_idempotency_key_makes_a_second_update_as_the_guide_says(self):
        first, retry = self.post(self.body()), self.post(self.body())
        self.assertEqual((first.status_code, retry.status_code), (201, 201))
        self.assertNotIn("Idempotent-Replayed", retry)
        self.assertEqual(ProgressUpdatePage.objects.count(), 2)

    def test_the_same_idempotency_key_with_another_request_is_refused_with_422(self):
        self.post(self.body(), idempotency_key="k-1")
        response = self.post(self.body(percent_complete=31), idempotency_key="k-1")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response["Content-Type"], "application/problem+json")
        self.assertEqual(ProgressUpdatePage.objects.count(), 1)

    def test_an_agency_cannot_report_on_an_item_it_is_not_assigned_to(self):
        self.assertEqual(self.post(self.body(item=self.not_ours.pk)).status_code, 403)
        response = self.post(self.body(item=self.internal.pk))
        self.assertEqual(response.status_code, 400)
        self.assertIn("item", response.json()["errors"])
        self.assertEqual(self.post(self.body(agency="MOI")).status_code, 403)
        self.assertFalse(ProgressUpdatePage.objects.exists())

    def test_an_item_the_agency_may_not_read_is_refused_naming_every_kind_of_item(self):
        message = self.post(self.body(item=self.internal.pk)).json()["errors"]["item"][0]
        # Every registered kind, not only directives and policies.
        for name in ("directive", "policy", "complaint", "foreign-affairs commitment"):
            self.assertIn(name, message)

    def test_rules_of_the_admin_form_apply_with_field_errors_in_thai_or_english(self):
        response = self.post(self.body(status_reason="", period_start="2026-04-30"), language="th")
        self.assertEqual(response.status_code, 400)
        errors = response.json()["errors"]
        self.assertEqual(set(errors), {"status_reason", "period_end"})
        self.assertIn("เหตุผล", errors["status_reason"][0])
        completed = self.post(self.body(status_claim="completed"))
        self.assertIn("status_claim", completed.json()["errors"])

    def test_no_input_is_a_server_error(self):
        cases = [
            ("{not json", "application/json"),
            ("[]", "application/json"),
            ('{"item": "หนึ่ง", "percent_complete": 1e400, "period_start": "31/02/2569"}', "application/json"),
            (json.dumps(self.body(item=2**40)), "application/json"),
            (json.dumps(self.body(public_summary="ก" * 10_000_000)), "application/json"),
            (json.dumps(self.body(title="\u200bการ\u0e4d\u0e32\u0000")), "application/json"),
            ("item=1", "application/x-www-form-urlencoded"),
            ("<xml/>", "application/xml"),
        ]
        for data, content_type in cases:
            with self.subTest(data=data[:40], content_type=content_type):
                response = self.post(data, content_type=content_type)
                self.assertIn(response.status_code, (400, 413, 415), response.content[:300])
                self.assertEqual(response["Content-Type"], "application/problem+json")
        self.assertFalse(ProgressUpdatePage.objects.exists())

    def test_an_item_filter_that_is_no_id_is_a_400(self):
        for item in ("abc", "-1", "130014677782373873948121203034030080"):
            with self.subTest(item=item):
                response = self.client.get(URL, {"item": item}, headers={"authorization": f"Bearer {self.key}"})
                self.assertEqual(response.status_code, 400)

    def test_options_describes_what_to_post(self):
        response = self.client.options(URL, headers={"authorization": f"Bearer {self.key}"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("percent_complete", response.json()["actions"]["POST"])

    def test_the_agency_reads_its_own_updates_with_their_state_and_the_reviewers_comments(self):
        update_id = self.post(self.body()).json()["id"]
        self.act(self.approver, ProgressUpdatePage.objects.get(pk=update_id), "reject", "โปรดแนบหลักฐาน")
        builders.update(self.directive, self.moi, title="ร่างของ มท.")
        listed = self.client.get(URL, headers={"authorization": f"Bearer {self.key}"}).json()["results"]
        self.assertEqual([(u["id"], u["state"]) for u in listed], [(update_id, "sent_back")])
        self.assertEqual(listed[0]["comments"][0]["comment"], "โปรดแนบหลักฐาน")
        detail = self.client.get(f"{URL}{update_id}/", headers={"authorization": f"Bearer {self.key}"})
        self.assertEqual(detail.json()["state"], "sent_back")
        other = ProgressUpdatePage.objects.get(agency=self.moi)
        self.assertEqual(
            self.client.get(f"{URL}{other.pk}/", headers={"authorization": f"Bearer {self.key}"}).status_code, 404
        )

    def test_listing_updates_costs_the_same_queries_for_two_updates_or_six(self):
        def list_queries():
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(URL, headers={"authorization": f"Bearer {self.key}"})
            self.assertEqual(response.status_code, 200)
            return len(response.json()["results"]), len(queries)

        first = self.post(self.body(), language="th").json()["id"]
        self.act(self.approver, ProgressUpdatePage.objects.get(pk=first), "reject", "โปรดแนบหลักฐาน")
        self.post(self.body(period_start="1/4/2569", period_end="30/6/2569"))
        two = list_queries()
        for month in range(7, 11):
            self.post(self.body(period_start=f"1/{month}/2569", period_end=f"28/{month}/2569"))
        six = list_queries()
        self.assertEqual((two[0], six[0]), (2, 6))
        self.assertEqual(two[1], six[1])
