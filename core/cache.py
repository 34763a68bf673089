"""
The tags of the public page cache: what every app may use to say what a response shows, or that
something it shows changed.

A response names the tags of what it shows (``page:<translation key>`` for a page, ``agency:<code>``,
a kind's listing tag, ``search`` for search results…) with ``cache_tag``; a tag holds the time it was
last invalidated (``tags_invalidate``). ``website.cache`` stores and serves the responses and chooses
the tags of a page; the apps below it (search, citizens…) only name tags, so these primitives live
here, below every app. The times live in Django's cache (``CACHE_URL``), which must be shared by
every process that serves or changes pages.
"""

import time

from django.core.cache import cache

__all__ = [
    "ENTRY_PREFIX",
    "SITE_TAG",
    "TAG_PREFIX",
    "cache_tag",
    "page_tag",
    "request_tags",
    "tags_invalidate",
]

#: Where a tag's time and a cached response are kept in Django's cache.
TAG_PREFIX = "pm1:tag:"
ENTRY_PREFIX = "pm1:response:"
#: On every cached response: what changes too rarely to track finely (an agency renamed, a page
#: deleted) renders everything again.
SITE_TAG = "site"

_TAGS_ATTRIBUTE = "_pm1_cache_tags"


def cache_tag(request, *tags: str) -> None:
    """Declare that the response to ``request`` shows what ``tags`` name: it may then be cached."""
    existing = getattr(request, _TAGS_ATTRIBUTE, None)
    if existing is None:
        existing = set()
        setattr(request, _TAGS_ATTRIBUTE, existing)
    existing.update(tags)


def request_tags(request) -> set[str]:
    """The tags the response to ``request`` declared (empty: it must not be cached)."""
    return getattr(request, _TAGS_ATTRIBUTE, None) or set()


def tags_invalidate(tags) -> None:
    """Every cached response showing one of ``tags`` is rendered again on its next request."""
    now = time.time_ns()
    cache.set_many({TAG_PREFIX + tag: now for tag in tags}, timeout=None)


def page_tag(page) -> str:
    """The tag of a page and its translations: what names it in every response showing it."""
    return f"page:{page.translation_key}"
