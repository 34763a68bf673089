"""
Publishing an item of any kind renders its kind's listing again, once the transaction commits; a
reader that rendered the listing from the data before the commit cannot keep it in the cache.
"""

from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory, TestCase, override_settings

from core.cache import cache_tag
from core.kinds import kind_named, kinds
from tests import builders
from tests.website.helpers import item_publish, listing_url
from website.cache import PublicPageCacheMiddleware, page_tags

HIT = "X-PM1-Cache"


@override_settings(PUBLIC_PAGE_CACHE=True)
class ListingInvalidationTests(TestCase):
    def setUp(self):
        cache.clear()

    def cached(self, url) -> bool:
        return self.client.get(url).get(HIT) == "hit"

    def warm(self, url):
        self.client.get(url)
        self.assertTrue(self.cached(url), url)

    def test_publishing_an_item_of_every_kind_renders_its_own_listing_again(self):
        for kind in kinds():
            with self.subTest(kind=kind.item_type):
                url = listing_url(kind)
                self.warm(url)
                title = f"รายการใหม่ {kind.item_type}"
                with self.captureOnCommitCallbacks(execute=True):
                    item = item_publish(kind, title)
                response = self.client.get(url)
                self.assertIsNone(response.get(HIT), url)
                self.assertContains(response, item.url)

    def test_publishing_a_foreign_affairs_commitment_leaves_the_policy_listing_cached(self):
        self.warm(listing_url(kind_named("policy")))
        with self.captureOnCommitCallbacks(execute=True):
            item_publish(kind_named("foreign"), "ข้อตกลงใหม่")
        self.assertTrue(self.cached(listing_url(kind_named("policy"))))

    def test_a_listing_read_before_the_commit_is_not_served_after_it(self):
        index = builders.directive_index()
        stale = self.client.get(index.url).content

        def reader(request):
            # Another process, reading the database while the publishing transaction is still open,
            # renders the listing without the new directive.
            cache_tag(request, *page_tags(index))
            return HttpResponse(stale)

        with self.captureOnCommitCallbacks(execute=True):
            directive = item_publish(kind_named("directive"), "ข้อสั่งการระหว่างบันทึก")
            PublicPageCacheMiddleware(reader)(RequestFactory().get(index.url))
        self.assertContains(self.client.get(index.url), directive.url)
