"""The public site's own views (``website.views``): the agency list in the reader's language."""

from django.test import TestCase
from django.utils import translation

from tests import builders


class AgencyListTests(TestCase):
    def setUp(self):
        # A request to /en/ leaves English active in the thread (LocaleMiddleware): not for the next test.
        self.addCleanup(translation.deactivate)

    @classmethod
    def setUpTestData(cls):
        # Thai dictionary order skips the leading vowel (เกษตร under ก, before ส), which code-point order does not.
        builders.agency("ZZKH", "กระทรวงเกษตรทดสอบ", name_en="Testing Ministry of Archives")
        builders.agency("ZZSA", "กระทรวงสาธารณทดสอบ", name_en="Testing Ministry of Zoology")

    def test_the_english_agency_list_is_in_english_dictionary_order(self):
        body = self.client.get("/en/agencies/").content.decode()
        self.assertLess(body.index("Testing Ministry of Archives"), body.index("Testing Ministry of Zoology"))

    def test_the_thai_agency_list_is_in_thai_dictionary_order(self):
        body = self.client.get("/th/agencies/").content.decode()
        self.assertLess(body.index("กระทรวงเกษตรทดสอบ"), body.index("กระทรวงสาธารณทดสอบ"))
