from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    """The public website's serving: its cache, feeds, sitemap, language fallbacks and site-wide pages."""

    name = "website"
    verbose_name = _("Public website")

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers; they need the models, loaded only once the apps are)
