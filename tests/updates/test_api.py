"""
What the agency API shows of a progress update sent back and edited since: its own agency (and the PMO)
see the edit, other agencies sharing the item only what was submitted (``updates.api._as_reported``).
"""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from api.services import apikey_issue
from core.choices import Visibility
from core.roles import Role
from tests import builders
from updates.models import ProgressUpdatePage

SUBMITTED, DRAFT = "ข้อความที่ส่งตรวจแล้ว", "ข้อความร่างที่ยังไม่ส่ง"


def edit_form(update, agency, text):
    """The admin's edit form of ``update`` with ``text`` as its title, reason and public summary."""
    return nested_form_data(
        {
            "title": f"{text} (ชื่อ)",
            "slug": update.slug,
            "agency": agency.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "status_claim": "on_track",
            "percent_complete": 40,
            "status_reason": f"{text} (เหตุผล)",
            "narrative": rich_text("<p>รายละเอียดภายใน</p>"),
            "public_summary": f"{text} (สรุป)",
            "evidence": inline_formset([]),
            "indicator_values": inline_formset([]),
        }
    )


class SentBackAndEditedUpdateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moi = builders.agency("MOI", "กระทรวงมหาดไทย")
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.reporter = builders.user("reporter", agency=cls.moi, membership="reporter")
        cls.approver = builders.user("approver", agency=cls.moi, membership="approver")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.directive = builders.directive("นร 40/2569", cls.moi, cls.moph, visibility=Visibility.INTERNAL)
        cls.update = builders.update(
            cls.directive,
            cls.moi,
            owner=cls.reporter,
            title=f"{SUBMITTED} (ชื่อ)",
            reason=f"{SUBMITTED} (เหตุผล)",
            public_summary=f"{SUBMITTED} (สรุป)",
        )
        cls.update.get_workflow().start(cls.update, cls.reporter)
        task_state = WorkflowState.objects.get(object_id=str(cls.update.pk)).current_task_state
        task_state.task.specific.on_action(task_state, cls.approver, "reject", comment="โปรดแก้ไข")
        cls.moi_key = apikey_issue(agency=cls.moi, name="ระบบ มท.")[1]
        cls.moph_key = apikey_issue(agency=cls.moph, name="ระบบ สธ.")[1]

    def setUp(self):
        cache.clear()
        # The agency edits the update it was sent back and saves a draft, without submitting it again.
        builders.staff_login(self.client, self.reporter)
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[self.update.pk]), edit_form(self.update, self.moi, DRAFT)
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            ProgressUpdatePage.objects.get(pk=self.update.pk).current_workflow_state.status, "needs_changes"
        )
        self.client.logout()

    def get(self, url, key):
        response = self.client.get(url, headers={"authorization": f"Bearer {key}"})
        self.assertEqual(response.status_code, 200, response.content)
        return response.content.decode()

    def assertShows(self, body, text, hidden):
        for field in ("ชื่อ", "เหตุผล", "สรุป"):
            self.assertIn(f"{text} ({field})", body)
            self.assertNotIn(f"{hidden} ({field})", body)

    def test_another_agency_sees_only_what_was_submitted(self):
        self.assertShows(self.get(f"/api/v1/updates/{self.update.pk}/", self.moph_key), SUBMITTED, DRAFT)
        self.assertShows(self.get(f"/api/v1/directives/{self.directive.pk}/", self.moph_key), SUBMITTED, DRAFT)

    def test_the_updates_own_agency_sees_its_edit(self):
        self.assertShows(self.get(f"/api/v1/updates/{self.update.pk}/", self.moi_key), DRAFT, SUBMITTED)
        self.assertShows(self.get(f"/api/v1/directives/{self.directive.pk}/", self.moi_key), DRAFT, SUBMITTED)
        self.assertShows(self.get(f"/api/v1/updates/?item={self.directive.pk}", self.moi_key), DRAFT, SUBMITTED)

    def test_pmo_staff_see_the_edit(self):
        builders.staff_login(self.client, self.coordinator)
        response = self.client.get(f"/api/v1/updates/{self.update.pk}/")
        self.assertShows(response.content.decode(), DRAFT, SUBMITTED)


class SharedUpdateQueriesTests(TestCase):
    def test_an_items_shared_updates_are_read_in_the_same_number_of_queries_whatever_their_number(self):
        moi, moph = builders.agency("MOI"), builders.agency("MOPH")
        reporter = builders.user("reporter", agency=moi, membership="reporter")
        approver = builders.user("approver", agency=moi, membership="approver")
        directive = builders.directive("นร 41/2569", moi, moph, visibility=Visibility.INTERNAL)
        key = apikey_issue(agency=moph, name="ระบบ สธ.")[1]
        counts = []
        for batch in range(2):
            for update_number in range(batch * 3, batch * 3 + 3):
                update = builders.update(directive, moi, owner=reporter, title=f"รายงาน {update_number}")
                update.get_workflow().start(update, reporter)
                task_state = WorkflowState.objects.get(object_id=str(update.pk)).current_task_state
                task_state.task.specific.on_action(task_state, approver, "reject", comment="โปรดแก้ไข")
                update.save_revision(user=reporter)
            for url in (f"/api/v1/directives/{directive.pk}/", f"/api/v1/updates/{update.pk}/"):
                # The first request keeps the key's grants and the content types for the next.
                self.client.get(url, headers={"authorization": f"Bearer {key}"})
                with CaptureQueriesContext(connection) as queries:
                    self.client.get(url, headers={"authorization": f"Bearer {key}"})
                counts.append(len(queries))
        self.assertEqual(counts[:2], counts[2:])
