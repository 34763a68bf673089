from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "pm1search"
    verbose_name = _("Search")

    def ready(self):
        # Imported once the apps are loaded (they use models): signals connects the receivers.
        from . import listing, signals  # noqa: F401

        # The kinds' index pages and the open data are below search: they ask through these slots.
        listing.providers_register()
