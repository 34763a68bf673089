"""
``import_complaints`` / ``export_complaints`` and the admin's import screen: complaints in files, with
their referrals; never any complainant's personal data, which has no column.
"""

from django.test import TestCase

from complaints.models import Complainant, ComplaintPage
from complaints.services import complainant_save
from imports.services import items_export, items_import
from tests import builders
from tests.complaints import helpers
from tests.imports.helpers import csv_bytes

HEADER = [
    "ref",
    "title_th",
    "track",
    "received_on",
    "channel",
    "mp_or_committee",
    "category",
    "province",
    "district",
    "details",
    "public_summary",
    "agencies",
    "deadline",
    "status",
    "visibility",
]
REFERRED = [
    "ส 2569/0101",
    "ขอให้ขุดลอกคลองส่งน้ำ",
    "parliament",
    "5/01/2569",
    "mp_motion",
    "นายตัวอย่าง ส.ส.",
    "infrastructure",
    "สุพรรณบุรี",
    "เมือง",
    "คลองตื้นเขิน น้ำไม่พอทำนา",
    "ขอให้ขุดลอกคลอง",
    "มท.; คค.",
    "31/03/2569",
    "",
    "public",
]
RECEIVED = [
    "ร 2569/0102",
    "ร้องเรียนค่าไฟฟ้าสูงผิดปกติ",
    "secretary",
    "2026-01-09",
    "1111",
    "",
    "หนี้สินและการครองชีพ",
    "",
    "",
    "ค่าไฟฟ้าเดือนล่าสุดสูงกว่าปกติสามเท่า",
    "",
    "",
    "",
    "",
    "",
]


class ComplaintImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        builders.agency("MOI", "กระทรวงมหาดไทย", short_name_th="มท.")
        builders.agency("MOT", "กระทรวงคมนาคม", short_name_th="คค.")
        helpers.complaint_index()
        cls.user = helpers.coordinator()

    def load(self, data, **options):
        return items_import(kind="complaints", data=data, filename="complaints.csv", user=self.user, **options)

    def test_rows_become_complaints_referred_or_received_each_with_an_empty_complainant_record(self):
        result = self.load(csv_bytes([REFERRED, RECEIVED], header=HEADER), publish=True)
        self.assertEqual((result.created, result.rejected), (2, 0), [p.as_json() for p in result.problems])
        referred = ComplaintPage.objects.get(reference="ส 2569/0101")
        self.assertEqual(
            (referred.track, referred.stage, referred.channel, referred.visibility, referred.live),
            ("parliament", "referred", "mp_motion", "public", True),
        )
        self.assertEqual(sorted(a.agency.code for a in referred.assignments.all()), ["MOI", "MOT"])
        received = ComplaintPage.objects.get(reference="ร 2569/0102")
        self.assertEqual(
            (received.stage, received.channel, received.category, received.visibility),
            ("received", "hotline_1111", "economy", "internal"),
        )
        self.assertEqual(Complainant.objects.filter(name="").count(), 2)

    def test_an_exported_file_imports_as_unchanged_and_carries_no_personal_data(self):
        self.load(csv_bytes([REFERRED, RECEIVED], header=HEADER), publish=True)
        complainant_save(complaint=ComplaintPage.objects.get(reference="ร 2569/0102"), **helpers.PERSONAL)
        exported = items_export(kind="complaints", file_format="csv")
        for value in helpers.PERSONAL.values():
            self.assertNotIn(value, exported.decode("utf-8-sig"))
        again = self.load(exported, publish=True)
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 2))

    def test_a_changed_row_updates_the_complaint_with_a_new_revision(self):
        self.load(csv_bytes([REFERRED], header=HEADER), publish=True)
        changed = list(REFERRED)
        changed[7] = "อ่างทอง"
        result = self.load(csv_bytes([changed], header=HEADER), publish=True)
        self.assertEqual(result.updated, 1)
        self.assertEqual(ComplaintPage.objects.get(reference="ส 2569/0101").province, "อ่างทอง")

    def test_rows_on_another_track_or_public_without_a_summary_are_refused(self):
        wrong_track = list(RECEIVED)
        wrong_track[2] = "policy"
        no_summary = list(RECEIVED)
        no_summary[0], no_summary[14] = "ร 2569/0103", "public"
        result = self.load(csv_bytes([wrong_track, no_summary], header=HEADER))
        self.assertEqual(result.rejected, 2)
        self.assertEqual({p.column for p in result.problems}, {"track", "public_summary"})
        self.assertFalse(ComplaintPage.objects.exists())
