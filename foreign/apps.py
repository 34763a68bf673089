from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForeignConfig(AppConfig):
    name = "foreign"
    verbose_name = _("Foreign-affairs follow-up")
