"""The admin finds an agency from any of its names: the agency listing's search and the agency chooser."""

from django.test import TestCase
from django.urls import reverse

from agencies.models import Agency
from core.roles import Role
from tests import builders


class AgencySearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = builders.user("pmo-admin", role=Role.PMO_ADMIN)

    def setUp(self):
        builders.staff_login(self.client, self.admin)

    def found(self, url_name, typed):
        response = self.client.get(reverse(url_name), {"q": typed})
        self.assertEqual(response.status_code, 200)
        if response["content-type"].startswith("application/json"):
            return response.json()["html"]
        return response.content.decode()

    def test_the_listing_finds_an_agency_by_short_name_code_english_name_or_former_name(self):
        Agency.objects.filter(code="MDES").update(aliases="กระทรวงเทคโนโลยีสารสนเทศและการสื่อสาร")
        for typed, name in (
            ("สธ", "กระทรวงสาธารณสุข"),
            ("ส.ธ.", "กระทรวงสาธารณสุข"),
            ("MOPH", "กระทรวงสาธารณสุข"),
            ("ministry of public health", "กระทรวงสาธารณสุข"),
            ("กระทรวงเทคโนโลยีสารสนเทศ", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"),
        ):
            with self.subTest(typed=typed):
                page = self.found("wagtailsnippets_agencies_agency:list_results", typed)
                self.assertIn(name, page)
                self.assertNotIn("กระทรวงการคลัง", page)

    def test_the_chooser_finds_an_agency_by_its_dotless_short_name(self):
        page = self.found("wagtailsnippetchoosers_agencies_agency:choose_results", "มท")
        self.assertIn("กระทรวงมหาดไทย", page)
        self.assertNotIn("กระทรวงการคลัง", page)
