"""
The notification screens: the dashboard panel and the inbox, channel choices, the delivery log
(PMO administrators only), LINE links, and LINE's webhook with its signature check.
"""

import base64
import hashlib
import hmac
import json

from django.test import TestCase, override_settings
from django.urls import reverse

from core.roles import Role
from notifications.kinds import EventKind
from notifications.models import Channel, Delivery, LineLink, Preference
from notifications.services import event_record
from tests import builders

from .servers import line_id

SECRET = "test-channel-secret"
WEBHOOK = "/notifications/line/webhook/"


def line_event(kind, source):
    return {
        "type": kind,
        "mode": "active",
        "timestamp": 1767225600000,
        "source": source,
        "webhookEventId": "01JGZ8Y3Q8R7E5W4T3S2A1B0C9",
        "deliveryContext": {"isRedelivery": False},
        **({"replyToken": "b60d432864f44d079f6d8efe86cf404b"} if kind in ("follow", "join") else {}),
        **({"follow": {"isUnblocked": False}} if kind == "follow" else {}),
    }


@override_settings(LINE_CHANNEL_SECRET=SECRET)
class LineWebhookTests(TestCase):
    def post(self, *events, secret=SECRET):
        body = json.dumps({"destination": line_id(), "events": list(events)}).encode()
        signature = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
        return self.client.post(WEBHOOK, body, content_type="application/json", headers={"x-line-signature": signature})

    def test_follows_and_group_invitations_are_recorded_for_linking(self):
        user, group = line_id("U"), line_id("C")
        response = self.post(
            line_event("follow", {"type": "user", "userId": user}),
            line_event("join", {"type": "group", "groupId": group}),
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(LineLink.objects.get(line_id=user).kind, LineLink.Kind.USER)
        self.assertEqual(LineLink.objects.get(line_id=group).kind, LineLink.Kind.GROUP)
        self.post(line_event("leave", {"type": "group", "groupId": group}))
        self.assertFalse(LineLink.objects.get(line_id=group).active)

    def test_a_request_without_lines_signature_is_refused(self):
        response = self.post(line_event("follow", {"type": "user", "userId": line_id()}), secret="forged")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(LineLink.objects.exists())

    @override_settings(LINE_CHANNEL_SECRET="")
    def test_without_a_channel_secret_every_request_is_refused(self):
        self.assertEqual(self.post(secret="").status_code, 403)


class AdminScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH")
        cls.reporter = builders.user("reporter", agency=cls.agency, membership="reporter")
        cls.admin = builders.user("pmo_admin", role=Role.PMO_ADMIN)
        cls.event = event_record(
            kind=EventKind.ROUND_OPENED,
            key="round-1",
            target=cls.agency,
            recipients=[cls.reporter],
            url="http://testserver/admin/",
            context={"title": "รอบรายงานไตรมาส 2"},
        )

    def test_the_dashboard_shows_unread_notifications_and_reading_one_opens_its_link(self):
        builders.staff_login(self.client, self.reporter)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, "เปิดรอบการรายงาน: รอบรายงานไตรมาส 2")
        delivery = Delivery.objects.get(user=self.reporter, channel=Channel.IN_APP)
        response = self.client.post(reverse("notifications_mark_read"), {"id": delivery.pk})
        self.assertRedirects(response, "http://testserver/admin/", fetch_redirect_response=False)
        delivery.refresh_from_db()
        self.assertIsNotNone(delivery.read_at)
        self.assertContains(self.client.get(reverse("notifications_inbox")), "รอบรายงานไตรมาส 2")

    def test_nobody_reads_or_marks_another_users_notifications(self):
        builders.staff_login(self.client, self.admin)
        delivery = Delivery.objects.get(user=self.reporter, channel=Channel.IN_APP)
        self.assertNotContains(self.client.get(reverse("notifications_inbox")), "รอบรายงานไตรมาส 2")
        self.client.post(reverse("notifications_mark_read"), {"id": delivery.pk})
        delivery.refresh_from_db()
        self.assertIsNone(delivery.read_at)

    def test_each_user_chooses_channels_per_kind_of_event(self):
        builders.staff_login(self.client, self.reporter)
        data = {kind.value: ["email", "in_app"] for kind in EventKind} | {EventKind.DEADLINE.value: ["line"]}
        response = self.client.post(reverse("notifications_preferences"), data)
        self.assertRedirects(response, reverse("notifications_preferences"))
        preference = Preference.objects.get(user=self.reporter, kind=EventKind.DEADLINE)
        self.assertEqual(preference.channels(), {"line"})

    def test_the_delivery_log_is_for_pmo_administrators_only(self):
        url = reverse("notification_deliveries:index")
        builders.staff_login(self.client, self.reporter)
        self.assertNotEqual(self.client.get(url).status_code, 200)
        builders.staff_login(self.client, self.admin)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "user:")
        delivery = Delivery.objects.filter(channel=Channel.EMAIL).first()
        inspect = self.client.get(reverse("notification_deliveries:inspect", args=[delivery.pk]))
        self.assertContains(inspect, delivery.get_status_display())

    def test_a_pmo_administrator_links_a_line_user_to_a_staff_user(self):
        link = LineLink.objects.create(line_id=line_id(), kind=LineLink.Kind.USER)
        builders.staff_login(self.client, self.reporter)
        self.assertNotEqual(self.client.get(reverse("line_links:edit", args=[link.pk])).status_code, 200)
        builders.staff_login(self.client, self.admin)
        response = self.client.post(
            reverse("line_links:edit", args=[link.pk]), {"user": self.reporter.pk, "agency": "", "active": "on"}
        )
        self.assertEqual(response.status_code, 302)
        link.refresh_from_db()
        self.assertEqual(link.user, self.reporter)
