"""
The followers' receiver (citizens.signals): a published item, or an update published under it, is
news to its followers, unless events are muted (the demo loader's replays).
"""

from django.core import mail
from django.test import TestCase

from citizens.models import Follower
from notifications.signals import muted
from tests import builders


class FollowersReceiverTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.directive = builders.directive("นร 1/2569", cls.agency, title="เร่งรัดการฉีดวัคซีน")
        Follower.objects.create(
            email="somchai@example.com", language="th", page=cls.directive, state=Follower.State.CONFIRMED
        )

    def publish_item(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.directive.save_revision().publish()

    def test_republishing_an_item_tells_its_followers(self):
        self.publish_item()
        self.assertEqual([message.to for message in mail.outbox], [["somchai@example.com"]])
        self.assertIn("เร่งรัดการฉีดวัคซีน", mail.outbox[0].subject)

    def test_followers_hear_nothing_while_events_are_muted(self):
        with muted():
            self.publish_item()
        self.assertEqual(mail.outbox, [])
