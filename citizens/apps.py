from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "citizens"
    verbose_name = _("Citizens")

    def ready(self):
        from . import signals  # imported once the apps are loaded: the receivers' module uses models

        signals.connect()
