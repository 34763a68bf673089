"""
E-mail through a real SMTP server and LINE pushes through a local server that answers as LINE's
push endpoint does: the right people, the right channels, the right language; temporary failures
retried with backoff or after ``Retry-After``, permanent ones never.
"""

import datetime
import time

import time_machine
from django.conf import settings
from django.test import TestCase
from django.utils import timezone

from core.roles import Role
from notifications.kinds import EventKind
from notifications.models import Channel, Delivery, Preference
from notifications.services import deliveries_resume, event_record
from tests import builders

from .helpers import channels_at, link_line, speaks
from .servers import LineServer, SmtpServer


class ServersMixin:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp = SmtpServer().__enter__()
        cls.line = LineServer().__enter__()
        cls.addClassCleanup(cls.smtp.__exit__)
        cls.addClassCleanup(cls.line.__exit__)

    def setUp(self):
        self.smtp.messages.clear()
        self.smtp.refused.clear()
        self.smtp.rejected.clear()
        self.line.requests.clear()
        self.line.pushed.clear()
        self.line.script.clear()
        overrides = channels_at(self.smtp, self.line)
        overrides.enable()
        self.addCleanup(overrides.disable)


# The builders' deadline (30 June 2026) is still ahead: an item past it is no news (imported history).
@time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC))
class AssignmentDeliveryTests(ServersMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.health = builders.agency("MOPH", "กระทรวงสาธารณสุข", name_en="Ministry of Public Health")
        cls.interior = builders.agency("MOI", "กระทรวงมหาดไทย")
        cls.reporter = builders.user("reporter", agency=cls.health, membership="reporter")
        cls.approver = speaks(builders.user("approver", agency=cls.health, membership="approver"), "en")
        cls.outsider = builders.user("outsider", agency=cls.interior, membership="reporter")

    def test_an_assignment_reaches_the_agencys_people_on_their_channels_in_their_language(self):
        reporter_line = link_line(user=self.reporter)
        group = link_line(agency=self.health)
        link_line(agency=self.interior)
        with self.captureOnCommitCallbacks(execute=True):
            directive = builders.directive("นร 1/2569", self.health, title="เร่งรัดการฉีดวัคซีน")

        self.assertEqual({m["To"] for m in self.smtp.messages}, {self.reporter.email, self.approver.email})
        thai, english = self.smtp.to(self.reporter.email)[0], self.smtp.to(self.approver.email)[0]
        self.assertIn("มอบหมาย", thai["Subject"])
        self.assertIn("เร่งรัดการฉีดวัคซีน", thai["Subject"])
        self.assertTrue(english["Subject"].strip().startswith("New assignment: "))
        self.assertIn("Ministry of Public Health", english.get_body(("plain",)).get_content())
        self.assertIn("30 มิถุนายน 2569", thai.get_body(("plain",)).get_content())
        self.assertIn("30 June 2026", english.get_body(("plain",)).get_content())
        link = f"http://testserver/admin/pages/{directive.pk}/edit/"
        for message in (thai, english):
            self.assertIn(link, message.get_body(("plain",)).get_content())
            self.assertIn(f'href="{link}"', message.get_body(("html",)).get_content())

        self.assertEqual({p["to"] for p in self.line.pushed}, {reporter_line, group})
        self.assertTrue(all(link in p["text"] for p in self.line.pushed))
        in_app = Delivery.objects.filter(channel=Channel.IN_APP, event__kind=EventKind.ASSIGNED)
        self.assertEqual({d.user for d in in_app}, {self.reporter, self.approver})

    def test_each_user_chooses_the_channels_per_kind_of_event(self):
        link_line(user=self.reporter)
        Preference.objects.create(user=self.reporter, kind=EventKind.ASSIGNED, email=False, line=True, in_app=False)
        Preference.objects.create(user=self.approver, kind=EventKind.DEADLINE, email=False, line=False, in_app=False)
        with self.captureOnCommitCallbacks(execute=True):
            builders.directive("นร 2/2569", self.health)
        channels = set(Delivery.objects.filter(user=self.reporter).values_list("channel", flat=True))
        self.assertEqual(channels, {Channel.LINE})
        self.assertEqual({m["To"] for m in self.smtp.messages}, {self.approver.email})


class RetryTests(ServersMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH")
        cls.user = builders.user("reporter", agency=cls.agency, membership="reporter")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)

    def tell(self, key="round-1"):
        """A stand-in event (a reporting round, as issue 7 will record them) told to the reporter on LINE only."""
        Preference.objects.update_or_create(
            user=self.user, kind=EventKind.ROUND_OPENED, defaults={"email": False, "line": True, "in_app": False}
        )
        with self.captureOnCommitCallbacks(execute=True):
            event_record(
                kind=EventKind.ROUND_OPENED,
                key=key,
                target=self.agency,
                recipients=[self.user],
                context={"title": "รอบรายงานไตรมาส 2", "deadline": "2026-04-15"},
            )
        return Delivery.objects.get(event__key=key, channel=Channel.LINE)

    def test_line_answering_500_then_200_is_retried_once_with_the_same_retry_key(self):
        self.line_id = link_line(user=self.user)
        self.line.script.append((500, {}))
        delivery = self.tell()
        self.assertEqual(delivery.status, Delivery.Status.SENT)
        self.assertEqual(delivery.attempts, 2)
        self.assertEqual(len(self.line.requests), 2)
        self.assertEqual(self.line.requests[0]["retry_key"], self.line.requests[1]["retry_key"])
        self.assertEqual(len(self.line.pushed), 1)
        self.assertIn("รอบรายงานไตรมาส 2", self.line.pushed[0]["text"])

    def test_line_answering_429_is_retried_after_its_retry_after(self):
        link_line(user=self.user)
        self.line.script.append((429, {"Retry-After": "1"}))
        delivery = self.tell()
        self.assertEqual(delivery.status, Delivery.Status.SENT)
        first, second = self.line.requests
        # The configured backoff (0.2 s here) gives way to the server's wish.
        self.assertGreaterEqual(second["at"] - first["at"], 1.0)

    def test_retries_stop_after_the_configured_attempts(self):
        link_line(user=self.user)
        self.line.script.extend([(503, {})] * 10)
        delivery = self.tell()
        self.assertEqual(delivery.status, Delivery.Status.FAILED)
        self.assertEqual(delivery.attempts, 4)
        self.assertIn("503", delivery.last_error)

    def test_an_invalid_line_recipient_fails_at_once_and_is_not_retried(self):
        from notifications.models import LineLink

        LineLink.objects.create(line_id="not-a-line-id", kind=LineLink.Kind.USER, user=self.user)
        delivery = self.tell()
        self.assertEqual(delivery.status, Delivery.Status.FAILED)
        self.assertEqual(delivery.attempts, 1)
        self.assertEqual(len(self.line.requests), 1)
        self.assertIn("400", delivery.last_error)

    def test_a_wrong_channel_token_is_a_permanent_failure(self):
        link_line(user=self.user)
        with self.settings(LINE_CHANNEL_ACCESS_TOKEN="revoked"):
            delivery = self.tell()
        self.assertEqual((delivery.status, delivery.attempts), (Delivery.Status.FAILED, 1))
        self.assertIn("401", delivery.last_error)

    def test_an_address_the_mail_server_refuses_is_not_retried(self):
        self.smtp.refused.add(self.user.email)
        with self.captureOnCommitCallbacks(execute=True):
            event_record(kind=EventKind.ROUND_CLOSED, key="round-2", target=self.agency, recipients=[self.user])
        delivery = Delivery.objects.get(event__key="round-2", channel=Channel.EMAIL)
        self.assertEqual((delivery.status, delivery.attempts), (Delivery.Status.FAILED, 1))
        self.assertIn("550", delivery.last_error)

    def test_a_mail_server_that_cannot_be_reached_is_tried_again(self):
        from .servers import free_port

        started = time.monotonic()
        with self.settings(EMAIL_PORT=free_port(), EMAIL_TIMEOUT=2):
            with self.captureOnCommitCallbacks(execute=True):
                event_record(kind=EventKind.ROUND_CLOSED, key="round-3", target=self.agency, recipients=[self.user])
        delivery = Delivery.objects.get(event__key="round-3", channel=Channel.EMAIL)
        self.assertEqual((delivery.status, delivery.attempts), (Delivery.Status.FAILED, 4))
        self.assertGreaterEqual(time.monotonic() - started, 0.6)

    def test_recording_an_event_twice_sends_nothing_more(self):
        link_line(user=self.user)
        self.tell(key="round-4")
        self.tell(key="round-4")
        self.assertEqual(len(self.line.pushed), 1)

    def test_a_message_the_mail_server_rejects_at_its_end_is_not_left_handed_over(self):
        self.smtp.rejected.add(self.user.email)
        with self.captureOnCommitCallbacks(execute=True):
            event_record(kind=EventKind.ROUND_CLOSED, key="round-5", target=self.agency, recipients=[self.user])
        delivery = Delivery.objects.get(event__key="round-5", channel=Channel.EMAIL)
        self.assertEqual((delivery.status, delivery.attempts), (Delivery.Status.FAILED, 1))
        self.assertIn("554", delivery.last_error)
        self.assertIsNone(delivery.handed_over_at)
        self.assertEqual(self.smtp.messages, [])

    def test_a_sent_message_was_handed_over_before_it_was_sent(self):
        with self.captureOnCommitCallbacks(execute=True):
            event_record(kind=EventKind.ROUND_CLOSED, key="round-6", target=self.agency, recipients=[self.user])
        delivery = Delivery.objects.get(event__key="round-6", channel=Channel.EMAIL)
        self.assertEqual(delivery.status, Delivery.Status.SENT)
        self.assertLessEqual(delivery.handed_over_at, delivery.sent_at)
        self.assertEqual(len(self.smtp.to(self.user.email)), 1)


class AbandonedDeliveryTests(ServersMixin, TestCase):
    """What a worker killed mid-batch left: claims that expired, some of them e-mails handed over."""

    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH")
        cls.users = [builders.user(f"reporter{n}", agency=cls.agency, membership="reporter") for n in range(2)]

    def test_a_handed_over_email_is_recorded_as_sent_and_one_not_handed_over_is_sent_again(self):
        Preference.objects.bulk_create(
            Preference(user=user, kind=EventKind.ROUND_OPENED, email=True, line=False, in_app=False)
            for user in self.users
        )
        event = event_record(
            kind=EventKind.ROUND_OPENED, key="round-7", target=self.agency, recipients=self.users, dispatch=False
        )
        claimed = timezone.now() - datetime.timedelta(seconds=settings.NOTIFY_CLAIM_SECONDS + 1)
        on_its_way, not_yet = Delivery.objects.filter(event=event).order_by("pk")
        Delivery.objects.filter(pk=on_its_way.pk).update(
            status=Delivery.Status.SENDING, claimed_at=claimed, attempts=1, handed_over_at=claimed
        )
        Delivery.objects.filter(pk=not_yet.pk).update(status=Delivery.Status.SENDING, claimed_at=claimed, attempts=1)

        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(deliveries_resume(), 1)

        on_its_way.refresh_from_db()
        not_yet.refresh_from_db()
        self.assertEqual((on_its_way.status, on_its_way.sent_at), (Delivery.Status.SENT, claimed))
        self.assertEqual((not_yet.status, not_yet.attempts), (Delivery.Status.SENT, 2))
        self.assertEqual([m["To"] for m in self.smtp.messages], [not_yet.address])
