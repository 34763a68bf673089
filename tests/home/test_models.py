"""
``home.models``: the home page counts the public items of its own language, shows the latest reports
(one per item) and the newest executive summary; general pages sit under it.
"""

import datetime

import time_machine
from django.apps import apps as django_apps
from django.core.cache import cache
from django.test import TestCase
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from core.choices import Track, Visibility
from core.kinds import kinds
from directives.models import DirectiveIndexPage
from home.models import HomePage, StandardPage, latest_home_summary
from home.skeleton import INDEX_PAGES
from reports.models import ExecutiveSummaryPage
from tests import builders

START = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)


def _at(hours):
    """A clock ``hours`` after START, so that publication order is the order of the test's steps."""
    return time_machine.travel(START + datetime.timedelta(hours=hours), tick=False)


def _summary(index, year, *, published_at):
    page = ExecutiveSummaryPage(
        title=f"รายงานสรุป {year}",
        slug=f"fy{year}",
        fiscal_year=year,
        published_on=published_at.date(),
        narrative="<p>สรุป</p>",
    )
    with time_machine.travel(published_at, tick=False):
        index.add_child(instance=page)
        page.save_revision().publish()
    return page


class HomePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        moph = builders.agency("MOPH")
        mof = builders.agency("MOF")
        with _at(0):
            cls.vaccine = builders.directive("นร 1/2569", moph, mof, title="เร่งรัดการฉีดวัคซีน")
            cls.visit = builders.directive("นร 2/2569", mof, track=Track.FOREIGN, title="ติดตามการเยือน")
            cls.internal = builders.directive("นร 3/2569", moph, visibility=Visibility.INTERNAL, title="เรื่องภายใน")
            builders.directive("นร 4/2569", moph, live=False, title="ร่างข้อสั่งการ")
            cls.health = builders.policy("นโยบายสุขภาพ", moph, number="1")
            builders.policy("คลินิกชุมชน", moph, number="1.1", parent=cls.health)
            builders.policy("นโยบายภายใน", moph, number="2", visibility=Visibility.INTERNAL)
        with _at(1):
            builders.update(cls.vaccine, moph, status="on_track", publish=True, title="รายงาน สธ. ครั้งแรก")
        with _at(2):
            builders.update(cls.visit, mof, status="delayed", publish=True, title="รายงานการเยือน")
        with _at(3):
            builders.update(cls.vaccine, mof, status="on_track", publish=True, title="รายงาน กค. ล่าสุด")
        with _at(4):
            builders.update(cls.internal, moph, publish=True, title="รายงานเรื่องภายใน")
        builders.index_for_search()

    def setUp(self):
        cache.clear()

    def context(self, path="/th/"):
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200)
        return response.context

    def test_the_counts_are_of_public_published_directives_by_status_and_track(self):
        context = self.context()
        self.assertEqual(context["figures"]["total"], 2)
        self.assertEqual(dict((v, n) for v, _label, n in context["track_figures"])[Track.FOREIGN], 1)
        statuses = dict((v, n) for v, _label, n in context["status_figures"])
        self.assertEqual((statuses["on_track"], statuses["delayed"]), (1, 1))
        self.assertEqual(sum(statuses.values()), 2)

    def test_the_policy_count_and_list_are_of_public_policies_the_list_only_the_top_ones(self):
        context = self.context()
        counts = dict(
            zip((kind.item_type for kind in kinds()), (count for count, _name in context["kind_counts"]), strict=True)
        )
        self.assertEqual(counts["policy"], 2)
        self.assertEqual([page.pk for page in context["policies"]], [self.health.pk])

    def test_recent_updates_are_public_newest_first_and_once_per_item(self):
        recent = [(update.title, item.pk) for update, item in self.context()["recent_updates"]]
        self.assertEqual(recent, [("รายงาน กค. ล่าสุด", self.vaccine.pk), ("รายงานการเยือน", self.visit.pk)])

    def test_the_english_home_counts_only_what_is_translated(self):
        builders.translate(self.vaccine, title="Speed up vaccination")
        builders.index_for_search()
        context = self.context("/en/")
        self.assertEqual(context["figures"]["total"], 1)
        self.assertEqual(context["directive_index"], builders.directive_index("en"))
        self.assertEqual(self.context()["directive_index"], builders.directive_index())

    def test_the_home_page_shows_the_newest_executive_summary_of_its_language(self):
        index = builders.summary_index()
        _summary(index, 2568, published_at=START)
        newest = _summary(index, 2569, published_at=START + datetime.timedelta(days=30))
        self.assertEqual(self.context()["executive_summary"], newest)
        self.assertEqual(latest_home_summary(builders.home_page().locale), newest)
        self.assertIsNone(self.context("/en/")["executive_summary"])

    def test_an_unpublished_summary_is_not_shown(self):
        summary = _summary(builders.summary_index(), 2569, published_at=START)
        summary.unpublish()
        self.assertIsNone(self.context()["executive_summary"])


class PageTreeTests(WagtailPageTestCase):
    def test_a_home_page_holds_every_index_page_of_the_skeleton_and_general_pages(self):
        index_models = {django_apps.get_model(spec.model) for spec in INDEX_PAGES}
        self.assertAllowedSubpageTypes(HomePage, {*index_models, StandardPage})

    def test_general_pages_nest_under_the_home_page_and_each_other_only(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanNotCreateAt(StandardPage, DirectiveIndexPage)

    def test_no_second_home_page_can_be_added_beside_the_languages_own(self):
        root = Page.get_first_root_node()
        self.assertEqual(root.get_children().type(HomePage).count(), 2)
        self.assertFalse(HomePage.can_create_at(root))
