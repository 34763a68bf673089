"""
RSS and Atom feeds of published progress updates: all of them, an item's, an agency's, and a
policy's (the items it groups: ``core.kinds.Kind.items_grouped_by``). Only what the public may see,
as the pages of the reader's language show it: updates not translated yet in Thai, linked under the
reader's language (``/en/original/<id>/``), and the feed of a Thai item shown untranslated there
exists too. Each feed is cached and invalidated like the pages (``website.cache``).
"""

import re

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from agencies.models import Agency
from core.cache import cache_tag
from core.kinds import kind_grouping
from search.selectors import recent_updates

FEED_SIZE = 50
THAI_LETTER = re.compile("[\u0e01-\u0e4e]")


def _title(template, **values):
    """
    ``template`` (a translated feed title) with ``values`` put in, without the space a translation
    leaves between a Thai word and a Thai name: Thai puts no space between words
    ("ความก้าวหน้าของการ…", not "ความก้าวหน้าของ การ…"); beside Latin letters, digits or an
    abbreviation's full stop the space stays.
    """
    for name, value in values.items():
        placeholder = re.escape(f"%({name})s")
        if THAI_LETTER.match(value[:1]):
            template = re.sub(f"(?<=[\u0e01-\u0e4e]) +(?={placeholder})", "", template)
        if THAI_LETTER.match(value[-1:]):
            template = re.sub(f"(?<={placeholder}) +(?=[\u0e01-\u0e4e])", "", template)
    return template % values


class UpdatesFeed(Feed):
    """Every public progress update, newest first."""

    def get_object(self, request, *args, **kwargs):
        self.request = request
        cache_tag(request, "updates")
        return None

    def title(self, obj):
        return _("PM1: progress updates")

    def link(self, obj):
        return f"/{Locale.get_active().language_code}/"

    def description(self, obj):
        return _("Progress on the government's policies and the Prime Minister's directives, as published.")

    def items(self, obj):
        return recent_updates(locale=Locale.get_active(), limit=FEED_SIZE)

    def item_title(self, pair):
        update, item = pair
        title = f"{item.title}: {update.title}" if item else update.title
        return _("%(title)s (in Thai)") % {"title": title} if getattr(update, "shown_untranslated", False) else title

    def item_description(self, pair):
        return pair[0].public_summary

    def item_link(self, pair):
        update = pair[0]
        return reverse("untranslated", args=[update.pk]) if getattr(update, "shown_untranslated", False) else update.url

    def item_pubdate(self, pair):
        return pair[0].last_published_at

    def item_author_name(self, pair):
        return pair[0].agency.name


class ItemUpdatesFeed(UpdatesFeed):
    """The public progress updates of one tracked item."""

    def get_object(self, request, pk):
        self.request = request
        item = _in_reader_locale(get_object_or_404(Page.objects.live(), pk=pk).specific)
        if (
            not hasattr(item, "public_timeline")
            or not item.is_published_publicly()
            or item.get_view_restrictions().exists()
        ):
            raise Http404
        cache_tag(request, f"page:{item.translation_key}")
        return item

    def title(self, obj):
        return _title(_("PM1: progress on %(title)s"), title=obj.title)

    def link(self, obj):
        return _reader_url(obj)

    def items(self, obj):
        timeline = obj.public_timeline(Locale.get_active(), public_only=True)
        timeline.sort(key=lambda update: update.last_published_at, reverse=True)
        return [(update, obj) for update in timeline[:FEED_SIZE]]


class AgencyUpdatesFeed(UpdatesFeed):
    """The public progress updates one agency reported."""

    def get_object(self, request, code):
        self.request = request
        agency = get_object_or_404(Agency, code=code, is_active=True)
        cache_tag(request, f"agency:{agency.code}")
        return agency

    def title(self, obj):
        return _title(_("PM1: progress reported by %(agency)s"), agency=obj.name)

    def link(self, obj):
        return reverse("agency", args=[obj.code])

    def items(self, obj):
        return recent_updates(locale=Locale.get_active(), agency=obj, limit=FEED_SIZE)


class PolicyUpdatesFeed(UpdatesFeed):
    """The public progress updates on the items a policy groups: it, its sub-policies, the items related to them."""

    def get_object(self, request, pk):
        self.request = request
        grouping = kind_grouping()
        if grouping is None:
            raise Http404
        policy = _in_reader_locale(get_object_or_404(grouping.model.objects.live(), pk=pk))
        if not policy.is_published_publicly() or policy.get_view_restrictions().exists():
            raise Http404
        cache_tag(request, "updates")
        return policy

    def title(self, obj):
        return _title(_("PM1: progress on the policy %(title)s"), title=obj.title)

    def link(self, obj):
        return _reader_url(obj)

    def items(self, obj):
        return recent_updates(locale=Locale.get_active(), policy=obj, limit=FEED_SIZE)


def _in_reader_locale(page):
    """
    The page a feed of ``page`` is about for the reader: ``page`` in the reader's language, its live
    translation there, or a Thai page not translated yet (shown untranslated, like ``/en/original/<id>/``).
    Any other language's page has no feed under this one.
    """
    active = Locale.get_active()
    if page.locale_id == active.pk:
        return page
    if page.locale_id != Locale.get_default().pk:
        raise Http404
    translation = page.get_translation_or_none(active)
    return translation.specific if translation is not None and translation.live else page


def _reader_url(page):
    """Where the reader reads ``page``: itself in the reader's language, else its untranslated view."""
    return page.url if page.locale_id == Locale.get_active().pk else reverse("untranslated", args=[page.pk])


def atom(feed_class):
    """The same feed in Atom."""
    return type(
        f"Atom{feed_class.__name__}", (feed_class,), {"feed_type": Atom1Feed, "subtitle": feed_class.description}
    )
