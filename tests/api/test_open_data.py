"""
/api/v1/open/…: published public directives, policies, progress updates and agencies for anyone,
as JSON pages or CSV that Excel reads; never internal items, unpublished updates, internal
narratives or personal data.
"""

import csv
import datetime
import io
from unittest import mock

from django.core.cache import cache
from django.test import TestCase

from agencies.models import Agency
from api.services import apikey_issue
from api.throttling import AnonymousRateThrottle
from core.choices import Track, Visibility
from tests import builders


class OpenDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.moi = builders.agency("MOI", "กระทรวงมหาดไทย")
        reporter = builders.user("somchai", agency=cls.moph, membership="reporter")
        cls.public = builders.directive(
            "นร 1/2569", cls.moph, cls.moi, title="เร่งรัดการฉีดวัคซีน", deadline=datetime.date(2026, 6, 30)
        )
        cls.internal = builders.directive("นร 2/2569", cls.moi, visibility=Visibility.INTERNAL, title="เรื่องภายใน")
        builders.directive("นร 3/2569", cls.moi, live=False, title="ร่างข้อสั่งการ")
        builders.directive("นร 4/2569", cls.moi, track=Track.PARLIAMENT, issued_on=datetime.date(2025, 1, 15))
        cls.update = builders.update(
            cls.public, cls.moph, owner=reporter, public_summary="ฉีดแล้วร้อยละ 40", title="รายงานไตรมาส 1", publish=True
        )
        builders.update(cls.public, cls.moph, title="ร่างรายงาน")
        builders.update(cls.internal, cls.moi, title="รายงานเรื่องภายใน", publish=True)
        cls.parent = builders.policy("นโยบายสุขภาพ", cls.moph, number="1")
        builders.policy("คลินิกชุมชน", cls.moph, number="1.1", parent=cls.parent)
        builders.policy("นโยบายภายใน", cls.moph, visibility=Visibility.INTERNAL)
        builders.translate(cls.public, title="Speed up vaccination")

    def json(self, dataset, **params):
        response = self.client.get(f"/api/v1/open/{dataset}/", params)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()["results"]

    def csv(self, dataset, **params):
        response = self.client.get(f"/api/v1/open/{dataset}/", {"format": "csv", **params})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn(f"pm1-{dataset}.csv", response["Content-Disposition"])
        text = b"".join(response.streaming_content).decode("utf-8")
        self.assertTrue(text.startswith("\ufeff"))
        return list(csv.DictReader(io.StringIO(text[1:])))

    def test_directives_are_the_published_public_ones_with_their_agencies_lead_first(self):
        rows = self.json("directives")
        self.assertEqual([row["ref"] for row in rows], ["นร 1/2569", "นร 4/2569"])
        first = rows[0]
        self.assertEqual(
            (first["title"], first["agencies"], first["deadline"]), ("เร่งรัดการฉีดวัคซีน", ["MOPH", "MOI"], "2026-06-30")
        )
        self.assertTrue(first["url"].startswith("http"))

    def test_the_csv_has_the_same_rows_with_a_byte_order_mark_for_excel(self):
        rows = self.csv("directives")
        self.assertEqual(
            [(row["ref"], row["agencies"]) for row in rows], [("นร 1/2569", "MOPH;MOI"), ("นร 4/2569", "MOI")]
        )
        self.assertEqual(rows[1]["deadline"], "2026-06-30")

    def test_filters_narrow_the_datasets_and_bad_ones_are_problem_details(self):
        self.assertEqual([row["ref"] for row in self.json("directives", track="parliament")], ["นร 4/2569"])
        self.assertEqual([row["ref"] for row in self.json("directives", agency="MOPH")], ["นร 1/2569"])
        self.assertEqual([row["ref"] for row in self.json("directives", fiscal_year=2568)], ["นร 4/2569"])
        bad = (
            {"track": "secret"},
            {"agency": "NONE"},
            {"fiscal_year": "2025"},
            {"lang": "fr"},
            {"format": "csv", "track": "x"},
        )
        for params in bad:
            with self.subTest(**params):
                response = self.client.get("/api/v1/open/directives/", params)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Content-Type"], "application/problem+json")

    def test_english_lists_the_translations(self):
        self.assertEqual([row["title"] for row in self.json("directives", lang="en")], ["Speed up vaccination"])

    def test_updates_are_published_ones_of_public_items_without_internal_text_or_personal_data(self):
        rows = self.json("updates")
        self.assertEqual(
            [(row["title"], row["item_id"], row["agency"]) for row in rows],
            [("รายงานไตรมาส 1", self.public.pk, "MOPH")],
        )
        self.assertEqual(rows[0]["public_summary"], "ฉีดแล้วร้อยละ 40")
        for dataset in ("directives", "updates", "policies", "agencies"):
            with self.subTest(dataset=dataset):
                for text in (
                    self.client.get(f"/api/v1/open/{dataset}/").content,
                    self.client.get(f"/api/v1/open/{dataset}/", {"format": "csv"}).getvalue(),
                ):
                    for hidden in ("รายละเอียดภายใน", "somchai", "example.go.th", "ภายใน</", "เรื่องภายใน", "ร่าง"):
                        self.assertNotIn(hidden.encode(), text)

    def test_policies_carry_their_parent(self):
        rows = {row["number"]: row for row in self.json("policies")}
        self.assertEqual(set(rows), {"1", "1.1"})
        self.assertEqual(rows["1.1"]["parent_id"], self.parent.pk)
        self.assertIsNone(rows["1"]["parent_id"])

    def test_agencies_are_listed_for_joining_by_code(self):
        codes = {row["code"] for row in self.csv("agencies")}
        self.assertEqual(codes, set(Agency.objects.filter(is_active=True).values_list("code", flat=True)))
        self.assertLessEqual({"MOPH", "MOI", "DDC", "OPM"}, codes)

    def test_anonymous_clients_are_throttled_by_address_and_keys_are_not_counted_with_them(self):
        cache.clear()
        moph_key = apikey_issue(agency=self.moph, name="ระบบรายงาน")[1]
        with mock.patch.object(AnonymousRateThrottle, "rate", "2/min", create=True):
            statuses = [self.client.get("/api/v1/open/agencies/").status_code for _ in range(2)]
            statuses.append(self.client.get("/api/v2/pages/").status_code)
            self.assertEqual(statuses, [200, 200, 429])
            response = self.client.get("/api/v1/search/", {"q": "วัคซีน"}, headers={"accept_language": "th"})
            self.assertEqual(response.status_code, 429)
            self.assertGreater(int(response["Retry-After"]), 0)
            self.assertEqual(response["Content-Type"], "application/problem+json")
            self.assertEqual(self.client.get("/api/v1/open/agencies/", REMOTE_ADDR="10.0.0.8").status_code, 200)
            keyed = self.client.get("/api/v1/agencies/", headers={"authorization": f"Bearer {moph_key}"})
            self.assertEqual(keyed.status_code, 200)
