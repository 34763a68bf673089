"""
A kind registered from its own app takes part in PM1 with no change anywhere else: the test-only
kind of ``tests.testkind`` (its tables installed by ``cms.settings.test``, the kind registered by
these tests) is found by public search, listed
by its type, counted by the reports and the home page, listed on its index page, and its pages are
cached and rendered again when it is published.
"""

import datetime

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse

from core.kinds import kind_named, kind_of, kind_register, kind_unregister, kinds
from reports.selectors import DashboardFilters, key_figures
from tests import builders
from tests.testkind.kinds import SampleKind
from tests.testkind.models import SampleAssignment, SampleIndexPage, SamplePage

HIT = "X-PM1-Cache"


def sample_index():
    index = SampleIndexPage.objects.filter(locale__language_code="th").first()
    if index is None:
        index = SampleIndexPage(title="ตัวอย่าง", slug="samples")
        builders.home_page().add_child(instance=index)
        index.save_revision().publish()
    return index


def sample(reference, agency, *, title, body="<p>ตรวจสอบคุณภาพน้ำประปา</p>", visibility="public"):
    """A published sample, its agency leading."""
    page = SamplePage(
        title=title,
        slug=reference.lower(),
        reference=reference,
        noted_on=datetime.date(2026, 1, 20),
        body=body,
        visibility=visibility,
    )
    page.assignments.add(SampleAssignment(agency=agency, role="lead", deadline=datetime.date(2026, 6, 30)))
    sample_index().add_child(instance=page)
    page.save_revision().publish()
    return page


class SampleKindRegistered(TestCase):
    """Registers the tests' kind for the class's tests, as its app would, and takes it out after."""

    @classmethod
    def setUpClass(cls):
        kind = kind_register(SampleKind())
        cls.addClassCleanup(kind_unregister, kind)
        super().setUpClass()


class RegistryTests(SampleKindRegistered):
    def test_the_test_kind_is_registered_from_its_own_app_after_the_four_kinds(self):
        self.assertIsInstance(kind_named("sample"), SampleKind)
        self.assertEqual(
            [kind.item_type for kind in kinds()], ["directive", "policy", "complaint", "foreign", "sample"]
        )
        self.assertIs(kind_of(SamplePage), kind_named("sample"))
        self.assertIs(kind_named("sample").assignment_model, SampleAssignment)


class TestKindTests(SampleKindRegistered):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.sample = sample("S-1", cls.agency, title="ตัวอย่างน้ำประปา")
        cls.internal = sample("S-2", cls.agency, title="ตัวอย่างภายใน", visibility="internal")
        builders.directive("นร 40/2569", cls.agency, title="ข้อสั่งการเรื่องน้ำประปา")
        builders.index_for_search()

    def test_public_search_finds_a_sample_and_says_its_type(self):
        body = self.client.get("/api/v1/search/", {"q": "น้ำประปา"}).json()
        types = {result["title"]: result["type"] for result in body["results"]}
        self.assertEqual(types["ตัวอย่างน้ำประปา"], "sample")
        self.assertNotIn("ตัวอย่างภายใน", types)
        self.assertEqual(body["facets"]["type"], {"directive": 1, "sample": 1})
        self.assertEqual(body["results"][[r["type"] for r in body["results"]].index("sample")]["track"], "secretary")

    def test_searching_by_the_samples_type_lists_only_the_public_samples(self):
        body = self.client.get("/api/v1/search/", {"type": "sample"}).json()
        self.assertEqual([result["title"] for result in body["results"]], ["ตัวอย่างน้ำประปา"])
        page = self.client.get(reverse("search"), {"type": "sample"})
        self.assertContains(page, "ตัวอย่างน้ำประปา")
        choices = page.context["form"].fields["type"].choices
        self.assertIn(("sample", "Samples"), [(value, str(label)) for value, label in choices])

    def test_the_reports_count_the_samples_among_the_items(self):
        figures = key_figures(DashboardFilters())
        self.assertEqual(figures["samples"], 2)
        self.assertEqual(figures["directives"], 1)
        self.assertEqual(figures["items"], 3)
        self.assertEqual(key_figures(DashboardFilters(public_only=True))["samples"], 1)

    def test_the_home_page_counts_the_public_samples(self):
        response = self.client.get("/th/")
        self.assertIn((1, "sample"), response.context["kind_counts"])
        self.assertContains(response, "1 sample")

    def test_the_samples_listing_shows_the_public_samples(self):
        response = self.client.get(sample_index().url)
        self.assertContains(response, "ตัวอย่างน้ำประปา")
        self.assertNotContains(response, "ตัวอย่างภายใน")


@override_settings(PUBLIC_PAGE_CACHE=True)
class TestKindCacheTests(SampleKindRegistered):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.sample = sample("S-1", cls.agency, title="ตัวอย่างน้ำประปา")

    def setUp(self):
        cache.clear()

    def cached(self, url) -> bool:
        return self.client.get(url).get(HIT) == "hit"

    def warm(self, *urls):
        for url in urls:
            self.assertFalse(self.cached(url), url)
            self.assertTrue(self.cached(url), url)

    def test_a_samples_page_and_listing_are_served_from_the_cache_the_second_time(self):
        self.warm(self.sample.url, sample_index().url)

    def test_publishing_an_update_on_a_sample_renders_its_page_again(self):
        self.warm(self.sample.url)
        with self.captureOnCommitCallbacks(execute=True):
            builders.update(self.sample, self.agency, title="รายงานตัวอย่าง", publish=True)
        self.assertFalse(self.cached(self.sample.url))

    def test_publishing_a_sample_renders_the_samples_listing_again(self):
        listing = sample_index().url
        self.warm(listing)
        with self.captureOnCommitCallbacks(execute=True):
            sample("S-3", self.agency, title="ตัวอย่างใหม่")
        self.assertFalse(self.cached(listing))
        self.assertContains(self.client.get(listing), "ตัวอย่างใหม่")
