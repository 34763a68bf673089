"""
Public pages from a shared cache, invalidated exactly by tags (``core.cache``).

Every cacheable response names the tags of what it shows (``page:<translation key>`` for a page,
``agency:<code>``, a kind's listing tag, ``search`` for search results…). A tag holds the time it was
last invalidated; a cached response keeps the times its tags had when it was stored and is served
only while every one is unchanged. Once a transaction that published or unpublished pages commits
(``core.publication``), the tags of the pages that show them (``publication_tags``) are bumped, so
exactly those are rendered again; the others stay cached. A response is stored only if none of its
tags changed while it was rendered, and tags are bumped only after the commit, so a page rendered
from the data before it can never be stored as current.

Only anonymous GET and HEAD requests are answered from the cache (no session cookie: staff always
see fresh pages), and only responses that named their tags, set no cookie (a form's CSRF token
sets one) and are 200s. Every process that serves or changes pages must share one cache
(``CACHE_URL``: the database's by default, Redis across machines), or publishing in one of them
leaves the others' pages stale; production refuses a per-process cache. ``PUBLIC_PAGE_CACHE = False``
turns it off (the test suite does: its cache outlives rolled-back data).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

from core.cache import ENTRY_PREFIX, SITE_TAG, TAG_PREFIX, page_tag, request_tags
from core.kinds import kind_of, kinds
from home.models import HomePage
from updates.models import ProgressUpdatePage

__all__ = ["PublicPageCacheMiddleware", "page_tags", "publication_tags"]

#: How long PM1 keeps a rendered page (invalidation does not wait for it).
ENTRY_SECONDS = 24 * 3600
#: How long browsers may reuse a page without asking again: short, because they cannot be told it changed.
BROWSER_SECONDS = 60


def page_tags(page) -> set[str]:
    """
    The tags of a page as it is served: itself, the site navigation, and what it shows. An index
    page shows its kind's listing; an item's page shows the pages that show it (a directive's
    policies, as a policy's page lists its directives) and, where its kind says so
    (``Kind.items_show_listing``), other items of its kind.
    """
    tags = {page_tag(page), "navigation"}
    if isinstance(page, HomePage):
        tags.add("home")
    tags.update(kind.listing_tag for kind in kinds() if isinstance(page, kind.index_model))
    kind = kind_of(page)
    if kind is not None:
        if kind.items_show_listing:
            tags.add(kind.listing_tag)
        tags.update(page_tag(shown) for shown in kind.pages_showing(page))
    elif isinstance(page, ProgressUpdatePage):
        tags.add(page_tag(page.get_parent()))
    return tags


def publication_tags(page) -> set[str]:
    """
    The tags of every page that shows ``page``, which was just published or unpublished: the home
    page, its kind's listing, its agencies' pages, the pages its kind says show it; for an update,
    its item's as well.
    """
    tags = {page_tag(page), "search", "sitemap"}
    item = page.get_parent().specific if isinstance(page, ProgressUpdatePage) else page
    if isinstance(page, ProgressUpdatePage):
        tags.update({page_tag(item), "updates", f"agency:{page.agency.code}"})
    kind = kind_of(item)
    if kind is not None:
        tags.update({"home", kind.listing_tag})
        tags.update(f"agency:{assignment.agency.code}" for assignment in item.assignments.select_related("agency"))
        tags.update(page_tag(showing) for showing in kind.pages_showing(item))
    else:
        tags.update({"home", "navigation"})
    return tags


def _cacheable_request(request) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(("/admin/", "/api/", "/documents/", "/static/", "/media/"))
    )


def _cacheable_response(request, response) -> bool:
    return (
        response.status_code == 200
        and request_tags(request)
        and not response.cookies
        and not getattr(request, "is_preview", False)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class PublicPageCacheMiddleware:
    """Answer anonymous readers from the cache while none of the page's tags changed (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = ENTRY_PREFIX + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        entry = cache.get(key)
        if entry is not None:
            versions, response = entry
            current = cache.get_many([TAG_PREFIX + tag for tag in versions])
            if all(current.get(TAG_PREFIX + tag) == version for tag, version in versions.items()):
                response["X-PM1-Cache"] = "hit"
                return response
        started = time.time_ns()
        response = self.get_response(request)
        if _cacheable_response(request, response):
            patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
            self._store(key, request_tags(request), response, started)
        return response

    def _store(self, key, tags, response, started):
        names = [TAG_PREFIX + tag for tag in sorted({*tags, SITE_TAG})]
        current = cache.get_many(names)
        for name in names:
            if name not in current:
                # A tag never bumped (or evicted) gets a time now, so that an entry can tell it changed.
                cache.add(name, started, timeout=None)
                current[name] = cache.get(name)
        if any(version is None or version > started for version in current.values()):
            return
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        versions = {name.removeprefix(TAG_PREFIX): current[name] for name in names}
        cache.set(key, (versions, response), timeout=ENTRY_SECONDS)
