"""Intake in the admin: a PMO coordinator records a complaint, refers it, and then its complainant."""

from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from complaints.models import Complainant, ComplaintPage
from core.roles import Role
from tests import builders
from tests.complaints import helpers


def complaint_form(**overrides):
    data = {
        "title": "ขอให้แก้ไขไฟฟ้าดับบ่อยครั้ง",
        "slug": "power-cuts",
        "reference": "ร 2569/0201",
        "received_on": "15/01/2569",
        "track": "secretary",
        "channel": "hotline_1111",
        "visibility": "internal",
        "mp_or_committee": "",
        "category": "infrastructure",
        "province": "ลำปาง",
        "district": "เกาะคา",
        "details": "ไฟฟ้าดับเกือบทุกวันในช่วงเย็น",
        "public_summary": "",
        "outcome": "",
        "closed_on": "",
        "assignments": inline_formset([]),
        "related_directives": [],
        "related_policies": [],
    }
    data.update(overrides)
    return nested_form_data(data)


class ComplaintIntakeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moi = builders.agency("MOI")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.index = helpers.complaint_index()

    def add_url(self):
        return reverse("wagtailadmin_pages:add", args=("complaints", "complaintpage", self.index.pk))

    def test_a_coordinator_records_a_complaint_with_buddhist_era_dates_and_it_is_received_and_internal(self):
        builders.staff_login(self.client, self.coordinator)
        response = self.client.post(self.add_url(), complaint_form() | {"action-publish": "1"})
        self.assertEqual(response.status_code, 302, response.content[:3000])
        complaint = ComplaintPage.objects.get(reference="ร 2569/0201")
        self.assertEqual(
            (str(complaint.received_on), complaint.stage, complaint.visibility, complaint.live),
            ("2026-01-15", "received", "internal", True),
        )
        self.assertEqual(self.client.get(complaint.url).status_code, 404)

    def test_referral_in_the_form_makes_the_complaint_referred_on_publication(self):
        builders.staff_login(self.client, self.coordinator)
        form = complaint_form(
            assignments=inline_formset([{"agency": self.moi.pk, "role": "lead", "deadline": "31/03/2569"}])
        )
        self.client.post(self.add_url(), form | {"action-publish": "1"})
        complaint = ComplaintPage.objects.get(reference="ร 2569/0201")
        self.assertEqual(complaint.stage, "referred")
        self.assertEqual([str(a.deadline) for a in complaint.assignments.all()], ["2026-03-31"])

    def test_a_duplicate_case_number_is_refused(self):
        helpers.complaint("ร 2569/0201")
        builders.staff_login(self.client, self.coordinator)
        response = self.client.post(self.add_url(), complaint_form(slug="other") | {"action-publish": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(ComplaintPage.objects.count(), 1)

    def test_the_complainant_is_then_recorded_in_its_own_record(self):
        complaint = helpers.complaint("ร 2569/0202")
        builders.staff_login(self.client, self.coordinator)
        url = reverse("complaints_complainant", args=[complaint.pk])
        self.assertEqual(self.client.post(url, helpers.PERSONAL).status_code, 302)
        self.assertEqual(Complainant.objects.get(complaint=complaint).email, helpers.PERSONAL["email"])
        self.assertNotIn(
            helpers.PERSONAL["email"], str(ComplaintPage.objects.get(pk=complaint.pk).latest_revision.content)
        )
