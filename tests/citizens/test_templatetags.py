"""``{% citizens_panel %}``: one line in an item's or an agency's page template."""

from django.template import Context, Template
from django.test import TestCase
from django.utils import translation

from tests import builders

PANEL = Template("{% load citizens %}{% citizens_panel target %}")


class CitizensPanelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.policy = builders.policy("นโยบายสาธารณสุข", cls.agency)

    def render(self, target):
        with translation.override("th"):
            return PANEL.render(Context({"target": target}))

    def test_an_agency_gets_the_follow_form_only(self):
        html = self.render(self.agency)
        self.assertIn('action="/th/citizens/follow/agency/MOPH/"', html)
        self.assertNotIn("/citizens/ask/", html)

    def test_a_policy_page_offers_following_and_questions(self):
        html = self.render(self.policy)
        self.assertIn(f'action="/th/citizens/follow/item/{self.policy.pk}/"', html)
        self.assertIn(f'href="/th/citizens/ask/{self.policy.pk}/"', html)
        self.assertContains(self.client.get(self.policy.url), f"/th/citizens/ask/{self.policy.pk}/")
