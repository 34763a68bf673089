"""A policy's indicators on its English page: their English names and units, the Thai ones marked where none exists."""

from django.core.cache import cache
from django.test import TestCase
from django.utils import translation

from policies.models import PolicyIndicator
from tests import builders


class IndicatorNamesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        agency = builders.agency("MOF", "กระทรวงการคลัง", name_en="Ministry of Finance")
        cls.policy = builders.policy("แก้หนี้ครัวเรือน", agency)
        cls.policy.indicators = [
            PolicyIndicator(
                name="มูลหนี้ที่ไกล่เกลี่ยสำเร็จ", name_en="Debt settled", unit="ล้านบาท", unit_en="million baht", target=5000
            ),
            PolicyIndicator(name="ตัวชี้วัดที่ยังไม่แปล", unit="ราย", target=10),
        ]
        cls.policy.save_revision().publish()
        cls.english = builders.translate(cls.policy, title="Household debt relief")

    def setUp(self):
        cache.clear()
        self.addCleanup(translation.deactivate)

    def test_the_english_policy_page_names_indicators_and_units_in_english(self):
        response = self.client.get(self.english.url)
        self.assertContains(response, "<td>Debt settled</td>")
        self.assertContains(response, "5,000 million baht")
        self.assertNotContains(response, "มูลหนี้ที่ไกล่เกลี่ยสำเร็จ")
        self.assertNotContains(response, "ล้านบาท")

    def test_an_indicator_without_an_english_name_is_shown_in_thai_marked_as_thai(self):
        self.assertContains(self.client.get(self.english.url), '<td lang="th">ตัวชี้วัดที่ยังไม่แปล</td>')

    def test_the_thai_policy_page_keeps_the_thai_names(self):
        response = self.client.get(self.policy.url)
        self.assertContains(response, "<td>มูลหนี้ที่ไกล่เกลี่ยสำเร็จ</td>")
        self.assertContains(response, "5,000 ล้านบาท")
