"""
What search answers for the listings below it (search.listing): a kind's filtered listing, and which
pages the open data may publish, both registered when the search app is ready.
"""

from django.test import TestCase
from wagtail.models import Locale

from api import open_data
from core.choices import Visibility
from search.listing import listing_filter_form
from tests import builders


class OpenDataPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.public = builders.directive("นร 1/2569", agency)
        cls.internal = builders.directive("นร 2/2569", agency, visibility=Visibility.INTERNAL)
        builders.index_for_search()

    def test_the_open_data_publishes_the_pages_the_search_documents_say_are_public(self):
        pages = open_data.public_pages(Locale.get_default(), "directive")
        self.assertEqual([row["page_id"] for row in pages], [self.public.pk])


class ListingFilterFormTests(TestCase):
    def test_the_form_has_only_the_listings_filters_and_ignores_other_conditions(self):
        form = listing_filter_form({"track": "policy", "q": "วัคซีน"}, filters=("track",), locale=Locale.get_default())
        self.assertEqual(list(form.fields), ["track"])
        self.assertEqual(form.data, {"track": "policy"})
