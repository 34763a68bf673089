"""
``Prefer: respond-async`` on ``POST /api/v1/updates/``: the update is checked and accepted (202)
at once, then made by a background task into the same update in moderation a synchronous request
makes; ``/api/v1/submissions/<id>/`` tells what became of it. Exactly once, whatever retries the
client or the worker makes.
"""

import json

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from wagtail.models import WorkflowState

from api.services import apikey_issue
from directives.models import DirectiveAssignment
from tests import builders
from updates.models import ProgressUpdatePage, UpdateSubmission
from updates.services import submission_process

URL = "/api/v1/updates/"
QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    """
    What ``manage.py db_worker --batch`` does, task by task with its worker, except for closing the
    database connection between tasks, which a test's transaction cannot survive on PostgreSQL.
    """
    worker = Worker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )
    while (task_result := DBTaskResult.objects.ready().get_locked()) is not None:
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)


class AsyncSubmissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข", short_name_th="สธ.")
        cls.moi = builders.agency("MOI", "กระทรวงมหาดไทย")
        cls.directive = builders.directive("นร 1/2569", cls.moph, cls.moi)
        cls.not_ours = builders.directive("นร 2/2569", cls.moi)
        cls.api_key, cls.key = apikey_issue(agency=cls.moph, name="ระบบรายงาน สธ.")
        cls.moi_key = apikey_issue(agency=cls.moi, name="ระบบรายงาน มท.")[1]

    def setUp(self):
        cache.clear()

    def body(self, **overrides):
        values = {
            "item": self.directive.pk,
            "period_start": "1/1/2569",
            "period_end": "31/3/2569",
            "status_claim": "on_track",
            "percent_complete": 30,
            "status_reason": "เริ่มดำเนินการตามแผน",
            "title": "รายงานไตรมาส 2",
        }
        return {**values, **overrides}

    def post(self, body, *, key=None, language="en", prefer="respond-async", **headers):
        headers = {"authorization": f"Bearer {key or self.key}", "accept_language": language, **headers}
        if prefer:
            headers["prefer"] = prefer
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(URL, json.dumps(body), content_type="application/json", headers=headers)

    def get(self, url, *, key=None):
        return self.client.get(url, headers={"authorization": f"Bearer {key or self.key}"})

    def test_accepted_at_once_and_made_into_an_update_in_moderation(self):
        response = self.post(self.body(), prefer="respond-async, wait=5")
        self.assertEqual(response.status_code, 202, response.content)
        self.assertEqual(response["Preference-Applied"], "respond-async")
        submission = UpdateSubmission.objects.get()
        self.assertEqual(response["Location"], f"http://testserver/api/v1/submissions/{submission.pk}/")
        self.assertEqual((response.json()["id"], response.json()["state"]), (submission.pk, "received"))

        # The development default runs the task as the request commits: it is already made.
        receipt = self.get(response["Location"]).json()
        update = ProgressUpdatePage.objects.get()
        self.assertEqual(
            (receipt["state"], receipt["update"], receipt["update_url"], receipt["errors"]),
            ("done", update.pk, f"http://testserver/api/v1/updates/{update.pk}/", {}),
        )
        self.assertEqual((update.title, update.agency, update.owner), ("รายงานไตรมาส 2", self.moph, self.api_key.user))
        self.assertEqual(str(update.period_end), "2026-03-31")
        self.assertEqual(update.get_parent().pk, self.directive.pk)
        self.assertFalse(update.live)
        state = WorkflowState.objects.get(object_id=str(update.pk))
        self.assertEqual((state.status, state.current_task_state.task.name), ("in_progress", "Agency approval"))
        self.assertEqual(update.latest_revision.user, self.api_key.user)

    @override_settings(TASKS=QUEUED)
    def test_a_queued_update_is_accepted_in_a_fixed_number_of_queries(self):
        self.post(self.body(), **{"idempotency-key": "first"})
        # The grants' generation, the key's audit entry, the idempotency record looked up; in one
        # transaction: the item, its assignments, the receipt, the idempotency record; the task.
        with self.assertNumQueries(10):
            response = self.post(self.body(), **{"idempotency-key": "second"})
        self.assertEqual(response.status_code, 202, response.content)

    @override_settings(TASKS=QUEUED)
    def test_a_queued_update_is_made_by_the_worker_exactly_once(self):
        response = self.post(self.body(), idempotency_key="q-1")
        self.assertEqual(response.status_code, 202, response.content)
        self.assertEqual(self.get(response["Location"]).json()["state"], "received")
        self.assertFalse(ProgressUpdatePage.objects.exists())
        # A retry before the worker ran gets the same receipt.
        again = self.post(self.body(), idempotency_key="q-1")
        self.assertEqual((again.status_code, again.json()["id"]), (202, response.json()["id"]))
        self.assertEqual(again["Idempotent-Replayed"], "true")

        run_worker()
        update = ProgressUpdatePage.objects.get()
        self.assertEqual(self.get(response["Location"]).json()["update"], update.pk)
        # The task run again (a worker killed before it recorded its result) makes nothing more.
        submission_process(response.json()["id"])
        self.assertEqual(ProgressUpdatePage.objects.count(), 1)
        self.assertEqual(WorkflowState.objects.count(), 1)

    @override_settings(TASKS=QUEUED)
    def test_what_changed_before_the_worker_ran_refuses_the_update_in_the_senders_language(self):
        response = self.post(self.body(), language="th")
        self.assertEqual(response.status_code, 202, response.content)
        DirectiveAssignment.objects.filter(page=self.directive, agency=self.moph).delete()

        run_worker()
        receipt = self.get(response["Location"]).json()
        self.assertEqual(receipt["state"], "refused")
        self.assertIsNone(receipt["update"])
        self.assertIn("item", receipt["errors"])
        self.assertRegex(receipt["errors"]["item"][0], "[ก-๙]")
        self.assertFalse(ProgressUpdatePage.objects.exists())

    def test_what_is_wrong_at_once_is_refused_at_once(self):
        response = self.post(self.body(status_reason="", status_claim="delayed"))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response["Content-Type"], "application/problem+json")
        self.assertIn("status_reason", response.json()["errors"])
        self.assertFalse(UpdateSubmission.objects.exists())

        response = self.post(self.body(item=self.not_ours.pk))
        self.assertEqual(response.status_code, 403)
        self.assertFalse(UpdateSubmission.objects.exists())

    def test_only_those_acting_for_the_agency_read_a_receipt(self):
        response = self.post(self.body())
        self.assertEqual(self.get(response["Location"], key=self.moi_key).status_code, 404)
        self.assertEqual(self.client.get(response["Location"]).status_code, 401)
        other_moph_key = apikey_issue(agency=self.moph, name="ระบบที่สอง")[1]
        self.assertEqual(self.get(response["Location"], key=other_moph_key).status_code, 200)
        self.assertEqual(self.get("/api/v1/submissions/999999/").status_code, 404)

    def test_without_the_preference_or_with_files_the_answer_waits_for_the_update(self):
        self.assertEqual(self.post(self.body(), prefer="").status_code, 201)
        self.assertEqual(self.post(self.body(), prefer="return=minimal").status_code, 201)
        headers = {"authorization": f"Bearer {self.key}", "prefer": "respond-async"}
        evidence = SimpleUploadedFile("รายงานผล.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        response = self.client.post(URL, {**self.body(), "evidence": evidence}, headers=headers)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertNotIn("Preference-Applied", response)
        self.assertFalse(UpdateSubmission.objects.exists())
