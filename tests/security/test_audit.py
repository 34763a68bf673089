"""
The audit log: an entry for each kind of action (create, edit, moderation, publish, delete, API key
use, personal-data read, login, logout), read, filtered and exported by PMO administrators only, and
never changed or deleted.
"""

import unittest

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import TestCase
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry, WorkflowState

from api.services import apikey_issue
from core.roles import Role
from security import audit
from tests import builders
from tests.updates.test_moderation import update_form
from updates.models import ProgressUpdatePage


class AuditTrailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH")
        cls.reporter = builders.user("reporter", agency=cls.agency, membership="reporter")
        cls.approver = builders.user("approver", agency=cls.agency, membership="approver")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.administrator = builders.user("administrator", role=Role.PMO_ADMIN)
        cls.directive = builders.directive("นร 30/2569", cls.agency)

    def act(self, user, update, action):
        builders.staff_login(self.client, user)
        task_state = WorkflowState.objects.get(object_id=str(update.pk), status="in_progress").current_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=(update.pk, action, task_state.pk))
        self.assertEqual(self.client.post(url, {"comment": ""}).status_code, 302)

    def page_actions(self, page, user):
        return set(PageLogEntry.objects.filter(page=page, user=user).values_list("action", flat=True))

    def test_every_kind_of_change_to_content_is_logged_with_who_did_it(self):
        builders.staff_login(self.client, self.reporter)
        add = reverse("wagtailadmin_pages:add", args=("updates", "progressupdatepage", self.directive.pk))
        self.assertEqual(self.client.post(add, update_form(self.agency) | {"action-submit": "1"}).status_code, 302)
        update = ProgressUpdatePage.objects.get(agency=self.agency)
        self.act(self.approver, update, "approve")
        self.act(self.coordinator, update, "approve")
        builders.staff_login(self.client, self.reporter)
        edit = reverse("wagtailadmin_pages:edit", args=[update.pk])
        form = update_form(self.agency, slug=update.slug, title=update.title, percent_complete=90)
        self.assertEqual(self.client.post(edit, form).status_code, 302)
        builders.staff_login(self.client, self.coordinator)
        self.assertEqual(self.client.post(reverse("wagtailadmin_pages:delete", args=[update.pk])).status_code, 302)

        self.assertLessEqual(
            {"wagtail.create", "wagtail.workflow.start", "wagtail.edit"}, self.page_actions(update, self.reporter)
        )
        self.assertIn("wagtail.workflow.approve", self.page_actions(update, self.approver))
        self.assertLessEqual(
            {"wagtail.workflow.approve", "wagtail.publish", "wagtail.delete"},
            self.page_actions(update, self.coordinator),
        )

    def test_the_api_logs_each_use_of_a_key_and_what_it_created(self):
        api_key, secret = apikey_issue(agency=self.agency, name="MOPH system")
        headers = {"authorization": f"Bearer {secret}"}
        self.client.get(reverse("api-v1:agencies"), headers=headers)
        self.client.post(
            reverse("api-v1:updates"),
            {
                "item": self.directive.pk,
                "period_start": "2026-01-01",
                "period_end": "2026-03-31",
                "status_claim": "on_track",
                "percent_complete": 10,
                "status_reason": "เริ่ม",
            },
            headers=headers,
            content_type="application/json",
        )
        uses = ModelLogEntry.objects.filter(action=audit.API_KEY_USED, object_id=str(api_key.pk), user=api_key.user)
        self.assertEqual(uses.count(), 2)
        self.assertEqual(uses.first().data["path"], reverse("api-v1:updates"))
        update = ProgressUpdatePage.objects.get(agency=self.agency)
        self.assertLessEqual({"wagtail.create", "wagtail.workflow.start"}, self.page_actions(update, api_key.user))

    def test_reading_a_users_personal_data_logins_and_logouts_are_logged(self):
        self.client.post(reverse("wagtailadmin_login"), {"username": "reporter", "password": builders.PASSWORD})
        self.client.post(reverse("wagtailadmin_logout"))
        builders.staff_login(self.client, self.administrator)
        self.assertEqual(self.client.get(reverse("wagtailusers_users:edit", args=[self.reporter.pk])).status_code, 200)

        reporter_entries = ModelLogEntry.objects.filter(object_id=str(self.reporter.pk))
        self.assertTrue(reporter_entries.filter(action=audit.LOGIN, user=self.reporter).exists())
        self.assertTrue(reporter_entries.filter(action=audit.LOGOUT, user=self.reporter).exists())
        read = reporter_entries.get(action=audit.PERSONAL_DATA_READ)
        self.assertEqual(read.user, self.administrator)
        self.assertEqual(read.data["what"], "user account")


class AuditReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH")
        cls.administrator = builders.user("administrator", role=Role.PMO_ADMIN)
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.api_key, cls.secret = apikey_issue(agency=cls.agency, name="MOPH system")

    def setUp(self):
        self.client.get(reverse("api-v1:agencies"), headers={"authorization": f"Bearer {self.secret}"})

    def test_administrators_filter_and_export_the_log(self):
        builders.staff_login(self.client, self.administrator)
        url = reverse("wagtailadmin_reports:site_history")
        response = self.client.get(url, {"action": audit.API_KEY_USED})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, str(self.api_key))
        for export in ("csv", "xlsx"):
            with self.subTest(export=export):
                response = self.client.get(url, {"action": audit.API_KEY_USED, "export": export})
                self.assertEqual(response.status_code, 200)
                self.assertIn("attachment", response["Content-Disposition"])
        response = self.client.get(url, {"action": audit.API_KEY_USED, "export": "csv"})
        csv = b"".join(response.streaming_content).decode()
        self.assertIn(str(self.api_key), csv)
        self.assertNotIn("Logged in", csv)

    def test_other_staff_do_not_see_it(self):
        builders.staff_login(self.client, self.coordinator)
        self.assertEqual(self.client.get(reverse("wagtailadmin_reports:site_history")).status_code, 403)
        self.assertNotContains(
            self.client.get(reverse("wagtailadmin_home")), reverse("wagtailadmin_reports:site_history")
        )

    def test_entries_cannot_be_changed_or_deleted(self):
        entry = ModelLogEntry.objects.get(action=audit.API_KEY_USED)
        entry.label = "nothing happened"
        for change in (entry.save, entry.delete, ModelLogEntry.objects.filter(pk=entry.pk).delete):
            with self.subTest(change=change), self.assertRaises(PermissionDenied), transaction.atomic():
                change()
        self.assertEqual(ModelLogEntry.objects.get(pk=entry.pk).label, str(self.api_key))

    @unittest.skipUnless(connection.vendor == "postgresql", "the database's own guard is on PostgreSQL")
    def test_the_database_refuses_changes_made_around_django(self):
        entry = ModelLogEntry.objects.get(action=audit.API_KEY_USED)
        for statement in (
            "UPDATE wagtailcore_modellogentry SET label = 'x' WHERE id = %s",
            "DELETE FROM wagtailcore_modellogentry WHERE id = %s",
        ):
            with self.subTest(statement=statement), self.assertRaises(DatabaseError), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(statement, [entry.pk])
        self.assertTrue(ModelLogEntry.objects.filter(pk=entry.pk).exists())
