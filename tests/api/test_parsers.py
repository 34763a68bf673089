"""
Bodies no API endpoint can read are 400 problem details in the client's language, never a server
error: nesting that would exhaust Python's stack, bytes that are not UTF-8, lone surrogates,
``NaN``/``Infinity`` and numbers too large to hold (``api.parsers``).
"""

import json

from django.core.cache import cache
from django.test import TestCase

from api.parsers import MAX_DEPTH, json_checked
from api.services import apikey_issue
from tests import builders
from updates.models import ProgressUpdatePage

HOSTILE_BODIES = {
    "nested 100 000 deep": b"[" * 100_000 + b"]" * 100_000,
    "objects nested 100 000 deep": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "a value nested deeper than MAX_DEPTH": b'{"title": ' + b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1) + b"}",
    "not UTF-8": b'{"title": "\xff\xfe\xc3\x28"}',
    "a lone surrogate": b'{"title": "\\ud800", "public_summary": "x"}',
    "a lone surrogate as a key": b'{"\\udfff": 1}',
    "a NUL character": b'{"title": "a\\u0000b"}',
    "NaN": b'{"percent_complete": NaN}',
    "Infinity": b'{"percent_complete": -Infinity}',
    "a number too large for a double": b'{"percent_complete": 1e999}',
    "an integer of 5 000 digits": b'{"item": ' + b"9" * 5_000 + b"}",
    "truncated": b'{"item": 1, "title": "',
}


class HostileJSONBodyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.directive = builders.directive("นร 1/2569", cls.moph)
        cls.key = apikey_issue(agency=cls.moph, name="ระบบรายงาน")[1]
        cls.update = builders.update(cls.directive, cls.moph)

    def setUp(self):
        cache.clear()

    def send(self, method, url, body, language="th"):
        headers = {"authorization": f"Bearer {self.key}", "accept_language": language, "if_match": '"1"'}
        return getattr(self.client, method)(url, body, content_type="application/json", headers=headers)

    def test_every_hostile_body_is_a_400_problem_in_thai_on_post_and_patch(self):
        for method, url in (("post", "/api/v1/updates/"), ("patch", f"/api/v1/updates/{self.update.pk}/")):
            for label, body in HOSTILE_BODIES.items():
                with self.subTest(label, method=method):
                    response = self.send(method, url, body)
                    self.assertEqual(response.status_code, 400, response.content[:300])
                    self.assertEqual(response["Content-Type"], "application/problem+json")
                    problem = response.json()
                    self.assertEqual((problem["status"], problem["title"]), (400, "คำขอไม่ถูกต้อง"))
                    self.assertTrue(problem["detail"])
        self.assertEqual(ProgressUpdatePage.objects.count(), 1)

    def test_the_problem_is_in_english_when_asked(self):
        response = self.send("post", "/api/v1/updates/", HOSTILE_BODIES["nested 100 000 deep"], language="en")
        self.assertEqual(response.json()["title"], "The request is not valid.")
        self.assertIn(str(MAX_DEPTH), response.json()["detail"])

    def test_invalid_json_says_where(self):
        response = self.send("post", "/api/v1/updates/", b'{"item": 1,\n "title": x}', language="en")
        self.assertIn("line 2, column 11", response.json()["detail"])

    def test_indicator_values_sent_as_json_text_in_a_form_are_read_as_carefully(self):
        response = self.client.post(
            "/api/v1/updates/",
            {"item": self.directive.pk, "indicator_values": "[" * 100_000 + "]" * 100_000},
            headers={"authorization": f"Bearer {self.key}", "accept_language": "en"},
        )
        self.assertEqual(response.status_code, 400, response.content[:300])
        self.assertIn("indicator_values", response.json()["errors"])

    def test_ordinary_json_reads_as_ever(self):
        data = {"ข้อความ": "ภาษาไทย \u200b", "n": [1, 2.5, -3e10, None, True], "deep": [[[[{"a": "b"}]]]]}
        self.assertEqual(json_checked(json.dumps(data)), data)
        self.assertEqual(json_checked("[" * MAX_DEPTH + "]" * MAX_DEPTH), json.loads("[" * MAX_DEPTH + "]" * MAX_DEPTH))
