"""
Which English pages are behind their Thai source: the source was published again after its
content was last taken for translation (wagtail-localize's ``TranslationSource.last_updated_at``,
which "Sync translated pages" moves on).
"""

from django.db.models import F, OuterRef, Subquery
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource


def _sources(locale):
    return TranslationSource.objects.filter(object_id=OuterRef("translation_key"), locale=locale)


def translation_outdated(page) -> bool:
    """Has the page's source (in the default locale) changed since this translation was made?"""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return False
    return outdated_translations().filter(pk=page.pk).exists()


def outdated_translations():
    """Live translations whose live source was published after its content was last synchronised."""
    default = Locale.get_default()
    sources = Page.objects.filter(locale=default, live=True, translation_key=OuterRef("translation_key"))
    return (
        Page.objects.live()
        .exclude(locale=default)
        .annotate(
            source_published_at=Subquery(sources.values("last_published_at")[:1]),
            synchronised_at=Subquery(_sources(default).values("last_updated_at")[:1]),
        )
        .filter(synchronised_at__isnull=False, source_published_at__gt=F("synchronised_at"))
    )
