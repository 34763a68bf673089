from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Staff accounts' second factor and lock-out, HTTP headers, upload checks, sanitising, audit and backups."""

    name = "security"
    verbose_name = _("Security")

    def ready(self):
        from . import audit  # noqa: F401  (connects the audit log's signal receivers)
