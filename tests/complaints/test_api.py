"""
Complaints and foreign-affairs commitments in the agency API (``/api/v1/``): referred agencies list
and read them and reply through the same moderated updates as on directives; others do not see them.
"""

import json

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from wagtail.models import WorkflowState

from api.services import apikey_issue
from complaints.models import ComplaintPage
from core.choices import Track, Visibility
from core.roles import Role
from tests import builders
from tests.complaints import helpers
from updates.models import ProgressUpdatePage


class ComplaintAPITests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moi = builders.agency("MOI", "กระทรวงมหาดไทย")
        cls.mot = builders.agency("MOT", "กระทรวงคมนาคม")
        cls.mof = builders.agency("MOF", "กระทรวงการคลัง")
        cls.approver = builders.user("moi-approver", agency=cls.moi, membership="approver")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.house = helpers.complaint("ส 2569/0001", cls.moi, cls.mot, track=Track.PARLIAMENT)
        cls.public = helpers.complaint(
            "ร 2569/0002", cls.moi, visibility=Visibility.PUBLIC, public_summary="ซ่อมถนนในหมู่บ้าน"
        )
        cls.foreign = helpers.foreign_commitment("ตท 1/2569", cls.mot, cls.moi)
        cls.moi_key = apikey_issue(agency=cls.moi, name="ระบบ มท.")[1]
        cls.mof_key = apikey_issue(agency=cls.mof, name="ระบบ กค.")[1]

    def setUp(self):
        cache.clear()

    def get(self, url, key=None, **params):
        return self.client.get(url, params, headers={"authorization": f"Bearer {key or self.moi_key}"})

    def post(self, body, key=None):
        return self.client.post(
            "/api/v1/updates/",
            json.dumps(body),
            content_type="application/json",
            headers={"authorization": f"Bearer {key or self.moi_key}"},
        )

    def refs(self, response):
        self.assertEqual(response.status_code, 200, response.content)
        return sorted(assignment["item"]["ref"] for assignment in response.json()["results"])

    def test_a_referred_agency_lists_its_referrals_with_the_track_filter(self):
        self.assertEqual(self.refs(self.get("/api/v1/assignments/complaints/")), ["ร 2569/0002", "ส 2569/0001"])
        self.assertEqual(self.refs(self.get("/api/v1/assignments/complaints/", track="parliament")), ["ส 2569/0001"])
        self.assertEqual(self.refs(self.get("/api/v1/assignments/complaints/", track="policy")), [])
        item = self.get("/api/v1/assignments/complaints/", track="parliament").json()["results"][0]["item"]
        self.assertEqual((item["type"], item["track"], item["visibility"]), ("complaint", "parliament", "internal"))

    def test_an_agency_not_referred_lists_nothing_and_cannot_read_an_internal_complaint(self):
        self.assertEqual(self.refs(self.get("/api/v1/assignments/complaints/", key=self.mof_key)), [])
        self.assertEqual(self.get(f"/api/v1/complaints/{self.house.pk}/", key=self.mof_key).status_code, 404)

    def test_a_referred_agency_reads_the_details_but_never_the_complainant(self):
        body = self.get(f"/api/v1/complaints/{self.house.pk}/").json()
        self.assertEqual(body["details"], self.house.details)
        self.assertEqual([a["agency"] for a in body["assignments"]], ["MOI", "MOT"])
        self.assertNotIn("complainant", body)

    def test_others_see_only_the_public_side_of_a_public_complaint(self):
        body = self.get(f"/api/v1/complaints/{self.public.pk}/", key=self.mof_key).json()
        self.assertEqual(body["public_summary"], "ซ่อมถนนในหมู่บ้าน")
        self.assertNotIn("details", body)

    def test_a_reply_goes_through_both_moderation_levels_and_moves_the_stage(self):
        response = self.post(
            {
                "item": self.house.pk,
                "period_start": "1/2/2569",
                "period_end": "28/2/2569",
                "status_claim": "on_track",
                "percent_complete": 60,
                "status_reason": "เริ่มซ่อมถนนแล้ว",
                "public_summary": "กำลังซ่อม",
            }
        )
        self.assertEqual(response.status_code, 201, response.content)
        update = ProgressUpdatePage.objects.get(pk=response.json()["id"])
        self.assertEqual(response.json()["item"]["type"], "complaint")
        for user in (self.approver, self.coordinator):
            builders.staff_login(self.client, user)
            task_state = WorkflowState.objects.get(object_id=str(update.pk), status="in_progress").current_task_state
            self.client.post(reverse("wagtailadmin_pages:workflow_action", args=(update.pk, "approve", task_state.pk)))
        self.assertTrue(ProgressUpdatePage.objects.get(pk=update.pk).live)
        self.assertEqual(ComplaintPage.objects.get(pk=self.house.pk).stage, ComplaintPage.Stage.REPLIED)

    def test_an_agency_not_referred_cannot_reply(self):
        response = self.post(
            {
                "item": self.house.pk,
                "period_start": "1/2/2569",
                "period_end": "28/2/2569",
                "status_claim": "on_track",
                "percent_complete": 10,
            },
            key=self.mof_key,
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ProgressUpdatePage.objects.exists())

    def test_foreign_commitments_are_assigned_read_and_reported_on_like_directives(self):
        self.assertEqual(self.refs(self.get("/api/v1/assignments/foreign/", track="foreign")), ["ตท 1/2569"])
        body = self.get(f"/api/v1/foreign/{self.foreign.pk}/").json()
        self.assertEqual((body["type"], body["country"], body["track"]), ("foreign", "ญี่ปุ่น", "foreign"))
        response = self.post(
            {
                "item": self.foreign.pk,
                "period_start": "1/2/2569",
                "period_end": "28/2/2569",
                "status_claim": "on_track",
                "percent_complete": 20,
                "status_reason": "เริ่มหารือกับนักลงทุน",
            }
        )
        self.assertEqual(response.status_code, 201, response.content)

    def test_open_data_lists_public_complaints_and_foreign_commitments_only(self):
        complaints = self.client.get("/api/v1/open/complaints/").json()["results"]
        self.assertEqual([row["ref"] for row in complaints], ["ร 2569/0002"])
        self.assertNotIn("details", complaints[0])
        foreign = self.client.get("/api/v1/open/foreign/", {"track": "foreign"}).json()["results"]
        self.assertEqual([(row["ref"], row["agencies"]) for row in foreign], [("ตท 1/2569", ["MOT", "MOI"])])
        csv = self.client.get("/api/v1/open/complaints/", {"format": "csv"})
        self.assertIn("ซ่อมถนนในหมู่บ้าน", b"".join(csv.streaming_content).decode())
