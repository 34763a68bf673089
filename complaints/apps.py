from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.kinds import kind_register


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from .kinds import ComplaintKind  # needs the models, loaded only once the apps are

        kind_register(ComplaintKind())
        from . import signals  # noqa: F401 (connects the receivers)
