"""
Addresses in API answers are on the host the client called, as Django reads it (``api.links``), not
the Site record's hostname; a proxy's ``X-Forwarded-Host`` counts only with ``USE_X_FORWARDED_HOST``.
"""

import csv
import io

from django.core.cache import cache
from django.test import TestCase, override_settings
from wagtail.models import Site

from api.services import apikey_issue
from tests import builders

HOST = "pm1.example.go.th"
OPEN_DATA = ("/api/v1/open/directives/", "/api/v1/open/policies/", "/api/v1/open/updates/")


def urls_in(data) -> list[str]:
    """Every ``url`` in an answer, however deep."""
    if isinstance(data, dict):
        return [v for k, v in data.items() if k == "url" and v] + [u for v in data.values() for u in urls_in(v)]
    if isinstance(data, list):
        return [u for v in data for u in urls_in(v)]
    return []


@override_settings(ALLOWED_HOSTS=[HOST, "testserver"])
class CalledHostTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        Site.objects.update(hostname="localhost", port=80)
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.directive = builders.directive("นร 1/2569", cls.moph)
        cls.policy = builders.policy("นโยบายสุขภาพ", cls.moph, number="1")
        cls.update = builders.update(cls.directive, cls.moph, publish=True)
        cls.key = apikey_issue(agency=cls.moph, name="ระบบรายงาน")[1]

    def setUp(self):
        cache.clear()

    def get(self, url, **headers):
        response = self.client.get(url, headers={"authorization": f"Bearer {self.key}", "host": HOST, **headers})
        self.assertEqual(response.status_code, 200)
        return response

    def test_every_url_in_the_agency_api_is_on_the_host_called(self):
        answers = {
            url: self.get(url).json()
            for url in (
                "/api/v1/assignments/directives/",
                "/api/v1/assignments/policies/",
                f"/api/v1/directives/{self.directive.pk}/",
                f"/api/v1/policies/{self.policy.pk}/",
                "/api/v1/updates/",
                f"/api/v1/updates/{self.update.pk}/",
                *OPEN_DATA,
            )
        }
        for url, answer in answers.items():
            with self.subTest(url):
                found = urls_in(answer)
                self.assertTrue(found)
                for address in found:
                    self.assertTrue(address.startswith(f"http://{HOST}/"), address)
        self.assertEqual(
            answers[f"/api/v1/directives/{self.directive.pk}/"]["url"], f"http://{HOST}{self.directive.url}"
        )

    def test_csv_open_data_has_the_called_host_too(self):
        for url in OPEN_DATA:
            with self.subTest(url):
                rows = list(
                    csv.DictReader(
                        io.StringIO(b"".join(self.get(url, accept="text/csv").streaming_content).decode("utf-8-sig"))
                    )
                )
                self.assertTrue(rows)
                self.assertTrue(all(row["url"].startswith(f"http://{HOST}/") for row in rows))

    def test_a_forwarded_host_counts_only_when_the_settings_say_so(self):
        url = f"/api/v1/directives/{self.directive.pk}/"
        forwarded = {"x_forwarded_host": HOST, "host": "testserver"}
        self.assertTrue(self.get(url, **forwarded).json()["url"].startswith("http://testserver/"))
        with override_settings(USE_X_FORWARDED_HOST=True):
            self.assertTrue(self.get(url, **forwarded).json()["url"].startswith(f"http://{HOST}/"))

    def test_a_host_not_allowed_is_refused_before_any_url_is_built(self):
        response = self.client.get("/api/v1/open/directives/", headers={"host": "evil.example"})
        self.assertEqual(response.status_code, 400)
