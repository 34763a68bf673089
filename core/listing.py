"""
The provider of filtered public listings, one slot that an app above core fills.

An index page that declares ``listing_filters`` (``core.models.ItemIndexPage``) lists its items
with those filters through the provider registered here, so that a listing of 100 000 items is
answered from public search's facts in memory. Core is below search and may not import it: the
search app registers its listing (``search.listing.item_listing``) from ``SearchConfig.ready``.
Without a provider, an index page lists its items unfiltered, from the database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.models import Page

__all__ = ["ListingProvider", "listing_provider", "listing_provider_register"]

#: Given the index page and the request, the listing's part of the page's context: ``items`` (one
#: page of them), ``filter_form``, ``querystring`` (the request's query without its page number)
#: and ``filtered``.
ListingProvider = Callable[["Page", "HttpRequest"], dict]

_provider: ListingProvider | None = None


def listing_provider_register(provider: ListingProvider | None) -> None:
    """Make ``provider`` answer every filtered listing (``None``: none does)."""
    global _provider
    _provider = provider


def listing_provider() -> ListingProvider | None:
    """The registered provider, or ``None``."""
    return _provider
