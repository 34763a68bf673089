"""
The listing slot (core.listing): an index page that declares filters lists through the provider the
search app registers; one without filters, or with no provider, lists its items from the database.
"""

from django.test import RequestFactory, TestCase

from core.listing import listing_provider, listing_provider_register
from search.listing import item_listing
from tests import builders


class ListingSlotTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.directive = builders.directive("นร 1/2569", cls.agency, title="เร่งรัดการฉีดวัคซีน")
        cls.policy = builders.policy("นโยบายสุขภาพ", cls.agency, number="2.1")

    def setUp(self):
        self.addCleanup(listing_provider_register, listing_provider())
        self.request = RequestFactory().get("/th/directives/", {"track": "policy", "page": "2"})

    def test_the_search_app_registers_its_listing_when_it_is_ready(self):
        self.assertIs(listing_provider(), item_listing)

    def test_an_index_page_with_filters_lists_through_the_registered_provider(self):
        asked = []

        def provider(index, request):
            asked.append((index, request))
            return {"items": ["listed"], "filter_form": None, "querystring": "track=policy", "filtered": True}

        listing_provider_register(provider)
        index = builders.directive_index()
        context = index.get_context(self.request)
        self.assertEqual(asked, [(index, self.request)])
        self.assertEqual(context["items"], ["listed"])
        self.assertEqual((context["querystring"], context["filtered"]), ("track=policy", True))

    def test_an_index_page_without_filters_never_asks_the_provider(self):
        listing_provider_register(lambda index, request: self.fail("the provider was asked"))
        context = builders.policy_index().get_context(RequestFactory().get("/th/policies/"))
        self.assertNotIn("filter_form", context)

    def test_without_a_provider_an_index_page_lists_its_public_items_from_the_database(self):
        listing_provider_register(None)
        context = builders.directive_index().get_context(RequestFactory().get("/th/directives/"))
        self.assertEqual([item.pk for item in context["items"]], [self.directive.pk])
        self.assertNotIn("filter_form", context)
