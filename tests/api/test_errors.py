"""
Every error an API endpoint meets is problem details (``api.errors``): the limits it states are the
real ones, and what Django or a view raises beyond DRF's own exceptions never becomes an HTML page.
"""

import json

from django.core.cache import cache
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.utils.translation import override
from rest_framework.views import APIView

from api.errors import megabytes, problem_exception_handler
from api.services import apikey_issue
from tests import builders


class TooLargeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.key = apikey_issue(agency=cls.moph, name="ระบบรายงาน")[1]

    def setUp(self):
        cache.clear()

    def post(self, body, **headers):
        headers = {"authorization": f"Bearer {self.key}", "accept_language": "en", **headers}
        return self.client.post("/api/v1/updates/", body, content_type="application/json", headers=headers)

    def test_a_body_over_the_limit_is_a_413_that_states_the_real_limit(self):
        response = self.post(json.dumps({"narrative": "x" * 3 * 2**20}))
        self.assertEqual(response.status_code, 413)
        self.assertEqual(response["Content-Type"], "application/problem+json")
        self.assertEqual(response.json()["detail"], "Send at most 2.5 MB.")

    def test_a_limit_of_whole_megabytes_is_stated_without_decimals(self):
        with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2**20):
            self.assertEqual(
                self.post(json.dumps({"narrative": "x" * 2 * 2**20})).json()["detail"], "Send at most 1 MB."
            )

    def test_too_many_form_fields_is_a_400_problem_not_an_html_page(self):
        body = "&".join(f"f{n}=1" for n in range(10_001))
        response = self.client.post(
            "/api/v1/updates/",
            body,
            content_type="application/x-www-form-urlencoded",
            headers={"authorization": f"Bearer {self.key}"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response["Content-Type"], "application/problem+json")


class MegabytesTests(SimpleTestCase):
    def test_sizes_are_shown_to_a_tenth_of_a_megabyte(self):
        with override("en"):
            self.assertEqual([megabytes(2_621_440), megabytes(20 * 2**20), megabytes(10)], ["2.5", "20", "0.0"])


class UnforeseenErrorTests(SimpleTestCase):
    def handle(self, error):
        request = APIView().initialize_request(RequestFactory().post("/api/v1/updates/", HTTP_ACCEPT_LANGUAGE="en"))
        return problem_exception_handler(error, {"request": request, "view": APIView()})

    def test_a_recursion_error_is_a_400_problem(self):
        response = self.handle(RecursionError("maximum recursion depth exceeded"))
        self.assertEqual((response.status_code, response.content_type), (400, "application/problem+json"))
        self.assertEqual(response.data["status"], 400)

    def test_any_other_error_is_a_logged_500_problem(self):
        with self.assertLogs("django.request", "ERROR") as logs:
            response = self.handle(ZeroDivisionError("boom"))
        self.assertEqual((response.status_code, response.content_type), (500, "application/problem+json"))
        self.assertEqual(set(response.data), {"type", "title", "status", "detail"})
        self.assertIn("ZeroDivisionError", logs.output[0])
