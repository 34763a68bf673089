"""
Uploads: checked by content, size and unpacked size, no markup; stored under unguessable names;
served with safe headers, and to visitors only when a public page uses them.
"""

import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.images.models import Image

from api.services import apikey_issue
from core.choices import Visibility
from core.roles import Role
from imports.models import ImportJob
from security.documents import MAX_UNPACKED_SIZE, evidence_check
from tests import builders

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def xlsx(sheet_size: int) -> bytes:
    """An XLSX as Office writes it, whose worksheet unpacks to ``sheet_size`` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b" " * 2**20
            for _ in range(sheet_size // len(block)):
                sheet.write(block)
    return buffer.getvalue()


def refused(name, content) -> str:
    """The message refusing the file, in English."""
    with translation.override("en"), SimpleTestCase.assertRaises(SimpleTestCase(), ValidationError) as caught:
        evidence_check(SimpleUploadedFile(name, content))
    with translation.override("en"):
        return " ".join(caught.exception.messages)


class ContentCheckTests(SimpleTestCase):
    def test_a_web_page_renamed_pdf_is_refused(self):
        self.assertIn("web page or an SVG image", refused("report.pdf", HTML))

    def test_an_svg_with_a_script_is_refused_under_any_name(self):
        for name in ("chart.svg", "chart.png", "chart.pdf"):
            with self.subTest(name=name):
                self.assertIn("can carry scripts", refused(name, SVG))

    @override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=2**20)
    def test_an_oversized_file_is_refused(self):
        self.assertIn("big.pdf is larger than 1 MB", refused("big.pdf", PDF + b"0" * 2**21))

    def test_a_zip_bomb_is_refused(self):
        bomb = xlsx(MAX_UNPACKED_SIZE + 2**20)
        self.assertLess(len(bomb), 2 * 2**20, "it weighs little")
        self.assertIn("zip bomb", refused("budget.xlsx", bomb))

    def test_a_damaged_archive_is_refused(self):
        self.assertIn("damaged", refused("budget.xlsx", xlsx(2**20)[:-200]))

    def test_ordinary_files_pass(self):
        evidence_check(SimpleUploadedFile("report.pdf", PDF))
        evidence_check(SimpleUploadedFile("budget.xlsx", xlsx(2**20)))
        evidence_check(SimpleUploadedFile("notes.txt", "บันทึกการประชุม <ไม่ใช่แท็ก>".encode()))


class AdminUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)

    def setUp(self):
        builders.staff_login(self.client, self.coordinator)

    def upload_document(self, name, content):
        return self.client.post(
            reverse("wagtaildocs:add"), {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1}
        )

    def test_the_admin_refuses_a_web_page_renamed_pdf_with_a_clear_message(self):
        response = self.upload_document("report.pdf", HTML)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "SVG")
        self.assertFalse(Document.objects.exists())

    def test_the_admin_refuses_a_zip_bomb(self):
        response = self.upload_document("budget.xlsx", xlsx(MAX_UNPACKED_SIZE + 2**20))
        self.assertContains(response, "zip bomb")
        self.assertFalse(Document.objects.exists())

    def test_the_admin_refuses_an_svg_image(self):
        response = self.client.post(
            reverse("wagtailimages:add"),
            {"title": "chart", "file": SimpleUploadedFile("chart.svg", SVG), "collection": 1},
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Image.objects.exists())

    def file_errors(self, response):
        return response.context["form"].errors["file"]

    def test_a_refused_document_gets_pm1s_reason_alone(self):
        for name, content in (("chart.svg", SVG), ("chart.png", SVG), ("report.pdf", HTML)):
            with self.subTest(name=name):
                response = self.upload_document(name, content)
                self.assertEqual(
                    self.file_errors(response),
                    [f"{name} เป็นหน้าเว็บหรือภาพ SVG ซึ่งอาจมีสคริปต์แฝงอยู่ กรุณาส่งเป็น PDF หรือ PNG"],
                )
                self.assertNotContains(response, "“”")

    def test_a_zip_bomb_gets_pm1s_reason_alone(self):
        response = self.upload_document("budget.xlsx", xlsx(MAX_UNPACKED_SIZE + 2**20))
        self.assertEqual(len(self.file_errors(response)), 1)
        self.assertNotContains(response, "“”")

    def test_a_refused_image_gets_pm1s_reason_alone_in_the_users_language(self):
        for language, reason in (
            ("th", "chart.png เป็นหน้าเว็บหรือภาพ SVG ซึ่งอาจมีสคริปต์แฝงอยู่ กรุณาส่งเป็น PDF หรือ PNG"),
            ("en", "chart.png is a web page or an SVG image, which can carry scripts: send it as PDF or PNG."),
        ):
            with self.subTest(language=language), translation.override(language):
                response = self.client.post(
                    reverse("wagtailimages:add"),
                    {"title": "chart", "file": SimpleUploadedFile("chart.png", SVG), "collection": 1},
                    headers={"accept-language": language},
                )
                self.assertEqual(self.file_errors(response), [reason])
                self.assertFalse(Image.objects.exists())

    def test_an_accepted_document_gets_an_unguessable_name_outside_the_code_tree(self):
        response = self.upload_document("report.pdf", PDF)
        self.assertEqual(response.status_code, 302)
        document = Document.objects.get()
        self.assertRegex(document.file.name, r"^documents/[0-9a-f]{32}/report\.pdf$")
        self.assertEqual(document.filename, "report.pdf")


class ImportUploadTests(TestCase):
    def test_the_import_screen_refuses_a_zip_bomb(self):
        builders.staff_login(self.client, builders.user("administrator", role=Role.PMO_ADMIN))
        upload = SimpleUploadedFile("directives.xlsx", xlsx(MAX_UNPACKED_SIZE + 2**20))
        response = self.client.post(reverse("imports_index"), {"kind": "directives", "file": upload})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "zip bomb")
        self.assertFalse(ImportJob.objects.exists())


class ApiUploadTests(TestCase):
    def test_the_api_refuses_a_zip_bomb_as_evidence(self):
        moph = builders.agency("MOPH")
        directive = builders.directive("นร 1/2569", moph)
        key = apikey_issue(agency=moph, name="ระบบ")[1]
        response = self.client.post(
            "/api/v1/updates/",
            {
                "item": directive.pk,
                "period_start": "2026-01-01",
                "period_end": "2026-03-31",
                "status_claim": "completed",
                "percent_complete": 100,
                "status_reason": "เสร็จ",
                "evidence": [SimpleUploadedFile("budget.xlsx", xlsx(MAX_UNPACKED_SIZE + 2**20))],
            },
            headers={"authorization": f"Bearer {key}", "accept_language": "en"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("zip bomb", response.content.decode())


class DocumentServingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH")
        cls.public_document = builders.evidence_document()
        cls.internal_document = builders.evidence_document()
        link = '<p>เอกสาร <a linktype="document" id="{}">ประกอบ</a></p>'
        builders.directive("นร 1/2569", cls.agency, body=link.format(cls.public_document.pk))
        builders.directive(
            "นร 2/2569", cls.agency, body=link.format(cls.internal_document.pk), visibility=Visibility.INTERNAL
        )

    def test_a_document_of_a_public_page_is_served_with_safe_headers(self):
        response = self.client.get(self.public_document.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Content-Security-Policy"], "default-src 'none'")
        self.assertTrue(re.match(r'(inline|attachment); filename="evidence\.pdf"', response["Content-Disposition"]))

    def test_a_document_stored_without_a_hash_gets_a_true_etag_and_no_false_encoding(self):
        # As an executive summary's PDF is stored: by code, not Wagtail's upload form.
        self.assertEqual(Document.objects.get(pk=self.public_document.pk).file_hash, "")
        response = self.client.get(self.public_document.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Content-Encoding", response)
        etag = response["ETag"]
        self.assertRegex(etag, r'^"[0-9a-f]{40}"$')
        again = self.client.get(self.public_document.url, headers={"if-none-match": etag})
        self.assertEqual(again.status_code, 304)

    def test_a_document_of_an_internal_item_is_404_for_visitors(self):
        self.assertEqual(self.client.get(self.internal_document.url).status_code, 404)
