"""
``sitemap.xml``: every public page in Thai and its live translations, each listing the others as
``hreflang`` alternates. Internal items, their updates and restricted pages are left out by the
rights rule the rest of the site uses (``core.selectors.pages_readable_by``).
"""

from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from wagtail.models import Locale, Page

from core.cache import cache_tag
from core.selectors import pages_readable_by


class PublicPagesSitemap(Sitemap):
    """The public pages, by tree order, in pages of ``limit`` source pages."""

    limit = 5000

    def items(self):
        sources = Page.objects.live().public().filter(locale=Locale.get_default(), depth__gt=1)
        return pages_readable_by(AnonymousUser(), sources).order_by("path")

    def _urls(self, page, protocol, domain):
        sources = list(self.paginator.page(page).object_list)
        translations = defaultdict(list)
        found = Page.objects.live().public().filter(translation_key__in=[source.translation_key for source in sources])
        for translation in found.exclude(locale=Locale.get_default()).select_related("locale"):
            translations[translation.translation_key].append(translation)
        urls = []
        for source in sources:
            versions = [source, *translations[source.translation_key]]
            alternates = [
                {"lang_code": version.locale.language_code, "location": f"{protocol}://{domain}{version.url}"}
                for version in versions
            ]
            urls += [
                {
                    "item": version,
                    "location": f"{protocol}://{domain}{version.url}",
                    "lastmod": version.last_published_at,
                    "alternates": alternates if len(versions) > 1 else [],
                }
                for version in versions
            ]
        return urls


SITEMAPS = {"pages": PublicPagesSitemap}


def sitemap_index(request):
    """The sitemap index: one sitemap of at most ``PublicPagesSitemap.limit`` source pages per page."""
    cache_tag(request, "sitemap")
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap_section")


def sitemap_section(request, section):
    cache_tag(request, "sitemap")
    return sitemap_views.sitemap(request, SITEMAPS, section=section)
