from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpdatesConfig(AppConfig):
    name = "updates"
    verbose_name = _("Progress updates")

    def ready(self):
        from wagtail.models import TaskState
        from wagtail.signals import task_submitted

        from . import signals  # noqa: F401
        from .notifications import submission_notifier

        # Connected before wagtail.admin (earlier in INSTALLED_APPS) under Wagtail's own dispatch_uid,
        # so Django keeps this receiver and skips Wagtail's, which e-mails every agency's approvers.
        task_submitted.connect(
            submission_notifier,
            sender=TaskState,
            dispatch_uid="group_approval_task_submitted_email_notification",
        )
