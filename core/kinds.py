"""
The kinds of tracked item, each declared once by its own app.

A kind's app subclasses ``Kind`` in its ``kinds.py`` and registers an instance from its
``AppConfig.ready``: the item's page model, the index page that lists it, the cache tag of that
listing, its key in summaries, the other pages that show one of its items, its names in messages.
The public site, search, reports, the API and the importers read the registry (``kinds``,
``kind_of``, ``kind_named``) and never name a kind, so a fifth kind plugs in from its own app.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import Model
    from wagtail.models import Page

__all__ = ["Kind", "kind_named", "kind_of", "kind_register", "kind_unregister", "kinds"]


class Kind:
    """What a kind of tracked item says about itself (module docstring). Subclass it per kind."""

    #: The item's page model (a ``core.models.TrackedItemPage``) and the index page listing its items.
    model: type[Page]
    index_model: type[Page]
    #: The tag naming the cached pages that list the kind's items (``directives``, ``foreign``…).
    listing_tag: str
    #: The key of the kind's count in summaries and reports (``directives``, ``foreign_commitments``…).
    summary_key: str
    #: The track of the kind's items when the model has no ``track`` field of its own.
    default_track: str = ""
    #: Whether an item's page shows other items of its kind (a policy its ancestors and sub-policies):
    #: then item pages are rendered again with the kind's listing (``website.cache``).
    items_show_listing: bool = False
    #: Models besides pages whose rows the kind's pages show (a directive's occasion): saving or
    #: deleting one renders every public page again (``core.publication``).
    shown_models: tuple[type[Model], ...] = ()

    @property
    def item_type(self) -> str:
        """What the API, search and open data call the kind ("directive", "policy"…)."""
        return self.model.item_type

    @property
    def name(self) -> str:
        """The kind's name in messages, singular ("directive")."""
        return self.model._meta.verbose_name

    @property
    def name_plural(self) -> str:
        """The kind's name in messages, plural ("directives")."""
        return self.model._meta.verbose_name_plural

    def track_of(self, item) -> str:
        """The track ``item`` belongs to: its own field, or the kind's."""
        return getattr(item, "track", "") or self.default_track

    def pages_showing(self, item) -> Iterable[Page]:
        """Pages besides its own and the kind's listing that show ``item`` (a directive's policies…)."""
        return ()

    def __repr__(self) -> str:
        return f"<Kind {self.item_type}>"


_registry: dict[str, Kind] = {}


def kind_register(kind: Kind) -> Kind:
    """Add ``kind`` to the registry; registering a kind of the same item type again replaces it."""
    _registry[kind.item_type] = kind
    return kind


def kind_unregister(kind: Kind) -> None:
    """Take ``kind`` out of the registry (tests that register a kind of their own)."""
    if _registry.get(kind.item_type) is kind:
        del _registry[kind.item_type]


def kinds() -> tuple[Kind, ...]:
    """Every registered kind, in the order the apps registered them."""
    return tuple(_registry.values())


def kind_named(item_type: str) -> Kind:
    """The kind whose items are called ``item_type``; ``LookupError`` if none is registered."""
    try:
        return _registry[item_type]
    except KeyError:
        raise LookupError(f"No kind of tracked item is called {item_type!r}.") from None


def kind_of(page_or_model: Model | type[Model]) -> Kind | None:
    """The kind of a tracked item (page, specific page or model), or ``None`` for any other page."""
    model = page_or_model if isinstance(page_or_model, type) else type(page_or_model)
    for kind in _registry.values():
        if issubclass(model, kind.model):
            return kind
    return None
