"""
The kinds of tracked item, each declared once by its own app.

A kind's app subclasses ``Kind`` in its ``kinds.py`` and registers an instance there
(``kind_register``); core imports every app's ``kinds`` module once the apps are loaded, as Wagtail
finds ``wagtail_hooks``. A kind says: the item's page model, the index page that lists it, the cache tag of that
listing, its key in summaries, the other pages that show one of its items, its names in messages
and labels, and the few things only some kinds do (group the others, head the home page's figures,
have indicators…), so that consumers ask the kind rather than test for it.
The public site, search, reports, the API and the importers read the registry (``kinds``,
``kind_of``, ``kind_named``) and never name a kind, so a fifth kind plugs in from its own app.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.text import capfirst

if TYPE_CHECKING:
    from django.db.models import Model
    from wagtail.models import Page

__all__ = [
    "Kind",
    "kind_grouping",
    "kind_headline",
    "kind_named",
    "kind_of",
    "kind_register",
    "kind_unregister",
    "kinds",
]


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
    #: The kind's file format (an ``imports.items.ItemFile`` subclass from the kind's app: its columns, how
    #: a row becomes an item and an item a row), or ``None``: the kind's items are not imported from files.
    importer: type | None = None
    #: Whether an agency's public page lists the agency's assignments on the kind's items.
    on_agency_page: bool = False
    #: Whether the kind's items group the others (policies): search, the feeds and the reports filter
    #: by one of them, meaning the item, the items below it and the items related to any of them
    #: (``items_grouped_by``). One registered kind at most says so.
    groups_items: bool = False
    #: Whether the home page's figures (by status, by track, overdue) are about the kind's items: the
    #: directives. One registered kind at most says so.
    headline: bool = False
    #: Whether the site's navigation links to the kind's listing (``index_model``) whatever its
    #: ``show_in_menus``: all four tracks (policies, directives, complaints, foreign affairs).
    in_navigation: bool = False
    #: Whether the search box suggests the kind's items by the start of their reference number
    #: (``reference_field``), as it does directives' "นร 0505/ว123".
    suggests_references: bool = False
    #: The relation from the kind's items to the indicators they are measured against (a policy's
    #: ``indicators``), or ``""`` for a kind without indicators.
    indicators_relation: str = ""
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

    @property
    def search_label(self) -> str:
        """The kind in the search page's type filter and facets ("Directives"): by default its plural name."""
        return capfirst(self.name_plural)

    @property
    def summary_label(self) -> str:
        """The kind's count in the reports' key figures and their PDF ("Directives"): by default its plural name."""
        return capfirst(self.name_plural)

    @property
    def assignment_model(self) -> type[Model]:
        """The model of the assignments of the kind's items to agencies (a ``core.models.AssignmentBase``)."""
        return self.model._meta.get_field("assignments").related_model

    @property
    def indicator_model(self) -> type[Model] | None:
        """The model of the kind's indicators (``indicators_relation``), or ``None``."""
        if not self.indicators_relation:
            return None
        return self.model._meta.get_field(self.indicators_relation).related_model

    def items_grouped_by(self, item) -> list[int]:
        """
        The ids of the items a filter by ``item`` means (``groups_items``): by default the item
        alone. ``item`` is one of the kind's pages; the ids are of pages in its locale.
        """
        return [item.pk]

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


def kind_grouping() -> Kind | None:
    """The kind whose items group the others (``Kind.groups_items``: policies), or ``None``."""
    return next((kind for kind in _registry.values() if kind.groups_items), None)


def kind_headline() -> Kind | None:
    """The kind the home page's figures are about (``Kind.headline``: directives), or ``None``."""
    return next((kind for kind in _registry.values() if kind.headline), None)


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
