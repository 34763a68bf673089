"""
The agency developers' guide (docs/agency-api.md): every curl example in it runs, as printed,
against a running PM1, and does what the guide says.
"""

import json
import re
import subprocess
import tempfile
from pathlib import Path

from django.test import LiveServerTestCase, SimpleTestCase

from api.services import apikey_issue
from tests import builders
from updates.models import ProgressUpdatePage

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "agency-api.md"
EXAMPLE = re.compile(r"```sh\n(.*?)```", re.DOTALL)


class GuideTests(LiveServerTestCase):
    # The locales and the home page that migrations create come back after every test's flush.
    serialized_rollback = True

    def test_every_curl_example_of_the_guide_runs_and_does_what_it_says(self):
        moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        directive = builders.directive("นร 1/2569", moph)
        key = apikey_issue(agency=moph, name="ระบบรายงาน")[1]
        examples = EXAMPLE.findall(GUIDE.read_text(encoding="utf-8"))
        self.assertGreaterEqual(len(examples), 7)
        environment = {
            "PM1": self.live_server_url,
            "PM1_KEY": key,
            "DIRECTIVE_ID": str(directive.pk),
            "PATH": "/usr/bin:/bin",
        }
        with tempfile.TemporaryDirectory() as workdir:
            Path(workdir, "report.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
            for example in examples:
                with self.subTest(example=example.splitlines()[0]):
                    done = subprocess.run(
                        ["sh", "-c", example],
                        cwd=workdir,
                        env=environment,
                        capture_output=True,
                        timeout=60,
                        check=False,
                    )
                    self.assertEqual(done.returncode, 0, done.stderr.decode() + done.stdout.decode()[:500])
                    if done.stdout:
                        json.loads(done.stdout)
            csv_text = Path(workdir, "directives.csv").read_text(encoding="utf-8-sig")
        self.assertIn("นร 1/2569", csv_text)
        updates = ProgressUpdatePage.objects.filter(agency=moph)
        self.assertEqual(sorted(updates.values_list("status_claim", flat=True)), ["at_risk", "completed", "on_track"])
        self.assertEqual(updates.get(status_claim="completed").evidence.count(), 1)


class GuideContentTests(SimpleTestCase):
    """What agency developers must know before they send a report, stated in the guide."""

    guide = GUIDE.read_text(encoding="utf-8")

    def section(self, heading: str) -> str:
        return self.guide.split(heading, 1)[1].split("\n#", 1)[0]

    def test_the_guide_says_idempotency_key_is_optional_what_a_retry_without_it_does_and_why(self):
        section = self.section("### ส่วนหัว `Idempotency-Key`")
        self.assertIn("ไม่บังคับ", section)
        self.assertIn("ไม่ใส่ส่วนหัวนี้ PM1 ก็รับรายงาน", section)
        self.assertIn("รายงานฉบับที่สอง", section)
        self.assertIn("Idempotent-Replayed: true", section)
        self.assertIn("422", section)
        self.assertIn("เพราะ", section)

    def test_the_guide_says_when_status_reason_is_required(self):
        section = self.section("## 4. ส่งรายงานความก้าวหน้า")
        self.assertIn("`status_reason`", section)
        self.assertIn("สถานะของรายงานล่าสุดของหน่วยงานที่เผยแพร่แล้ว", section)
        self.assertIn("`not_started`", section)
