"""
The erasure ledger: one line per erasure, only ever appended to, readable by its owner only, with
nothing of the erased data; a restore merges the archive's copy into it.
"""

import stat
import tempfile
from pathlib import Path

from django.test import SimpleTestCase, override_settings
from django.utils import translation

from security.erasures import ErasureLedgerError, erasure_record, erasures_merge, erasures_read


class ErasureLedgerTests(SimpleTestCase):
    def setUp(self):
        self.path = Path(tempfile.mkdtemp(prefix="pm1-ledger-test-")) / "ledger" / "erasures.jsonl"
        self.enterContext(override_settings(ERASURE_LEDGER=str(self.path)))

    def test_each_erasure_is_appended_as_a_line_to_a_file_of_the_owner_only(self):
        erasure_record(subject="complaints.complainant", key=7, reference="ร 2569/0007")
        erasure_record(subject="complaints.complainant", key=9)
        self.assertEqual(stat.S_IMODE(self.path.stat().st_mode), 0o600)
        self.assertEqual(
            [(entry["subject"], entry["key"], entry["reference"]) for entry in erasures_read()],
            [("complaints.complainant", 7, "ร 2569/0007"), ("complaints.complainant", 9, "")],
        )
        self.assertTrue(all(entry["erased_at"] for entry in erasures_read()))

    def test_a_host_without_a_ledger_has_erased_nothing(self):
        self.assertEqual(erasures_read(), [])

    def test_merging_adds_only_the_erasures_the_ledger_does_not_list(self):
        erasure_record(subject="complaints.complainant", key=7)
        added = erasures_merge(
            [
                {"subject": "complaints.complainant", "key": "7"},
                {"subject": "complaints.complainant", "key": 8},
                {"subject": "complaints.complainant", "key": 8},
            ]
        )
        self.assertEqual(added, 1)
        self.assertEqual([entry["key"] for entry in erasures_read()], [7, 8])

    def test_a_last_line_cut_short_is_ignored_and_a_damaged_line_refused(self):
        erasure_record(subject="complaints.complainant", key=7)
        with self.path.open("ab") as ledger:
            ledger.write(b'{"subject": "compl')
        self.assertEqual([entry["key"] for entry in erasures_read()], [7])
        with self.path.open("ab") as ledger:
            ledger.write(b"\n")
        with translation.override("en"), self.assertRaisesMessage(ErasureLedgerError, "Line 2"):
            erasures_read()
