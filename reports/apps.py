from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Executive support")

    def ready(self):
        from . import aggregates, signals  # noqa: F401 (the median aggregate on SQLite connections; receivers)
