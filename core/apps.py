from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("PM1 core")

    def ready(self):
        # Imported once the apps are loaded: these modules use models, which an app's module may not
        # import while Django is still loading the apps.
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from . import grants  # noqa: F401 (its receivers keep the grants' generation)
        from .selectors import PM1PagePermissionPolicy

        register_permission_policy(Page, PM1PagePermissionPolicy(Page))
