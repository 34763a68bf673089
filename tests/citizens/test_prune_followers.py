"""``manage.py prune_followers`` deletes the addresses that never confirmed while their link worked."""

import datetime
from io import StringIO

import time_machine
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from citizens import services
from citizens.models import Follower
from tests import builders


class PruneFollowersTests(TestCase):
    def test_only_follows_unconfirmed_past_their_links_age_are_deleted(self):
        agency = builders.agency("MOPH")
        with time_machine.travel(timezone.now() - datetime.timedelta(days=8)):
            stale = services.follow_request(target=agency, email="stale@example.com", language="th")
            confirmed = services.follow_confirm(
                follower=services.follow_request(target=agency, email="kept@example.com", language="th")
            )
        recent = services.follow_request(target=agency, email="recent@example.com", language="en")
        out = StringIO()
        call_command("prune_followers", stdout=out)
        self.assertIn("1", out.getvalue())
        self.assertCountEqual(Follower.objects.values_list("pk", flat=True), [confirmed.pk, recent.pk])
        self.assertFalse(Follower.objects.filter(pk=stale.pk).exists())
