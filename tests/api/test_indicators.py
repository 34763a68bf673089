"""
Policy indicators through the agency API: a policy lists its indicators, an update reports values
for them (JSON, multipart, or accepted for the background), amendments replace them, and values
for another policy's indicators are refused.
"""

import json
from decimal import Decimal

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from wagtail.models import WorkflowState

from api.services import apikey_issue
from policies.models import PolicyIndicator
from tests import builders
from updates.models import IndicatorValue, ProgressUpdatePage

URL = "/api/v1/updates/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class IndicatorValueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข", short_name_th="สธ.")
        cls.approver = builders.user("approver", agency=cls.moph, membership="approver")
        cls.policy = builders.policy("ลดอัตราการเสียชีวิตจากโรคหลอดเลือดสมอง", cls.moph, number="3.1")
        cls.deaths = PolicyIndicator.objects.create(
            page=cls.policy, name="อัตราการเสียชีวิต", unit="ต่อแสนประชากร", baseline=Decimal("48.5"), target=30
        )
        cls.clinics = PolicyIndicator.objects.create(page=cls.policy, name="คลินิกที่เปิดบริการ", unit="แห่ง", target=500)
        other = builders.policy("นโยบายอื่น", cls.moph, number="4")
        cls.foreign = PolicyIndicator.objects.create(page=other, name="ตัวชี้วัดของนโยบายอื่น")
        cls.key = apikey_issue(agency=cls.moph, name="ระบบรายงาน สธ.")[1]

    def setUp(self):
        cache.clear()

    def body(self, values, **overrides):
        return {
            "item": self.policy.pk,
            "period_start": "1/10/2568",
            "period_end": "31/12/2568",
            "status_claim": "on_track",
            "percent_complete": 25,
            "status_reason": "เปิดคลินิกเพิ่มตามแผน",
            "indicator_values": values,
            **overrides,
        }

    def call(self, method, url, body=None, **headers):
        headers = {"authorization": f"Bearer {self.key}", "accept_language": "th", **headers}
        if body is None:
            return getattr(self.client, method)(url, headers=headers)
        with self.captureOnCommitCallbacks(execute=True):
            return getattr(self.client, method)(url, json.dumps(body), content_type="application/json", headers=headers)

    def test_the_policy_lists_its_indicators_for_the_ids_updates_report_on(self):
        indicators = self.call("get", f"/api/v1/policies/{self.policy.pk}/").json()["indicators"]
        self.assertEqual(
            [(row["id"], row["name"], row["unit"], row["baseline"], row["target"]) for row in indicators],
            [
                (self.deaths.pk, "อัตราการเสียชีวิต", "ต่อแสนประชากร", "48.50", "30.00"),
                (self.clinics.pk, "คลินิกที่เปิดบริการ", "แห่ง", None, "500.00"),
            ],
        )

    def test_an_update_reports_values_for_its_policys_indicators(self):
        values = [{"indicator": self.deaths.pk, "value": "41.2"}, {"indicator": self.clinics.pk, "value": 180}]
        response = self.call("post", URL, self.body(values))
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            response.json()["indicator_values"],
            [
                {"indicator": self.deaths.pk, "name": "อัตราการเสียชีวิต", "value": "41.20"},
                {"indicator": self.clinics.pk, "name": "คลินิกที่เปิดบริการ", "value": "180.00"},
            ],
        )
        stored = IndicatorValue.objects.filter(page_id=response.json()["id"]).order_by("indicator_id")
        self.assertEqual(
            [(v.indicator_id, v.value) for v in stored],
            [(self.deaths.pk, Decimal("41.20")), (self.clinics.pk, Decimal("180.00"))],
        )

    def test_values_for_another_policys_indicators_twice_the_same_or_not_numbers_are_refused(self):
        cases = {
            "another policy's": [{"indicator": self.foreign.pk, "value": 1}],
            "twice the same": [{"indicator": self.deaths.pk, "value": 1}, {"indicator": self.deaths.pk, "value": 2}],
            "not a number": [{"indicator": self.deaths.pk, "value": "สี่สิบ"}],
            "not a list": "อัตรา 41",
        }
        for case, values in cases.items():
            with self.subTest(case):
                response = self.call("post", URL, self.body(values))
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn("indicator_values", response.json()["errors"])
        self.assertFalse(ProgressUpdatePage.objects.exists())

    def test_multipart_sends_the_values_as_json_text_with_the_evidence(self):
        values = json.dumps([{"indicator": self.clinics.pk, "value": "500"}])
        data = {**self.body(None, status_claim="completed", percent_complete=100), "indicator_values": values}
        data["evidence"] = SimpleUploadedFile("รายงาน.pdf", PDF)
        response = self.client.post(URL, data, headers={"authorization": f"Bearer {self.key}"})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["indicator_values"][0]["value"], "500.00")

    def test_values_sent_for_the_background_are_kept_to_the_cent(self):
        values = [{"indicator": self.deaths.pk, "value": "39.95"}]
        response = self.call("post", URL, self.body(values), prefer="respond-async")
        self.assertEqual(response.status_code, 202, response.content)
        update = self.call("get", response["Location"]).json()["update"]
        self.assertEqual(self.call("get", f"{URL}{update}/").json()["indicator_values"][0]["value"], "39.95")

    def test_an_amendment_replaces_the_values_and_the_api_shows_what_was_last_sent(self):
        created = self.call("post", URL, self.body([{"indicator": self.deaths.pk, "value": "41.2"}])).json()
        builders.staff_login(self.client, self.approver)
        task_state = WorkflowState.objects.get(object_id=str(created["id"]), status="in_progress").current_task_state
        self.client.post(
            reverse("wagtailadmin_pages:workflow_action", args=(created["id"], "reject", task_state.pk)),
            {"comment": "ตัวเลขไม่ตรงกับรายงานจังหวัด"},
        )
        self.client.logout()
        read = self.call("get", f"{URL}{created['id']}/")
        refused = self.call(
            "patch",
            f"{URL}{created['id']}/",
            {"indicator_values": [{"indicator": self.foreign.pk, "value": 1}]},
            if_match=read["ETag"],
        )
        self.assertEqual(refused.status_code, 400)
        self.assertIn("indicator_values", refused.json()["errors"])
        amended = self.call(
            "patch",
            f"{URL}{created['id']}/",
            {"percent_complete": 30, "indicator_values": [{"indicator": self.clinics.pk, "value": "210"}]},
            if_match=read["ETag"],
        )
        self.assertEqual(amended.status_code, 200, amended.content)
        for answer in (amended.json(), self.call("get", f"{URL}{created['id']}/").json()):
            self.assertEqual(answer["percent_complete"], 30)
            self.assertEqual(
                answer["indicator_values"], [{"indicator": self.clinics.pk, "name": "คลินิกที่เปิดบริการ", "value": "210.00"}]
            )
