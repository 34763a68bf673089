"""
``policies.selectors``: the public policy tree, each indicator with its latest published value, a
policy's progress and the directives related to it, in the policy's own language.
"""

import datetime
from types import SimpleNamespace

from django.test import TestCase

from core.choices import Visibility
from policies.models import PolicyIndicator
from policies.selectors import indicators_with_latest_values, policy_progress, policy_tree, related_directives
from tests import builders
from updates.models import IndicatorValue

Q1 = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
Q2 = (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))


class PolicyTreeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        moph = builders.agency("MOPH")
        cls.health = builders.policy("นโยบายสุขภาพ", moph, number="1")
        cls.clinics = builders.policy("คลินิกชุมชน", moph, number="1.1", parent=cls.health)
        cls.hidden = builders.policy("เรื่องภายใน", moph, number="1.2", parent=cls.health, visibility=Visibility.INTERNAL)
        cls.under_hidden = builders.policy("ข้อย่อยของเรื่องภายใน", moph, number="1.2.1", parent=cls.hidden)
        cls.draft = builders.policy("ร่างนโยบาย", moph, number="2", live=False)
        cls.economy = builders.policy("นโยบายเศรษฐกิจ", moph, number="3")

    def test_the_tree_nests_public_policies_in_their_order(self):
        tree = policy_tree(builders.policy_index())
        self.assertEqual([node.page.pk for node in tree], [self.health.pk, self.economy.pk])
        self.assertEqual([node.page.pk for node in tree[0].children], [self.clinics.pk])
        self.assertEqual(tree[0].children[0].children, [])

    def test_an_internal_policy_hides_its_whole_branch(self):
        shown = set()
        stack = list(policy_tree(builders.policy_index()))
        while stack:
            node = stack.pop()
            shown.add(node.page.pk)
            stack += node.children
        self.assertEqual(shown, {self.health.pk, self.clinics.pk, self.economy.pk})

    def test_the_english_tree_holds_the_english_translations(self):
        english = builders.translate(self.health, title="Health policy")
        tree = policy_tree(builders.policy_index("en"))
        self.assertEqual([node.page.pk for node in tree], [english.pk])


class IndicatorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH")
        cls.policy = builders.policy("นโยบายวัคซีน", cls.moph, number="1")
        cls.vaccinated = PolicyIndicator.objects.create(page=cls.policy, name="ผู้รับวัคซีน", target=1000, sort_order=0)
        cls.clinics = PolicyIndicator.objects.create(page=cls.policy, name="คลินิก", target=50, sort_order=1)
        cls.first = builders.update(cls.policy, cls.moph, period=Q1, publish=True, title="ไตรมาส 1")
        cls.second = builders.update(cls.policy, cls.moph, period=Q2, publish=True, title="ไตรมาส 2")
        # Saved before the earlier quarter's value: the period decides which is the latest, not the order.
        IndicatorValue.objects.create(page=cls.second, indicator=cls.vaccinated, value=700)
        IndicatorValue.objects.create(page=cls.first, indicator=cls.vaccinated, value=300)

    def values(self, policy):
        return [
            (indicator.name, value.value if value else None)
            for indicator, value in indicators_with_latest_values(policy)
        ]

    def test_each_indicator_has_the_value_of_its_latest_published_report_or_none(self):
        self.assertEqual(self.values(self.policy), [("ผู้รับวัคซีน", 700), ("คลินิก", None)])

    def test_a_report_not_yet_published_does_not_count(self):
        draft = builders.update(
            self.policy, self.moph, period=(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)), title="ร่าง"
        )
        IndicatorValue.objects.create(page=draft, indicator=self.vaccinated, value=999)
        IndicatorValue.objects.create(page=draft, indicator=self.clinics, value=10)
        self.assertEqual(self.values(self.policy), [("ผู้รับวัคซีน", 700), ("คลินิก", None)])

    def test_a_translation_shows_the_values_its_translated_reports_gave_the_source_indicators(self):
        english = builders.translate(self.policy, title="Vaccination policy")
        # The translated report's values still name the Thai indicators, which updates report against.
        builders.translate(self.second, title="Second quarter")
        english.indicators.filter(sort_order=0).update(name="People vaccinated")
        english.indicators.filter(sort_order=1).update(name="Clinics")
        self.assertEqual(self.values(english), [("People vaccinated", 700), ("Clinics", None)])


class PolicyProgressTests(TestCase):
    def test_progress_is_the_mean_of_each_agencys_latest_percentage(self):
        # The timeline is newest first: an agency's first entry is its latest report.
        timeline = [
            SimpleNamespace(agency_id=1, percent_complete=80),
            SimpleNamespace(agency_id=2, percent_complete=35),
            SimpleNamespace(agency_id=1, percent_complete=20),
        ]
        self.assertEqual(policy_progress(timeline), 58)

    def test_there_is_no_progress_before_any_report(self):
        self.assertIsNone(policy_progress([]))


class RelatedDirectivesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        moph = builders.agency("MOPH")
        cls.policy = builders.policy("นโยบายสุขภาพ", moph, number="1")
        other = builders.policy("นโยบายอื่น", moph, number="2")
        cls.older = builders.directive(
            "นร 1/2569", moph, policies=[cls.policy], issued_on=datetime.date(2026, 1, 5), title="ข้อสั่งการเก่า"
        )
        cls.newer = builders.directive(
            "นร 2/2569", moph, policies=[cls.policy], issued_on=datetime.date(2026, 2, 5), title="ข้อสั่งการใหม่"
        )
        builders.directive("นร 3/2569", moph, policies=[cls.policy], visibility=Visibility.INTERNAL)
        builders.directive("นร 4/2569", moph, policies=[cls.policy], live=False)
        builders.directive("นร 5/2569", moph, policies=[other])

    def test_the_public_published_directives_of_the_policy_come_newest_first(self):
        self.assertEqual([d.reference for d in related_directives(self.policy)], ["นร 2/2569", "นร 1/2569"])

    def test_the_english_policy_lists_the_english_translations_of_its_directives(self):
        english_policy = builders.translate(self.policy, title="Health policy")
        english = builders.translate(self.newer, title="The newer directive")
        self.assertEqual([d.pk for d in related_directives(english_policy)], [english.pk])
