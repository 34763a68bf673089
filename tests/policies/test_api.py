"""
``policies.api``: what the agency API and open data add for policies beyond what every kind shares
(tests/api): internal policies stay with their agencies, open data narrows policies by status and agency.
"""

from django.core.cache import cache
from django.test import TestCase

from api.services import apikey_issue
from core.choices import Visibility
from tests import builders


class PolicyAPITests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH")
        cls.mof = builders.agency("MOF")
        cls.health = builders.policy("นโยบายสุขภาพ", cls.moph, number="1")
        cls.finance = builders.policy("นโยบายการคลัง", cls.mof, number="2")
        cls.internal = builders.policy("นโยบายภายใน", cls.moph, number="3", visibility=Visibility.INTERNAL)
        builders.update(cls.health, cls.moph, status="delayed", publish=True)
        cls.moph_key = apikey_issue(agency=cls.moph, name="ระบบ สธ.")[1]
        cls.mof_key = apikey_issue(agency=cls.mof, name="ระบบ กค.")[1]

    def setUp(self):
        cache.clear()

    def get(self, url, key):
        return self.client.get(url, headers={"authorization": f"Bearer {key}"})

    def test_an_internal_policy_is_read_by_its_agency_only(self):
        self.assertEqual(self.get(f"/api/v1/policies/{self.internal.pk}/", self.moph_key).status_code, 200)
        self.assertEqual(self.get(f"/api/v1/policies/{self.internal.pk}/", self.mof_key).status_code, 404)

    def test_an_agency_lists_its_own_policies_internal_ones_included(self):
        response = self.get("/api/v1/assignments/policies/", self.moph_key)
        self.assertEqual(sorted(a["item"]["ref"] for a in response.json()["results"]), ["1", "3"])

    def test_open_data_narrows_public_policies_by_status_and_agency(self):
        def numbers(**params):
            response = self.client.get("/api/v1/open/policies/", params)
            self.assertEqual(response.status_code, 200, response.content)
            return sorted(row["number"] for row in response.json()["results"])

        self.assertEqual(numbers(), ["1", "2"])
        self.assertEqual(numbers(status="delayed"), ["1"])
        self.assertEqual(numbers(agency="MOF"), ["2"])
