"""
Who sees a complainant: PMO coordinators and administrators, each read audit-logged; executives,
agencies (referred or not), translators and the public never.
"""

from django.test import TestCase
from django.urls import reverse
from wagtail.models import ModelLogEntry

from complaints.models import Complainant
from core.roles import Role
from security.audit import PERSONAL_DATA_READ
from tests import builders
from tests.complaints import helpers


class ComplainantRightsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moi = builders.agency("MOI")
        cls.complaint = helpers.complaint("ร 2569/0001", cls.moi, complainant=helpers.PERSONAL)
        cls.url = reverse("complaints_complainant", args=[cls.complaint.pk])
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.admin = builders.user("administrator", role=Role.PMO_ADMIN)
        cls.executive = builders.user("executive", role=Role.EXECUTIVE)
        cls.translator = builders.user("translator", role=Role.TRANSLATOR)
        cls.reporter = builders.user("moi-reporter", agency=cls.moi, membership="reporter")
        cls.approver = builders.user("moi-approver", agency=cls.moi, membership="approver")

    def view_as(self, user):
        builders.staff_login(self.client, user)
        return self.client.get(self.url)

    def test_pmo_coordinators_and_administrators_read_the_complainant_and_each_read_is_logged(self):
        for user in (self.coordinator, self.admin):
            response = self.view_as(user)
            self.assertContains(response, helpers.PERSONAL["phone"])
            entry = ModelLogEntry.objects.filter(action=PERSONAL_DATA_READ, user=user).get()
            self.assertEqual(entry.data["what"], "complainant")
            self.assertNotIn(helpers.PERSONAL["name"], str(entry.data) + entry.label)

    def test_executives_agencies_and_translators_are_refused_and_nothing_is_logged_as_read(self):
        for user in (self.executive, self.translator, self.reporter, self.approver):
            response = self.view_as(user)
            self.assertIn(response.status_code, (302, 403), user.username)
            self.assertNotContains(response, helpers.PERSONAL["phone"], status_code=response.status_code)
        self.assertFalse(ModelLogEntry.objects.filter(action=PERSONAL_DATA_READ).exists())

    def test_the_public_is_sent_to_the_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

    def test_a_coordinator_corrects_the_record_and_the_change_is_logged(self):
        builders.staff_login(self.client, self.coordinator)
        data = {**helpers.PERSONAL, "phone": "02-283-4000"}
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Complainant.objects.get(complaint=self.complaint).phone, "02-283-4000")
        self.assertTrue(ModelLogEntry.objects.filter(action="wagtail.edit", user=self.coordinator).exists())

    def test_an_invalid_e_mail_is_reported_and_nothing_saved(self):
        builders.staff_login(self.client, self.coordinator)
        response = self.client.post(self.url, {**helpers.PERSONAL, "email": "not-an-address"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Complainant.objects.get(complaint=self.complaint).email, helpers.PERSONAL["email"])

    def test_the_complaints_listing_shows_the_complainant_button_only_to_pmo_staff(self):
        listing = reverse("complaints:index")
        builders.staff_login(self.client, self.coordinator)
        self.assertContains(self.client.get(listing), self.url)
        builders.staff_login(self.client, self.reporter)
        response = self.client.get(listing)
        self.assertContains(response, self.complaint.title)
        self.assertNotContains(response, self.url)

    def test_agencies_not_referred_do_not_find_the_complaint_in_the_listing(self):
        other = builders.agency("MOF")
        builders.staff_login(self.client, builders.user("mof-reporter", agency=other, membership="reporter"))
        self.assertNotContains(self.client.get(reverse("complaints:index")), self.complaint.title)

    def test_the_listing_filters_by_track_and_stage(self):
        helpers.complaint("ส 2569/0002", self.moi, track="parliament", title="เรื่องผ่านสภา")
        builders.staff_login(self.client, self.coordinator)
        response = self.client.get(reverse("complaints:index"), {"track": "parliament"})
        self.assertContains(response, "เรื่องผ่านสภา")
        self.assertNotContains(response, self.complaint.title)
        response = self.client.get(reverse("complaints:index"), {"stage": "closed"})
        self.assertNotContains(response, "เรื่องผ่านสภา")

    def test_only_referred_agencies_report_under_a_complaint_and_nobody_publishes_a_reply_unapproved(self):
        other = builders.user("mof-reporter", agency=builders.agency("MOF"), membership="reporter")
        self.assertTrue(self.complaint.permissions_for_user(self.reporter).can_add_subpage())
        self.assertFalse(self.complaint.permissions_for_user(other).can_add_subpage())
        self.assertFalse(self.complaint.permissions_for_user(self.executive).can_add_subpage())
        reply = builders.update(self.complaint, self.moi)
        self.assertTrue(reply.permissions_for_user(self.reporter).can_edit())
        self.assertFalse(reply.permissions_for_user(other).can_edit())
        self.assertFalse(reply.permissions_for_user(self.coordinator).can_publish())
