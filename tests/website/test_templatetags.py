"""The site's chrome (``website.templatetags.website``): the main navigation."""

from django.test import TestCase
from django.utils import translation

from core.kinds import kinds
from tests import builders
from website.templatetags.website import site_navigation


class NavigationTests(TestCase):
    def setUp(self):
        # A request to /en/ leaves English active in the thread (LocaleMiddleware): not for the next test.
        self.addCleanup(translation.deactivate)

    def test_the_main_navigation_links_every_kinds_listing_in_both_languages(self):
        for language in ("th", "en"):
            with self.subTest(language=language), translation.override(language):
                links = {url for _title, url in site_navigation()}
                for kind in kinds():
                    listing = builders.index_page(kind.index_model, language)
                    self.assertIn(listing.url, links, kind)

    def test_the_home_page_shows_the_four_tracks_in_its_menu(self):
        for language, listings in {
            "th": ("/th/complaints/", "/th/foreign-affairs/", "/th/directives/", "/th/policies/"),
            "en": ("/en/complaints/", "/en/foreign-affairs/", "/en/directives/", "/en/policies/"),
        }.items():
            response = self.client.get(f"/{language}/")
            for listing in listings:
                self.assertContains(response, f'href="{listing}"')
