from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("PM1 core")

    def ready(self):
        # Imported once the apps are loaded (they use models): grants' receivers keep the grants' generation.
        from . import grants, selectors  # noqa: F401

        selectors.page_permission_policy_register()
        # Each kind's app declares its kind in its ``kinds`` module (``core.kinds``), as Wagtail finds hooks.
        autodiscover_modules("kinds")
