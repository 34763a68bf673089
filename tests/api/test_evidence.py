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


class EvidenceInTheAnswerTests(TestCase):
    """The update's answer lists its evidence files, which the same key downloads."""

    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.moi = builders.agency("MOI", "กระทรวงมหาดไทย")
        cls.directive = builders.directive("นร 1/2569", cls.moph)
        cls.other = builders.directive("นร 2/2569", cls.moi)
        cls.key = apikey_issue(agency=cls.moph, name="ระบบ")[1]
        cls.moi_key = apikey_issue(agency=cls.moi, name="ระบบ มท.")[1]

    def setUp(self):
        cache.clear()

    def get(self, url, key=None):
        return self.client.get(url, headers={"authorization": f"Bearer {key or self.key}"})

    def post(self, *files):
        data = {
            "item": self.directive.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "status_claim": "completed",
            "percent_complete": 100,
            "status_reason": "ดำเนินการแล้วเสร็จ",
            "evidence": list(files),
        }
        return self.client.post("/api/v1/updates/", data, headers={"authorization": f"Bearer {self.key}"})

    def test_the_answer_lists_each_file_with_its_name_size_type_and_a_download_address(self):
        created = self.post(SimpleUploadedFile("รายงานผล.pdf", PDF), SimpleUploadedFile("ภาพ.png", png()))
        self.assertEqual(created.status_code, 201, created.content)
        evidence = created.json()["evidence"]
        self.assertEqual(
            [(file["name"], file["title"], file["size"], file["content_type"]) for file in evidence],
            [
                ("รายงานผล.pdf", "รายงานผล.pdf", len(PDF), "application/pdf"),
                ("ภาพ.png", "ภาพ.png", len(png()), "image/png"),
            ],
        )
        update = ProgressUpdatePage.objects.get()
        self.assertEqual(self.get(f"/api/v1/updates/{update.pk}/").json()["evidence"], evidence)
        self.assertEqual(self.get("/api/v1/updates/").json()["results"][0]["evidence"], evidence)
        download = self.get(evidence[0]["url"])
        self.assertEqual(download.status_code, 200)
        self.assertEqual(b"".join(download.streaming_content), PDF)
        self.assertEqual(download["Content-Type"], "application/pdf")
        self.assertTrue(download["Content-Disposition"].startswith("attachment"))
        self.assertEqual(download["X-Content-Type-Options"], "nosniff")

    def test_only_those_who_may_read_the_update_download_its_files(self):
        self.post(SimpleUploadedFile("รายงานผล.pdf", PDF))
        update = ProgressUpdatePage.objects.get()
        url = self.get(f"/api/v1/updates/{update.pk}/").json()["evidence"][0]["url"]
        self.assertEqual(self.client.get(url).status_code, 401)
        self.assertEqual(self.get(url, key=self.moi_key).status_code, 404)

    def test_a_file_is_downloaded_only_through_its_own_update(self):
        self.post(SimpleUploadedFile("รายงานผล.pdf", PDF))
        mine = ProgressUpdatePage.objects.get()
        evidence_id = mine.evidence.get().pk
        other = builders.update(self.directive, self.moph, period=(mine.period_start, mine.period_end))
        self.assertEqual(self.get(f"/api/v1/updates/{other.pk}/evidence/{evidence_id}/").status_code, 404)

    def test_evidence_attached_in_the_admin_is_listed_too(self):
        update = builders.update(self.directive, self.moph, evidence=True)
        (listed,) = self.get(f"/api/v1/updates/{update.pk}/").json()["evidence"]
        self.assertEqual(
            (listed["name"], listed["title"], listed["content_type"]), ("evidence.pdf", "หลักฐาน", "application/pdf")
        )
        self.assertEqual(listed["size"], len(b"%PDF-1.4 evidence"))

    def test_a_download_is_answered_whatever_the_client_accepts(self):
        update = builders.update(self.directive, self.moph, evidence=True)
        url = self.get(f"/api/v1/updates/{update.pk}/").json()["evidence"][0]["url"]
        response = self.client.get(url, headers={"authorization": f"Bearer {self.key}", "accept": "application/pdf"})
        self.assertEqual(response.status_code, 200)
