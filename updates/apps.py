from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpdatesConfig(AppConfig):
    name = "updates"
    verbose_name = _("Progress updates")

    def ready(self):
        # Moderation e-mails are the notifications app's (notifications.signals).
        from . import signals  # noqa: F401 (connects the receivers, which use models)
