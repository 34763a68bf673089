"""
Bad input in the admin forms gets a clear message in the user's language and saves nothing:
deadline before the issue date, duplicate reference numbers, the same agency twice, percent outside
0-100, a status change without a reason, "completed" without evidence.
"""

from django.test import TestCase
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.users.models import UserProfile

from core.roles import Role
from directives.models import DirectivePage
from tests import builders
from tests.updates.test_moderation import update_form
from updates.models import ProgressUpdatePage


def directive_form(reference, assignments, issued_on="2026-03-01"):
    return nested_form_data(
        {
            "title": "เร่งรัดการแก้ไขปัญหาภัยแล้ง",
            "slug": "drought",
            "reference": reference,
            "issued_on": issued_on,
            "occasion": "",
            "track": "policy",
            "priority": "normal",
            "visibility": "public",
            "body": rich_text("<p>ให้กระทรวงเกษตรและสหกรณ์เร่งรัดการแก้ไขปัญหาภัยแล้ง</p>"),
            "assignments": inline_formset(assignments, min=1),
            "related_policies": [],
        }
    )


class AdminValidationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("กษ.")
        cls.second = builders.agency("มท.")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.english_coordinator = builders.user("coordinator_en", role=Role.PMO_COORDINATOR)
        UserProfile.get_for_user(cls.english_coordinator).__class__.objects.filter(user=cls.english_coordinator).update(
            preferred_language="en"
        )
        cls.existing = builders.directive("นร 0505/2569-001", cls.agency)

    def post_directive(self, user, data):
        builders.staff_login(self.client, user)
        url = reverse("wagtailadmin_pages:add", args=("directives", "directivepage", builders.directive_index().pk))
        before = Page.objects.count()
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200, "the form must be shown again with its errors")
        self.assertEqual(Page.objects.count(), before, "nothing may be saved")
        return response

    def test_deadline_before_issue_date_is_refused_in_thai(self):
        response = self.post_directive(
            self.coordinator,
            directive_form("นร 0505/2569-002", [{"agency": self.agency.pk, "role": "lead", "deadline": "2026-02-01"}]),
        )
        self.assertContains(response, "กำหนดเสร็จต้องไม่อยู่ก่อนวันที่เริ่มต้นของเรื่องนี้")

    def test_deadline_before_issue_date_is_refused_in_english(self):
        response = self.post_directive(
            self.english_coordinator,
            directive_form("นร 0505/2569-002", [{"agency": self.agency.pk, "role": "lead", "deadline": "2026-02-01"}]),
        )
        self.assertContains(response, "The deadline cannot be before the item&#x27;s start date.")

    def test_duplicate_reference_number_is_refused(self):
        response = self.post_directive(
            self.coordinator,
            directive_form(
                "  นร 0505/2569-001 ", [{"agency": self.agency.pk, "role": "lead", "deadline": "2026-06-30"}]
            ),
        )
        self.assertContains(response, "เลขที่อ้างอิง นร 0505/2569-001 ถูกใช้กับข้อสั่งการอื่นแล้ว")
        self.assertEqual(DirectivePage.objects.filter(reference="นร 0505/2569-001").count(), 1)

    def test_the_same_agency_twice_is_refused(self):
        response = self.post_directive(
            self.english_coordinator,
            directive_form(
                "นร 0505/2569-003",
                [
                    {"agency": self.agency.pk, "role": "lead", "deadline": "2026-06-30"},
                    {"agency": self.agency.pk, "role": "supporting", "deadline": "2026-06-30"},
                ],
            ),
        )
        self.assertContains(response, "Please correct the duplicate data for page and agency, which must be unique.")

    def test_a_valid_directive_is_saved(self):
        builders.staff_login(self.client, self.coordinator)
        url = reverse("wagtailadmin_pages:add", args=("directives", "directivepage", builders.directive_index().pk))
        data = directive_form(
            "นร 0505/2569-004",
            [
                {"agency": self.agency.pk, "role": "lead", "deadline": "2026-06-30"},
                {"agency": self.second.pk, "role": "supporting", "deadline": "2026-03-01"},
            ],
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(DirectivePage.objects.get(reference="นร 0505/2569-004").assignments.count(), 2)


class UpdateValidationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("OWN")
        cls.unassigned = builders.agency("OUT")
        cls.reporter = builders.user("reporter", agency=cls.agency, membership="reporter")
        cls.directive = builders.directive("นร 50/2569", cls.agency)

    def post_update(self, agency=None, **overrides):
        builders.staff_login(self.client, self.reporter)
        url = reverse("wagtailadmin_pages:add", args=("updates", "progressupdatepage", self.directive.pk))
        response = self.client.post(url, update_form(agency or self.agency, **overrides))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ProgressUpdatePage.objects.exists())
        return response

    def test_percent_outside_0_to_100_is_refused(self):
        for value in (101, -1, "ร้อย"):
            with self.subTest(value=value):
                self.post_update(percent_complete=value)

    def test_a_change_of_status_needs_a_reason(self):
        response = self.post_update(status_claim="delayed", status_reason="")
        self.assertContains(response, "สถานะเปลี่ยนจาก “ยังไม่ดำเนินการ” เป็น “อยู่ระหว่างดำเนินการ: ล่าช้า” กรุณาระบุเหตุผล")

    def test_completed_needs_evidence(self):
        response = self.post_update(status_claim="completed")
        self.assertContains(response, "สถานะ “ดำเนินการแล้วเสร็จ” ต้องมีหลักฐานเป็นเอกสารหรือรูปภาพอย่างน้อยหนึ่งรายการ")

    def test_reporting_period_must_be_in_order(self):
        self.post_update(period_start="2026-04-01", period_end="2026-03-31")

    def test_an_unassigned_agency_cannot_be_chosen(self):
        response = self.post_update(agency=self.unassigned)
        self.assertIn("agency", response.context["form"].errors)
