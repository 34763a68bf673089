from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """
    A file uploaded in the admin: checked at once (the preview), imported by a background task once
    a PMO administrator confirms, with its progress and outcome. The file is kept in the database,
    never in public media.
    """

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("Checked, waiting for confirmation")
        QUEUED = "queued", _("Waiting to run")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20)
    filename = models.CharField(_("file"), max_length=255)
    content = models.BinaryField()
    publish = models.BooleanField(_("publish"), default=False)
    create_agencies = models.BooleanField(_("create unknown agencies"), default=False)
    strict = models.BooleanField(_("strict"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PREVIEWED)
    #: ``ImportResult.as_json()`` of the dry run, then of the import.
    preview = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.filename
