"""
``foreign.api``: an assigned agency lists and reads its foreign-affairs commitments with their
counterpart and event; other agencies read only public ones; open data has the public, published ones.
"""

import datetime

from django.core.cache import cache
from django.test import TestCase

from api.services import apikey_issue
from core.choices import Visibility
from tests import builders
from tests.complaints import helpers


class ForeignAPITests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.mfa = builders.agency("MFA", "กระทรวงการต่างประเทศ")
        cls.moi = builders.agency("MOI", "กระทรวงมหาดไทย")
        cls.mof = builders.agency("MOF", "กระทรวงการคลัง")
        cls.public = helpers.foreign_commitment("ตท 1/2569", cls.mfa, cls.moi, deadline=datetime.date(2026, 8, 5))
        cls.internal = helpers.foreign_commitment("ตท 2/2569", cls.mfa, visibility=Visibility.INTERNAL)
        cls.other = helpers.foreign_commitment("ตท 3/2569", cls.mof)
        cls.mfa_key = apikey_issue(agency=cls.mfa, name="ระบบ กต.")[1]
        cls.mof_key = apikey_issue(agency=cls.mof, name="ระบบ กค.")[1]

    def setUp(self):
        cache.clear()

    def get(self, url, key, **params):
        return self.client.get(url, params, headers={"authorization": f"Bearer {key}"})

    def test_an_agency_lists_the_commitments_assigned_to_it_internal_ones_included(self):
        response = self.get("/api/v1/assignments/foreign/", self.mfa_key)
        self.assertEqual(response.status_code, 200, response.content)
        listed = {a["item"]["ref"]: a for a in response.json()["results"]}
        self.assertEqual(set(listed), {"ตท 1/2569", "ตท 2/2569"})
        self.assertEqual(listed["ตท 2/2569"]["item"]["visibility"], "internal")
        self.assertIsNone(listed["ตท 2/2569"]["item"]["url"])

    def test_the_detail_gives_the_counterpart_the_event_and_every_agencys_assignment(self):
        body = self.get(f"/api/v1/foreign/{self.public.pk}/", self.mfa_key).json()
        self.assertEqual(
            (body["country"], body["organisation"], body["event_kind"], body["event"], body["event_date"]),
            ("ญี่ปุ่น", "กระทรวงเศรษฐกิจ การค้าและอุตสาหกรรม", "visit", "การหารือทวิภาคี ณ กรุงโตเกียว", "2026-02-05"),
        )
        self.assertIn("ยานยนต์ไฟฟ้า", body["commitment"])
        self.assertEqual(
            [(a["agency"], a["role"], a["deadline"]) for a in body["assignments"]],
            [("MFA", "lead", "2026-08-05"), ("MOI", "supporting", "2026-08-05")],
        )

    def test_an_agency_not_assigned_reads_a_public_commitment_but_not_an_internal_one(self):
        self.assertEqual(self.get(f"/api/v1/foreign/{self.public.pk}/", self.mof_key).status_code, 200)
        self.assertEqual(self.get(f"/api/v1/foreign/{self.internal.pk}/", self.mof_key).status_code, 404)

    def test_a_directive_is_not_found_at_a_commitments_address(self):
        directive = builders.directive("นร 1/2569", self.mfa)
        self.assertEqual(self.get(f"/api/v1/foreign/{directive.pk}/", self.mfa_key).status_code, 404)

    def test_open_data_has_the_public_published_commitments_filtered_by_agency_and_fiscal_year(self):
        draft = helpers.foreign_commitment("ตท 4/2569", self.mfa)
        draft.unpublish()

        def refs(**params):
            response = self.client.get("/api/v1/open/foreign/", params)
            self.assertEqual(response.status_code, 200, response.content)
            return sorted(row["ref"] for row in response.json()["results"])

        self.assertEqual(refs(), ["ตท 1/2569", "ตท 3/2569"])
        self.assertEqual(refs(agency="MOI"), ["ตท 1/2569"])
        self.assertEqual(refs(fiscal_year=2569), ["ตท 1/2569", "ตท 3/2569"])
        self.assertEqual(refs(fiscal_year=2570), [])

    def test_the_open_data_row_names_the_event_and_the_earliest_deadline(self):
        (row,) = [r for r in self.client.get("/api/v1/open/foreign/").json()["results"] if r["ref"] == "ตท 1/2569"]
        self.assertEqual(
            (row["country"], row["event_date"], row["deadline"], row["agencies"]),
            ("ญี่ปุ่น", "2026-02-05", "2026-08-05", ["MFA", "MOI"]),
        )
