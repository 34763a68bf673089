from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.kinds import kind_register


class DirectivesConfig(AppConfig):
    name = "directives"
    verbose_name = _("Directives")

    def ready(self):
        from .kinds import DirectiveKind  # needs the models, loaded only once the apps are

        kind_register(DirectiveKind())
