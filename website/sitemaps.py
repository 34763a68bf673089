"""
``sitemap.xml``: every public page in Thai and its version in every other language, each listing the
others as ``hreflang`` alternates. A page not translated into a language yet is listed in it by its
fallback (``/en/original/<id>/``: the Thai text under that language's site), as the site links it.
Internal items, their updates and restricted pages are left out by the rights rule the rest of the
site uses (``core.selectors.pages_readable_by``).
"""

from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import reverse
from django.utils import translation
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
        for found_translation in found.exclude(locale=Locale.get_default()).select_related("locale"):
            translations[found_translation.translation_key].append(found_translation)
        languages = list(Locale.objects.exclude(pk=Locale.get_default().pk).values_list("language_code", flat=True))
        urls = []
        for source in sources:
            # (language, page shown, its path): the source, then each language's translation or fallback.
            versions = [(source.locale.language_code, source, source.url)]
            translated = {version.locale.language_code: version for version in translations[source.translation_key]}
            for language in languages:
                if language in translated:
                    versions.append((language, translated[language], translated[language].url))
                else:
                    with translation.override(language):
                        versions.append((language, source, reverse("untranslated", args=[source.pk])))
            alternates = [
                {"lang_code": language, "location": f"{protocol}://{domain}{path}"}
                for language, _page, path in versions
            ]
            urls += [
                {
                    "item": page,
                    "location": f"{protocol}://{domain}{path}",
                    "lastmod": page.last_published_at,
                    "alternates": alternates if len(versions) > 1 else [],
                }
                for _language, page, path in versions
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
