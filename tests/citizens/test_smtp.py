"""End to end through a real SMTP server on 127.0.0.1: follow, receive the message, confirm by its link."""

from django.test import TestCase, override_settings

from citizens.selectors import followers_of
from tests import builders

from .helpers import SmtpInbox, fresh_limits, links_in, path_of


class FollowBySmtpTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.directive = builders.directive("นร 1/2569", cls.agency, title="เร่งรัดการฉีดวัคซีน")

    def setUp(self):
        fresh_limits()

    def test_follow_then_confirm_by_the_link_in_the_message_the_server_received(self):
        with SmtpInbox() as inbox, override_settings(**inbox.settings):
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(f"/th/citizens/follow/item/{self.directive.pk}/", {"email": "somchai@example.com"})
            self.assertEqual(len(inbox.messages), 1)
            message = inbox.messages[0]
            self.assertEqual(message["To"], "somchai@example.com")
            self.assertIn("เร่งรัดการฉีดวัคซีน", message["Subject"])
            self.assertEqual(message["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
            confirm, unsubscribe = links_in(SmtpInbox.text(message))
            # A long header is folded onto its next line.
            self.assertEqual(message["List-Unsubscribe"].strip(), f"<{unsubscribe}>")
            self.assertEqual(followers_of(self.directive).count(), 0)
            self.client.post(path_of(confirm))
            self.assertEqual([f.email for f in followers_of(self.directive)], ["somchai@example.com"])
            self.client.post(path_of(unsubscribe))
            self.assertEqual(followers_of(self.directive).count(), 0)
            self.assertEqual(len(inbox.messages), 1, "nothing but the confirmation was sent")
