"""
``PATCH /api/v1/updates/<id>/``: an agency amends an update that was sent back (or a draft) and it
goes back to moderation; ``If-Match`` with the ``ETag`` it read keeps it from overwriting changes it
has not seen.
"""

import json

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from wagtail.models import WorkflowState

from api.services import apikey_issue
from tests import builders
from updates.models import ProgressUpdatePage


class AmendUpdateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.moi = builders.agency("MOI", "กระทรวงมหาดไทย")
        cls.approver = builders.user("approver", agency=cls.moph, membership="approver")
        cls.directive = builders.directive("นร 1/2569", cls.moph, cls.moi)
        cls.key = apikey_issue(agency=cls.moph, name="ระบบ")[1]
        cls.moi_key = apikey_issue(agency=cls.moi, name="ระบบ มท.")[1]

    def setUp(self):
        cache.clear()

    def call(self, method, url, body=None, *, key=None, **headers):
        headers = {"authorization": f"Bearer {key or self.key}", "accept_language": "en", **headers}
        data = json.dumps(body) if body is not None else None
        return getattr(self.client, method)(url, data, content_type="application/json", headers=headers)

    def submit(self, key=None):
        body = {
            "item": self.directive.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "status_claim": "on_track",
            "percent_complete": 30,
            "status_reason": "เริ่มดำเนินการ",
        }
        response = self.call("post", "/api/v1/updates/", body, key=key)
        self.assertEqual(response.status_code, 201, response.content)
        return response.json()["id"]

    def send_back(self, update_id):
        task_state = WorkflowState.objects.get(object_id=str(update_id), status="in_progress").current_task_state
        builders.staff_login(self.client, self.approver)
        url = reverse("wagtailadmin_pages:workflow_action", args=(update_id, "reject", task_state.pk))
        self.client.post(url, {"comment": "แก้ร้อยละให้ตรงกับหลักฐาน"})
        self.client.logout()

    def test_a_sent_back_update_is_amended_and_goes_back_to_moderation(self):
        update_id = self.submit()
        self.send_back(update_id)
        read = self.call("get", f"/api/v1/updates/{update_id}/")
        self.assertEqual(read.json()["state"], "sent_back")
        response = self.call("patch", f"/api/v1/updates/{update_id}/", {"percent_complete": 45}, if_match=read["ETag"])
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["state"], response.json()["task"]), ("in_moderation", "Agency approval"))
        self.assertNotEqual(response["ETag"], read["ETag"])
        latest = ProgressUpdatePage.objects.get(pk=update_id).get_latest_revision_as_object()
        self.assertEqual((latest.percent_complete, latest.status_claim), (45, "on_track"))

    def test_a_stale_version_gets_412_and_nothing_is_overwritten(self):
        update_id = self.submit()
        self.send_back(update_id)
        etag = self.call("get", f"/api/v1/updates/{update_id}/")["ETag"]
        first = self.call("patch", f"/api/v1/updates/{update_id}/", {"percent_complete": 45}, if_match=etag)
        self.send_back(update_id)
        stale = self.call("patch", f"/api/v1/updates/{update_id}/", {"percent_complete": 99}, if_match=etag)
        self.assertEqual(stale.status_code, 412)
        self.assertEqual(stale["Content-Type"], "application/problem+json")
        self.assertEqual(stale["ETag"], first["ETag"])
        self.assertEqual(
            ProgressUpdatePage.objects.get(pk=update_id).get_latest_revision_as_object().percent_complete, 45
        )

    def test_without_if_match_the_answer_is_428(self):
        update_id = self.submit()
        self.send_back(update_id)
        response = self.call("patch", f"/api/v1/updates/{update_id}/", {"percent_complete": 45})
        self.assertEqual(response.status_code, 428)

    def test_an_update_in_moderation_cannot_be_amended(self):
        update_id = self.submit()
        etag = self.call("get", f"/api/v1/updates/{update_id}/")["ETag"]
        response = self.call("patch", f"/api/v1/updates/{update_id}/", {"percent_complete": 45}, if_match=etag)
        self.assertEqual(response.status_code, 409)

    def test_another_agency_may_read_a_submitted_update_but_not_amend_it(self):
        update_id = self.submit()
        self.send_back(update_id)
        read = self.call("get", f"/api/v1/updates/{update_id}/", key=self.moi_key)
        self.assertEqual(read.status_code, 200)
        response = self.call(
            "patch", f"/api/v1/updates/{update_id}/", {"percent_complete": 1}, key=self.moi_key, if_match=read["ETag"]
        )
        self.assertEqual(response.status_code, 403)

    def test_the_admin_forms_rules_apply_to_amendments(self):
        update_id = self.submit()
        self.send_back(update_id)
        etag = self.call("get", f"/api/v1/updates/{update_id}/")["ETag"]
        response = self.call(
            "patch",
            f"/api/v1/updates/{update_id}/",
            {"period_end": "2025-12-31", "percent_complete": 101},
            if_match=etag,
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()["errors"]), {"percent_complete"})
        response = self.call("patch", f"/api/v1/updates/{update_id}/", {"period_end": "31/12/2568"}, if_match=etag)
        self.assertEqual((response.status_code, set(response.json()["errors"])), (400, {"period_end"}))
