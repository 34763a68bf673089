"""
``manage.py erase_complainant_data``: complainants' personal data goes once the retention period
after closing has passed; the anonymised case stays; every erasure is in the audit log.
"""

import datetime
import tempfile
from io import StringIO
from pathlib import Path

import time_machine
from django.core.management import call_command
from django.test import TestCase, override_settings
from wagtail.models import ModelLogEntry

from complaints.models import Complainant, ComplaintPage
from complaints.services import ERASED, ERASURE_SUBJECT, complaint_close
from security.erasures import erasures_apply_again, erasures_read
from tests import builders
from tests.complaints import helpers

TODAY = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


@override_settings(COMPLAINANT_DATA_RETENTION_DAYS=90)
@time_machine.travel(TODAY, tick=False)
class ErasureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        moi = builders.agency("MOI")
        cls.old = helpers.complaint("ร 2569/0001", moi, complainant=helpers.PERSONAL)
        complaint_close(
            complaint=cls.old, user=helpers.coordinator(), outcome="แก้ไขแล้ว", closed_on=datetime.date(2026, 8, 1)
        )
        cls.recent = helpers.complaint("ร 2569/0002", moi, complainant=helpers.PERSONAL)
        complaint_close(
            complaint=cls.recent, user=helpers.coordinator(), outcome="แก้ไขแล้ว", closed_on=datetime.date(2026, 11, 1)
        )
        cls.open = helpers.complaint("ร 2569/0003", moi, complainant=helpers.PERSONAL)

    def setUp(self):
        self.ledger = Path(tempfile.mkdtemp(prefix="pm1-ledger-test-")) / "erasures.jsonl"
        self.enterContext(override_settings(ERASURE_LEDGER=str(self.ledger)))

    def erase(self, *args):
        out = StringIO()
        call_command("erase_complainant_data", *args, stdout=out)
        return out.getvalue()

    def test_a_dry_run_counts_what_is_due_and_changes_nothing(self):
        self.assertIn("1", self.erase("--dry-run"))
        self.assertEqual(Complainant.objects.filter(erased_at__isnull=False).count(), 0)
        self.assertFalse(ModelLogEntry.objects.filter(action=ERASED).exists())

    def test_only_complaints_closed_longer_ago_than_the_retention_period_lose_their_personal_data(self):
        self.erase()
        old = Complainant.objects.get(complaint=self.old)
        self.assertEqual(
            {name: getattr(old, name) for name in Complainant.PERSONAL_FIELDS},
            dict.fromkeys(Complainant.PERSONAL_FIELDS, ""),
        )
        self.assertIsNotNone(old.erased_at)
        for kept in (self.recent, self.open):
            self.assertEqual(Complainant.objects.get(complaint=kept).name, helpers.PERSONAL["name"])

    def test_the_case_stays_anonymised_and_the_erasure_is_audit_logged_without_the_data(self):
        self.erase()
        case = ComplaintPage.objects.get(pk=self.old.pk)
        self.assertEqual((case.stage, case.outcome), (ComplaintPage.Stage.CLOSED, "แก้ไขแล้ว"))
        entry = ModelLogEntry.objects.get(action=ERASED)
        self.assertEqual(entry.data["complaint"], self.old.pk)
        self.assertNotIn(helpers.PERSONAL["name"], str(entry.data) + entry.label)

    def test_running_again_erases_nothing_more(self):
        self.erase()
        self.assertIn("0", self.erase())
        self.assertEqual(ModelLogEntry.objects.filter(action=ERASED).count(), 1)

    def test_every_erasure_is_in_the_ledger_outside_the_database_without_the_data(self):
        self.erase("--dry-run")
        self.assertEqual(erasures_read(), [])
        self.erase()
        self.assertEqual(
            [(entry["subject"], entry["key"], entry["reference"]) for entry in erasures_read()],
            [(ERASURE_SUBJECT, self.old.pk, "ร 2569/0001")],
        )
        written = self.ledger.read_text()
        for value in helpers.PERSONAL.values():
            self.assertNotIn(value, written)

    def test_data_that_came_back_is_erased_again_from_the_ledger_and_only_that(self):
        self.erase()
        # What a restore of an older backup does: the erased record holds its data again.
        Complainant.objects.filter(complaint=self.old).update(erased_at=None, **helpers.PERSONAL)
        self.assertEqual(erasures_apply_again(erasures_read()), 1)
        old = Complainant.objects.get(complaint=self.old)
        self.assertEqual(
            {name: getattr(old, name) for name in Complainant.PERSONAL_FIELDS},
            dict.fromkeys(Complainant.PERSONAL_FIELDS, ""),
        )
        self.assertIsNotNone(old.erased_at)
        self.assertEqual(Complainant.objects.get(complaint=self.recent).name, helpers.PERSONAL["name"])
        self.assertEqual(erasures_apply_again(erasures_read()), 0)
