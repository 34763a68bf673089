"""
Who hears of what: moderation of progress updates (submitted, approved, sent back, published), items
assigned, and the events whose sources other apps record through ``event_record`` (reporting rounds,
citizens' questions, followed items), always narrowed by who may read the item.
"""

import datetime

import time_machine
from django.test import TestCase
from wagtail.models import WorkflowState

from core.choices import Visibility
from core.roles import Role
from notifications.kinds import EventKind
from notifications.models import Channel, Delivery, Event
from notifications.services import EmailRecipient, event_record, titles
from tests import builders

from .helpers import link_line, speaks
from .test_channels import ServersMixin


def told(kind, channel=Channel.EMAIL):
    """Who received an event of ``kind`` on ``channel``: user names, or addresses for those without an account."""
    deliveries = Delivery.objects.filter(event__kind=kind, channel=channel, status=Delivery.Status.SENT)
    return {d.user.username if d.user else d.address for d in deliveries.select_related("user")}


@time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC))
class ModerationEventTests(ServersMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.own = builders.agency("DDC")
        cls.other = builders.agency("OTHER")
        cls.reporter = builders.user("reporter", agency=cls.own, membership="reporter")
        cls.approver = speaks(builders.user("approver", agency=cls.own, membership="approver"), "en")
        cls.other_approver = builders.user("other_approver", agency=cls.other, membership="approver")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.directive = builders.directive("นร 30/2569", cls.own, cls.other, visibility=Visibility.INTERNAL)

    def submitted_update(self):
        update = builders.update(self.directive, self.own, owner=self.reporter, title="รายงานไตรมาส 2")
        with self.captureOnCommitCallbacks(execute=True):
            update.get_workflow().start(update, self.reporter)
        return update

    def act(self, update, user, action, **kwargs):
        task_state = WorkflowState.objects.get(object_id=str(update.pk), status="in_progress").current_task_state
        with self.captureOnCommitCallbacks(execute=True):
            task_state.task.specific.on_action(task_state, user, action, **kwargs)

    def test_a_submission_reaches_the_updates_own_agency_approvers_only(self):
        update = self.submitted_update()
        self.assertEqual(told(EventKind.UPDATE_SUBMITTED), {"approver"})
        self.assertEqual(told(EventKind.UPDATE_SUBMITTED, Channel.IN_APP), {"approver"})
        message = self.smtp.to(self.approver.email)[0]
        self.assertIn("Progress update to review: รายงานไตรมาส 2", message["Subject"])
        self.assertIn("Department of Disease Control", message.get_body(("plain",)).get_content())
        self.assertIn(f"/admin/pages/{update.pk}/edit/", message.get_body(("plain",)).get_content())

    def test_agency_approval_tells_its_reporters_and_hands_the_update_to_the_pmo(self):
        update = self.submitted_update()
        self.act(update, self.approver, "approve")
        self.assertEqual(told(EventKind.UPDATE_APPROVED), {"reporter"})
        self.assertIn("ได้รับอนุมัติ", self.smtp.to(self.reporter.email)[-1]["Subject"])
        self.assertEqual(
            {
                d.user.username
                for d in Delivery.objects.filter(event__kind=EventKind.UPDATE_SUBMITTED, user__isnull=False)
            }
            - {"approver"},
            {"coordinator"},
        )

    def test_sending_back_tells_the_agency_why(self):
        update = self.submitted_update()
        self.act(update, self.approver, "approve")
        self.act(update, self.coordinator, "reject", comment="โปรดแนบหลักฐานเพิ่มเติม")
        self.assertEqual(told(EventKind.UPDATE_SENT_BACK), {"reporter", "approver"})
        body = self.smtp.to(self.reporter.email)[-1].get_body(("plain",)).get_content()
        self.assertIn("โปรดแนบหลักฐานเพิ่มเติม", body)
        self.assertNotIn("other_approver", told(EventKind.UPDATE_SENT_BACK, Channel.IN_APP))

    def test_publication_is_announced_to_the_agency(self):
        group = link_line(agency=self.own)
        update = self.submitted_update()
        self.act(update, self.approver, "approve")
        self.act(update, self.coordinator, "approve")
        self.assertEqual(told(EventKind.UPDATE_PUBLISHED), {"reporter", "approver"})
        self.assertEqual(told(EventKind.UPDATE_PUBLISHED, Channel.LINE), {group})

    def test_an_internal_item_is_told_to_nobody_who_may_not_read_it(self):
        outsider_agency = builders.agency("OUT")
        outsider = builders.user("outsider", agency=outsider_agency, membership="approver")
        link_line(agency=outsider_agency)
        executive = builders.user("executive", role=Role.EXECUTIVE)
        with self.captureOnCommitCallbacks(execute=True):
            event_record(
                kind=EventKind.ITEM_CHANGED,
                key="changed-1",
                target=self.directive,
                recipients=[outsider, outsider_agency, executive, self.reporter, EmailRecipient("citizen@example.com")],
                context={"title": titles(self.directive)},
            )
        self.assertEqual(told(EventKind.ITEM_CHANGED), {"executive", "reporter"})
        self.assertFalse(Delivery.objects.filter(channel=Channel.LINE).exists())
        self.assertEqual(len(self.smtp.messages), 2)


@time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC))
class AssignmentEventTests(ServersMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.assigned = builders.agency("MOPH")
        cls.other = builders.agency("MOI")
        cls.member = builders.user("member", agency=cls.assigned, membership="reporter")
        cls.other_member = builders.user("other_member", agency=cls.other, membership="reporter")

    def test_publishing_an_item_tells_each_assigned_agency_once(self):
        with self.captureOnCommitCallbacks(execute=True):
            directive = builders.directive("นร 40/2569", self.assigned, visibility=Visibility.INTERNAL)
        self.assertEqual(told(EventKind.ASSIGNED), {"member"})
        with self.captureOnCommitCallbacks(execute=True):
            directive.save_revision().publish()
        self.assertEqual(Event.objects.filter(kind=EventKind.ASSIGNED).count(), 1)
        self.assertEqual(len(self.smtp.messages), 1)

    def test_an_item_published_past_its_deadline_is_no_news(self):
        with self.captureOnCommitCallbacks(execute=True):
            builders.directive("นร 41/2569", self.assigned, deadline=datetime.date(2025, 9, 30))
        self.assertFalse(Event.objects.filter(kind=EventKind.ASSIGNED).exists())


class ServiceEventTests(ServersMixin, TestCase):
    """
    The events whose sources other apps build (reporting rounds, citizens' questions, followed items)
    are recorded through ``notifications.services.event_record``; stand-ins play the sources here.
    """

    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.reporter = builders.user("reporter", agency=cls.agency, membership="reporter")
        cls.public = builders.directive("นร 50/2569", cls.agency, title="ลดฝุ่น PM2.5")
        cls.internal = builders.directive("นร 51/2569", cls.agency, visibility=Visibility.INTERNAL)

    def record(self, **kwargs):
        with self.captureOnCommitCallbacks(execute=True):
            return event_record(**kwargs)

    def test_a_reporting_round_opening_reaches_the_agencies(self):
        self.record(
            kind=EventKind.ROUND_OPENED,
            key="round:7:opened",
            target=self.agency,
            recipients=[self.agency],
            context={"title": {"th": "รอบรายงานไตรมาส 2/2569", "en": "Q2 2026 round"}, "deadline": "2026-04-15"},
        )
        message = self.smtp.to(self.reporter.email)[0]
        self.assertIn("เปิดรอบการรายงาน: รอบรายงานไตรมาส 2/2569", message["Subject"])
        self.assertIn("15 เมษายน 2569", message.get_body(("plain",)).get_content())

    def test_a_citizen_hears_of_an_answer_in_their_language_with_a_public_link(self):
        url = "http://testserver/en/directives/question-1/"
        self.record(
            kind=EventKind.QUESTION_ANSWERED,
            key="question:1:answered",
            target=self.public,
            recipients=[EmailRecipient("citizen@example.com", language="en")],
            url=url,
            context={"title": titles(self.public)},
        )
        message = self.smtp.to("citizen@example.com")[0]
        self.assertIn("Your question is answered: ลดฝุ่น PM2.5", message["Subject"])
        self.assertIn(url, message.get_body(("plain",)).get_content())

    def test_followers_are_not_told_about_an_internal_item(self):
        self.record(
            kind=EventKind.ITEM_CHANGED,
            key="followed:51:1",
            target=self.internal,
            recipients=[EmailRecipient("follower@example.com")],
        )
        self.assertEqual(self.smtp.messages, [])
        self.assertFalse(Delivery.objects.filter(event__key="followed:51:1").exists())
