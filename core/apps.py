from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("PM1 core")

    def ready(self):
        # Imported once the apps are loaded: these modules use models, which an app's module may not
        # import while Django is still loading the apps.
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from . import selectors  # grants: its receivers keep the grants' generation

        register_permission_policy(Page, selectors.PM1PagePermissionPolicy(Page))
        # Each kind's app declares its kind in its ``kinds`` module (``core.kinds``), as Wagtail finds hooks.
        autodiscover_modules("kinds")
