"""
Public pages from a shared cache, invalidated exactly by tags.

Every cacheable response names the tags of what it shows (``page:<translation key>`` for a page,
``agency:<code>``, ``directives`` for the directive listing, ``search`` for search results…). A tag
holds the time it was last invalidated; a cached response keeps the times its tags had when it was
stored and is served only while every one is unchanged. Publishing or unpublishing a page bumps the
tags of the pages that show it (``publication_tags``), so exactly those are rendered again; the
others stay cached. A response is stored only if none of its tags changed while it was rendered.

Only anonymous GET and HEAD requests are answered from the cache (no session cookie: staff always
see fresh pages), and only responses that named their tags, set no cookie (a form's CSRF token
sets one) and are 200s. Processes must share one cache (``CACHE_URL``) for invalidation to reach them all.
``PUBLIC_PAGE_CACHE = False`` turns it off (the test suite does: its cache outlives rolled-back data).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

__all__ = [
    "SITE_TAG",
    "PublicPageCacheMiddleware",
    "cache_tag",
    "page_tag",
    "page_tags",
    "publication_tags",
    "tags_invalidate",
]

TAG_PREFIX = "pm1:tag:"
ENTRY_PREFIX = "pm1:response:"
#: How long PM1 keeps a rendered page (invalidation does not wait for it).
ENTRY_SECONDS = 24 * 3600
#: How long browsers may reuse a page without asking again: short, because they cannot be told it changed.
BROWSER_SECONDS = 60
_TAGS_ATTRIBUTE = "_pm1_cache_tags"
#: On every cached response: what changes too rarely to track finely (an agency renamed, a page
#: deleted) renders everything again.
SITE_TAG = "site"


def cache_tag(request, *tags: str) -> None:
    """Declare that the response to ``request`` shows what ``tags`` name: it may then be cached."""
    existing = getattr(request, _TAGS_ATTRIBUTE, None)
    if existing is None:
        existing = set()
        setattr(request, _TAGS_ATTRIBUTE, existing)
    existing.update(tags)


def tags_invalidate(tags) -> None:
    """Every cached response showing one of ``tags`` is rendered again on its next request."""
    now = time.time_ns()
    cache.set_many({TAG_PREFIX + tag: now for tag in tags}, timeout=None)


def page_tag(page) -> str:
    """The tag of a page and its translations: what names it in every response showing it."""
    return f"page:{page.translation_key}"


def page_tags(page) -> set[str]:
    """The tags of a page as it is served: itself, the site navigation, and what it lists."""
    from directives.models import DirectiveIndexPage, DirectivePage
    from home.models import HomePage
    from policies.models import PolicyIndexPage, PolicyPage
    from updates.models import ProgressUpdatePage

    tags = {page_tag(page), "navigation"}
    if isinstance(page, HomePage):
        tags.add("home")
    elif isinstance(page, DirectiveIndexPage):
        tags.add("directives")
    elif isinstance(page, PolicyIndexPage | PolicyPage):
        tags.add("policies")
    elif isinstance(page, DirectivePage):
        tags.update(page_tag(policy) for policy in page.related_policies.all())
    elif isinstance(page, ProgressUpdatePage):
        tags.add(page_tag(page.get_parent()))
    return tags


def publication_tags(page) -> set[str]:
    """The tags of every page that shows ``page``, which was just published or unpublished."""
    from core.models import TrackedItemPage
    from directives.models import DirectivePage
    from updates.models import ProgressUpdatePage

    tags = {page_tag(page), "search", "sitemap"}
    item = page.get_parent().specific if isinstance(page, ProgressUpdatePage) else page
    if isinstance(page, ProgressUpdatePage):
        tags.update({page_tag(item), "updates", f"agency:{page.agency.code}"})
    if isinstance(item, TrackedItemPage):
        tags.update({"home", "directives" if isinstance(item, DirectivePage) else "policies"})
        tags.update(f"agency:{assignment.agency.code}" for assignment in item.assignments.select_related("agency"))
        if isinstance(item, DirectivePage):
            tags.update(page_tag(policy) for policy in item.related_policies.all())
        # A complaint's directive pages show how many complaints concern them and how many are resolved.
        if hasattr(item, "related_directives"):
            tags.update(page_tag(directive) for directive in item.related_directives.all())
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
        and getattr(request, _TAGS_ATTRIBUTE, None)
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
            self._store(key, getattr(request, _TAGS_ATTRIBUTE), response, started)
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
