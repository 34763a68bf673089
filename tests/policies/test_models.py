"""
``policies.models``: a policy's page shows where it sits in the tree, its public sub-policies, its
indicators with their latest values, its progress and the directives related to it.
"""

import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import TestCase

from core.choices import Visibility
from policies.models import PolicyIndicator, PolicyPage
from tests import builders
from updates.models import IndicatorValue


class PolicyPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.mof = builders.agency("MOF", "กระทรวงการคลัง")
        cls.area = builders.policy("ด้านสังคม", cls.moph, number="1")
        cls.health = builders.policy("นโยบายสุขภาพ", cls.moph, cls.mof, number="1.1", parent=cls.area)
        cls.clinics = builders.policy("คลินิกชุมชน", cls.moph, number="1.1.1", parent=cls.health)
        builders.policy("งานภายใน", cls.moph, number="1.1.2", parent=cls.health, visibility=Visibility.INTERNAL)
        builders.policy("ร่างข้อย่อย", cls.moph, number="1.1.3", parent=cls.health, live=False)
        cls.indicator = PolicyIndicator.objects.create(page=cls.health, name="ผู้รับวัคซีน", unit="คน", target=1000)
        moph_report = builders.update(cls.health, cls.moph, percent=60, publish=True)
        IndicatorValue.objects.create(page=moph_report, indicator=cls.indicator, value=420)
        builders.update(cls.health, cls.mof, percent=20, publish=True)
        cls.directive = builders.directive("นร 1/2569", cls.moph, policies=[cls.health], title="เร่งรัดการฉีดวัคซีน")

    def setUp(self):
        cache.clear()

    def context(self, page):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        return response.context

    def test_the_page_names_the_policies_above_it_and_its_public_sub_policies(self):
        context = self.context(self.health)
        # The breadcrumb: the policy index, then the policies above (never the home page).
        self.assertEqual([page.pk for page in context["ancestors"]], [builders.policy_index().pk, self.area.pk])
        self.assertEqual([page.pk for page in context["children"]], [self.clinics.pk])

    def test_the_page_shows_indicators_progress_and_related_directives(self):
        context = self.context(self.health)
        self.assertEqual([(i.pk, v.value) for i, v in context["indicators"]], [(self.indicator.pk, 420)])
        self.assertEqual(context["progress"], 40)
        self.assertEqual([d.pk for d in context["directives"]], [self.directive.pk])
        self.assertContains(self.client.get(self.health.url), "เร่งรัดการฉีดวัคซีน")

    def test_a_policy_with_no_report_has_no_progress_and_no_directives(self):
        context = self.context(self.clinics)
        self.assertIsNone(context["progress"])
        self.assertEqual((list(context["indicators"]), context["directives"]), ([], []))

    def test_an_internal_policy_is_not_found(self):
        internal = PolicyPage.objects.get(number="1.1.2")
        self.assertEqual(self.client.get(internal.url).status_code, 404)

    def test_a_period_may_not_end_before_it_starts(self):
        self.health.period_end = datetime.date(2025, 1, 1)
        with self.assertRaises(ValidationError) as raised:
            self.health.full_clean()
        self.assertIn("period_end", raised.exception.message_dict)

    def test_a_policy_without_a_period_or_agencies_is_valid(self):
        page = PolicyPage(title="นโยบายใหม่", slug="new-policy")
        builders.policy_index().add_child(instance=page)
        page.full_clean()
