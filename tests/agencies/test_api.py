"""
``agencies.api``: agency systems page through PM1's agencies by code to map their own units (the key
checks themselves are tests/api/test_keys.py); open data lists the active agencies for joining by code.
"""

import csv
import io

from django.core.cache import cache
from django.test import TestCase

from agencies.models import Agency
from api.services import apikey_issue
from tests import builders


class AgencyAPITests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข", short_name_th="สธ.")
        cls.ddc = builders.agency("DDC", "กรมควบคุมโรค")
        Agency.objects.filter(pk=cls.ddc.pk).update(parent=cls.moph)
        Agency.objects.filter(code="MOI").update(is_active=False)
        cls.text = apikey_issue(agency=cls.moph, name="ระบบ สธ.")[1]

    def setUp(self):
        cache.clear()

    def test_an_agency_system_pages_through_every_active_agency_in_code_order(self):
        codes, url, params = [], "/api/v1/agencies/", {"page_size": 7}
        while url:
            response = self.client.get(url, params, headers={"authorization": f"Bearer {self.text}"})
            self.assertEqual(response.status_code, 200, response.content)
            body = response.json()
            self.assertLessEqual(len(body["results"]), 7)
            codes += [agency["code"] for agency in body["results"]]
            url, params = body["next"], None
        active = list(Agency.objects.filter(is_active=True).order_by("code").values_list("code", flat=True))
        self.assertEqual(codes, active)
        self.assertNotIn("MOI", codes)

    def test_open_data_lists_active_agencies_with_the_code_of_the_one_above(self):
        response = self.client.get("/api/v1/open/agencies/", {"format": "csv"})
        self.assertEqual(response.status_code, 200)
        text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
        rows = {row["code"]: row for row in csv.DictReader(io.StringIO(text))}
        self.assertEqual(
            (rows["DDC"]["name_th"], rows["DDC"]["parent"], rows["MOPH"]["short_name_th"]),
            ("กรมควบคุมโรค", "MOPH", "สธ."),
        )
        self.assertEqual(rows["MOPH"]["parent"], "")
        self.assertNotIn("MOI", rows)
        self.assertEqual(len(rows), Agency.objects.filter(is_active=True).count())
