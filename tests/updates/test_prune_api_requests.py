"""``prune_api_requests``: old retry answers and finished receipts go; recent ones and waiting ones stay."""

from datetime import timedelta
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone

from api.models import IdempotentRequest
from tests import builders
from updates.models import UpdateSubmission


class PruneTests(TestCase):
    def test_old_answers_and_finished_receipts_are_forgotten(self):
        user = builders.user("somchai")
        agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        item = builders.directive("นร 1/2569", agency)
        old = timezone.now() - timedelta(days=8)
        for key, created_at in (("old", old), ("new", timezone.now())):
            answer = IdempotentRequest.objects.create(user=user, key=key, fingerprint="f", status_code=201, body={})
            IdempotentRequest.objects.filter(pk=answer.pk).update(created_at=created_at)
        for state in ("done", "refused", "received"):
            receipt = UpdateSubmission.objects.create(
                user=user, agency=agency, item=item, values={}, language="th", state=state
            )
            UpdateSubmission.objects.filter(pk=receipt.pk).update(received_at=old)
        UpdateSubmission.objects.create(user=user, agency=agency, item=item, values={}, language="th", state="done")

        out = StringIO()
        call_command("prune_api_requests", stdout=out)
        self.assertIn("1 idempotent answers and 2 receipts", out.getvalue())
        self.assertEqual(list(IdempotentRequest.objects.values_list("key", flat=True)), ["new"])
        self.assertEqual(sorted(UpdateSubmission.objects.values_list("state", flat=True)), ["done", "received"])
        with self.assertRaises(CommandError):
            call_command("prune_api_requests", "--days", "0")
