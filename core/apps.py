from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("PM1 core")

    def ready(self):
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from . import grants  # noqa: F401 (its receivers keep the grants' generation)
        from .rights import PM1PagePermissionPolicy

        register_permission_policy(Page, PM1PagePermissionPolicy(Page))
