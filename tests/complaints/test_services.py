"""
The life of a complaint: received, referred to one or more agencies with their own deadlines,
replied to by each agency through moderated progress updates, closed with its outcome.
"""

import datetime

from django.test import TestCase

from complaints.models import Complainant, ComplaintPage
from complaints.services import Referral, complaint_close, complaint_refer
from core.choices import Status
from tests import builders
from tests.complaints import helpers


class ComplaintLifecycleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moi = builders.agency("MOI", "กระทรวงมหาดไทย")
        cls.mot = builders.agency("MOT", "กระทรวงคมนาคม")
        cls.complaint = helpers.complaint("ร 2569/0001", complainant=helpers.PERSONAL)

    def test_a_received_complaint_keeps_its_complainant_outside_the_page(self):
        complaint = ComplaintPage.objects.get(pk=self.complaint.pk)
        self.assertEqual(complaint.stage, ComplaintPage.Stage.RECEIVED)
        self.assertEqual(complaint.visibility, "internal")
        self.assertEqual(Complainant.objects.get(complaint=complaint).name, helpers.PERSONAL["name"])
        revisions = str([revision.content for revision in complaint.revisions.all()])
        for value in helpers.PERSONAL.values():
            self.assertNotIn(value, revisions)

    def test_referral_to_several_agencies_gives_each_its_own_deadline_and_the_stage_referred(self):
        complaint_refer(
            complaint=self.complaint,
            user=helpers.coordinator(),
            referrals=[
                Referral(agency=self.moi, deadline=datetime.date(2026, 3, 31)),
                Referral(agency=self.mot, deadline=datetime.date(2026, 4, 30), role="supporting"),
            ],
        )
        complaint = ComplaintPage.objects.get(pk=self.complaint.pk)
        self.assertEqual(complaint.stage, ComplaintPage.Stage.REFERRED)
        self.assertEqual(
            sorted((a.agency.code, a.role, a.deadline) for a in complaint.assignments.all()),
            [("MOI", "lead", datetime.date(2026, 3, 31)), ("MOT", "supporting", datetime.date(2026, 4, 30))],
        )
        self.assertEqual(complaint.agency_scope(), frozenset({self.moi.pk, self.mot.pk}))

    def test_referring_an_agency_twice_keeps_one_referral(self):
        for _ in range(2):
            complaint_refer(complaint=self.complaint, user=helpers.coordinator(), referrals=[Referral(agency=self.moi)])
        self.assertEqual(ComplaintPage.objects.get(pk=self.complaint.pk).assignments.count(), 1)

    def test_each_agencys_published_reply_moves_the_stage_and_rolls_up_the_status(self):
        complaint = helpers.complaint("ร 2569/0002", self.moi, self.mot)
        builders.update(complaint, self.moi, status="completed", percent=100, publish=True)
        complaint = ComplaintPage.objects.get(pk=complaint.pk)
        self.assertEqual(complaint.stage, ComplaintPage.Stage.REPLIED)
        statuses = {a.agency.code: a.status for a in complaint.assignments.all()}
        self.assertEqual(statuses, {"MOI": Status.COMPLETED, "MOT": Status.NOT_STARTED})

        builders.update(complaint, self.mot, status="completed", percent=100, publish=True)
        self.assertEqual(ComplaintPage.objects.get(pk=complaint.pk).status, Status.COMPLETED)

    def test_a_draft_reply_does_not_count_as_a_reply(self):
        complaint = helpers.complaint("ร 2569/0003", self.moi)
        builders.update(complaint, self.moi)
        self.assertEqual(ComplaintPage.objects.get(pk=complaint.pk).stage, ComplaintPage.Stage.REFERRED)

    def test_closing_records_the_outcome_and_date_and_the_stage_closed(self):
        complaint = helpers.complaint("ร 2569/0004", self.moi)
        builders.update(complaint, self.moi, status="completed", percent=100, publish=True)
        complaint_close(
            complaint=complaint,
            user=helpers.coordinator(),
            outcome="ซ่อมถนนแล้วเสร็จ",
            closed_on=datetime.date(2026, 5, 1),
        )
        complaint = ComplaintPage.objects.get(pk=complaint.pk)
        self.assertEqual(
            (complaint.stage, complaint.outcome, complaint.closed_on),
            (ComplaintPage.Stage.CLOSED, "ซ่อมถนนแล้วเสร็จ", datetime.date(2026, 5, 1)),
        )
        self.assertFalse(complaint.has_unpublished_changes)

    def test_a_complaint_cannot_close_before_it_was_received(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            complaint_close(
                complaint=self.complaint, user=helpers.coordinator(), outcome="-", closed_on=datetime.date(2025, 1, 1)
            )

    def test_a_public_complaint_needs_a_public_summary(self):
        from django.core.exceptions import ValidationError

        complaint = ComplaintPage.objects.get(pk=self.complaint.pk)
        complaint.visibility = "public"
        with self.assertRaises(ValidationError):
            complaint.full_clean()

    def test_a_directive_counts_its_linked_and_resolved_complaints(self):
        from complaints.selectors import complaint_counts_for

        directive = builders.directive("นร 9/2569", self.moi)
        for number, closed in (("ร 2569/0010", True), ("ร 2569/0011", False)):
            complaint = helpers.complaint(number, self.moi)
            complaint.related_directives = [directive]
            complaint.save_revision().publish()
            if closed:
                complaint_close(complaint=complaint, user=helpers.coordinator(), outcome="ยุติเรื่อง")
        self.assertEqual(complaint_counts_for(directive), {"linked": 2, "resolved": 1})
        response = self.client.get(directive.url)
        self.assertContains(response, "complaint-counts")
