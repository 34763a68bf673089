from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.kinds import kind_register


class ForeignConfig(AppConfig):
    name = "foreign"
    verbose_name = _("Foreign-affairs follow-up")

    def ready(self):
        from .kinds import ForeignCommitmentKind  # needs the models, loaded only once the apps are

        kind_register(ForeignCommitmentKind())
