"""
``manage.py send_reminders``: reminders 7, 3 and 1 days before a deadline (configurable), escalation
of overdue items to the agency's approvers and then the PMO on a configurable rhythm, and nothing
sent twice however often cron runs it.
"""

import datetime
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from core.roles import Role
from notifications.kinds import EventKind
from notifications.models import Channel, Delivery, Event
from tests import builders
from tests.complaints import helpers

from .test_channels import ServersMixin

DEADLINE = datetime.date(2026, 6, 30)


def day(offset: int) -> str:
    """The date ``offset`` days from the deadline, as an official would type it (BE)."""
    value = DEADLINE + datetime.timedelta(days=offset)
    return f"{value.day}/{value.month}/{value.year + 543}"


class SendRemindersTests(ServersMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH")
        cls.other = builders.agency("MOI")
        cls.reporter = builders.user("reporter", agency=cls.agency, membership="reporter")
        cls.approver = builders.user("approver", agency=cls.agency, membership="approver")
        cls.other_reporter = builders.user("other_reporter", agency=cls.other, membership="reporter")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.directive = builders.directive("นร 60/2569", cls.agency, deadline=DEADLINE)

    def run_on(self, date):
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_reminders", "--date", date, stdout=out)
        return out.getvalue()

    def emails(self, username):
        return [m for m in self.smtp.messages if m["To"] == f"{username}@example.go.th"]

    def test_reminders_come_7_3_and_1_days_before_and_never_twice(self):
        for offset in range(-10, 0):
            self.run_on(day(offset))
            self.run_on(day(offset))
        subjects = [m["Subject"] for m in self.emails("reporter")]
        self.assertEqual(len(subjects), 3)
        self.assertEqual(
            [s.split(":")[0].strip() for s in subjects],
            ["อีก 7 วันถึงกำหนดเสร็จ", "อีก 3 วันถึงกำหนดเสร็จ", "อีก 1 วันถึงกำหนดเสร็จ"],
        )
        self.assertEqual(self.emails("other_reporter"), [])
        self.assertEqual(Event.objects.filter(kind=EventKind.DEADLINE).count(), 3)

    def test_agencies_a_complaint_or_a_foreign_commitment_is_referred_to_are_reminded_too(self):
        complaint = helpers.complaint("ร 60/2569", self.agency, deadline=DEADLINE, title="ร้องเรียนถนนชำรุด")
        commitment = helpers.foreign_commitment("ตท 60/2569", self.agency)
        commitment.assignments.update(deadline=DEADLINE)
        self.run_on(day(-7))
        subjects = " ".join(m["Subject"] for m in self.emails("reporter"))
        self.assertIn("ร้องเรียนถนนชำรุด", subjects)
        self.assertIn(commitment.title, subjects)
        self.assertIn(self.directive.title, subjects)
        self.assertTrue(Event.objects.filter(kind=EventKind.DEADLINE, target_id=str(complaint.pk)).exists())

    def test_a_missed_day_sends_only_the_nearest_reminder(self):
        self.run_on(day(-2))
        self.assertEqual(len(self.emails("reporter")), 1)
        self.assertIn("อีก 2 วัน", self.emails("reporter")[0].get_body(("plain",)).get_content())

    @override_settings(NOTIFY_DEADLINE_DAYS=[14])
    def test_the_reminder_days_are_configurable(self):
        self.run_on(day(-14))
        self.run_on(day(-7))
        self.assertEqual(len(self.emails("reporter")), 1)

    def test_overdue_goes_to_the_approver_then_the_pmo_on_the_configured_rhythm(self):
        with self.settings(NOTIFY_OVERDUE_PMO_AFTER_DAYS=7, NOTIFY_OVERDUE_REPEAT_DAYS=7):
            for offset in range(0, 16):
                self.run_on(day(offset))
                self.run_on(day(offset))
        # Approver: days 1, 8 and 15 after the deadline; the PMO: days 7 and 14.
        self.assertEqual(len(self.emails("approver")), 3)
        self.assertEqual(len(self.emails("coordinator")), 2)
        self.assertEqual(self.emails("reporter"), [])
        self.assertIn("เกินกำหนดตั้งแต่ 30 มิถุนายน 2569", self.emails("coordinator")[0]["Subject"])

    def test_a_completed_assignment_is_not_reminded(self):
        self.directive.assignments.update(status="completed")
        self.run_on(day(-3))
        self.run_on(day(3))
        self.assertEqual(self.smtp.messages, [])

    def test_a_moved_deadline_gets_reminders_of_its_own(self):
        self.run_on(day(-3))
        self.directive.assignments.update(deadline=DEADLINE + datetime.timedelta(days=30))
        self.run_on(day(27))
        self.assertEqual(len(self.emails("reporter")), 2)

    def test_in_app_reminders_are_recorded_too(self):
        self.run_on(day(-1))
        self.assertTrue(Delivery.objects.filter(user=self.reporter, channel=Channel.IN_APP).exists())

    def test_the_command_says_what_it_did_and_refuses_a_bad_date(self):
        self.assertIn("1 deadline reminders", self.run_on(day(-3)))
        with self.assertRaises(CommandError):
            call_command("send_reminders", "--date", "31/02/69", stdout=StringIO())
