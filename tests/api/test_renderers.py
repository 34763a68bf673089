"""Every time in an API answer is UTC with ``Z``, whatever the site's time zone (``api.renderers``)."""

import csv
import datetime
import io
import re

from django.core.cache import cache
from django.test import SimpleTestCase, TestCase
from django.utils import timezone

from api.renderers import UTCJSONRenderer, utc_text
from api.services import apikey_issue
from tests import builders

ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def times_in(data) -> list[str]:
    if isinstance(data, dict):
        return [t for v in data.values() for t in times_in(v)]
    if isinstance(data, list):
        return [t for v in data for t in times_in(v)]
    return [data] if isinstance(data, str) and ISO_TIME.match(data) else []


class UTCAnswerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.directive = builders.directive("นร 1/2569", cls.moph)
        cls.update = builders.update(cls.directive, cls.moph, publish=True)
        cls.key = apikey_issue(agency=cls.moph, name="ระบบรายงาน")[1]

    def setUp(self):
        cache.clear()

    def get(self, url, **headers):
        return self.client.get(url, headers={"authorization": f"Bearer {self.key}", **headers})

    def test_assignments_updates_and_open_data_give_their_times_in_utc_with_z(self):
        answers = {
            url: self.get(url).json()
            for url in (
                "/api/v1/assignments/directives/",
                "/api/v1/updates/",
                f"/api/v1/updates/{self.update.pk}/",
                f"/api/v1/directives/{self.directive.pk}/",
                "/api/v1/open/directives/",
                "/api/v1/open/updates/",
            )
        }
        for url, answer in answers.items():
            with self.subTest(url):
                times = times_in(answer)
                self.assertTrue(times)
                self.assertEqual([t for t in times if not t.endswith("Z")], [])
        assignment = answers["/api/v1/assignments/directives/"]["results"][0]
        self.assertEqual(
            datetime.datetime.fromisoformat(assignment["updated_at"]),
            self.directive.assignments.get().updated_at,
        )

    def test_csv_open_data_gives_times_in_utc_with_z(self):
        response = self.get("/api/v1/open/updates/", accept="text/csv")
        (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
        self.assertTrue(row["last_published_at"].endswith("Z"), row["last_published_at"])


class UTCRendererTests(SimpleTestCase):
    def test_a_time_in_another_zone_is_written_in_utc(self):
        bangkok = datetime.datetime(2026, 3, 31, 16, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
        self.assertEqual(UTCJSONRenderer().render({"at": bangkok}), b'{"at":"2026-03-31T09:30:00Z"}')
        self.assertEqual(utc_text(timezone.localtime(bangkok)), "2026-03-31T09:30:00Z")
