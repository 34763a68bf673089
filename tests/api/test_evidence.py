"""
Evidence files sent with a progress update through the API (multipart): accepted by content, not
by name alone, within size and count limits, kept as private documents, and part of what an
``Idempotency-Key`` covers.
"""

import io

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from PIL import Image

from api.services import apikey_issue
from tests import builders
from updates.models import ProgressUpdatePage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


class EvidenceUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.directive = builders.directive("นร 1/2569", cls.moph)
        cls.key = apikey_issue(agency=cls.moph, name="ระบบ")[1]

    def setUp(self):
        cache.clear()

    def post(self, *files, status_claim="completed", **headers):
        data = {
            "item": self.directive.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "status_claim": status_claim,
            "percent_complete": 100,
            "status_reason": "ดำเนินการแล้วเสร็จ",
            "evidence": list(files),
        }
        headers = {"authorization": f"Bearer {self.key}", "accept_language": "en", **headers}
        return self.client.post("/api/v1/updates/", data, headers=headers)

    def test_a_completed_update_arrives_with_its_evidence_kept_as_a_private_document(self):
        response = self.post(SimpleUploadedFile("รายงานผล.pdf", PDF), SimpleUploadedFile("ภาพ.png", png()))
        self.assertEqual(response.status_code, 201, response.content)
        update = ProgressUpdatePage.objects.get()
        documents = [evidence.document for evidence in update.evidence.all()]
        self.assertEqual([document.title for document in documents], ["รายงานผล.pdf", "ภาพ.png"])
        with documents[0].file.open() as stored:
            self.assertEqual(stored.read(), PDF)
        self.assertNotEqual(self.client.get(documents[0].url).status_code, 200)

    def test_files_are_checked_by_content_kind_size_and_count(self):
        cases = {
            "a PNG named .pdf": [SimpleUploadedFile("report.pdf", png())],
            "a program": [SimpleUploadedFile("setup.exe", b"MZ\x90\x00")],
            "binary named .csv": [SimpleUploadedFile("data.csv", b"\x00\x01\x02")],
            "no extension": [SimpleUploadedFile("report", PDF)],
            "eleven files": [SimpleUploadedFile(f"r{n}.pdf", PDF) for n in range(11)],
        }
        for label, files in cases.items():
            with self.subTest(label):
                response = self.post(*files)
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn("evidence", response.json()["errors"])
        with override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=10):
            self.assertIn("evidence", self.post(SimpleUploadedFile("big.pdf", PDF)).json()["errors"])
        self.assertFalse(ProgressUpdatePage.objects.exists())

    def test_thai_text_files_in_utf8_or_windows_874_are_accepted(self):
        utf8 = SimpleUploadedFile("ตาราง.csv", "จังหวัด,จำนวน\nเชียงใหม่,12\n".encode())
        cp874 = SimpleUploadedFile("บันทึก.txt", "บันทึกการประชุม".encode("cp874"))
        self.assertEqual(self.post(utf8, cp874).status_code, 201)

    def test_an_idempotency_key_covers_the_files_too(self):
        first = self.post(SimpleUploadedFile("a.pdf", PDF), idempotency_key="k1")
        replay = self.post(SimpleUploadedFile("a.pdf", PDF), idempotency_key="k1")
        other = self.post(SimpleUploadedFile("a.pdf", PDF + b"%changed"), idempotency_key="k1")
        self.assertEqual((first.status_code, replay.status_code, other.status_code), (201, 201, 422))
        self.assertEqual(replay["Idempotent-Replayed"], "true")
        self.assertEqual(ProgressUpdatePage.objects.count(), 1)
