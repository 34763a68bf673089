from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API access")

    def ready(self):
        from . import schema, services  # noqa: F401 (the API key scheme for drf-spectacular; key receivers)
