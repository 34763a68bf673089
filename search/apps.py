from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.listing import listing_provider_register


class SearchConfig(AppConfig):
    name = "search"
    label = "pm1search"
    verbose_name = _("Search")

    def ready(self):
        # Imported once the apps are loaded: these modules use models.
        from api.open_data import public_pages_provider_register

        from . import signals  # noqa: F401 (connects the receivers)
        from .listing import item_listing, public_page_ids

        # The kinds' index pages and the open data are below search: they ask through these slots.
        listing_provider_register(item_listing)
        public_pages_provider_register(public_page_ids)
