from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.kinds import kind_register


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policies")

    def ready(self):
        from .kinds import PolicyKind  # needs the models, loaded only once the apps are

        kind_register(PolicyKind())
