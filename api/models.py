from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """
    A key an agency's own system uses to call the agency API, scoped to exactly one agency. Only
    a digest of the secret is stored: the key is shown once, when it is issued (``api.services``).
    """

    agency = models.ForeignKey("agencies.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+")
    #: The key's own account, a reporter of its agency that cannot log in: requests made with the key
    #: act as it, so the rights matrix, revisions, moderation and audit apply as to any reporter.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, editable=False, related_name="api_key"
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What uses the key, e.g. the ministry's reporting system.")
    )
    #: The key's public start, shown in lists and logs to tell keys apart.
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    #: SHA-256 of the whole key: keys are long and random, so a fast digest is enough.
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, help_text=_("Leave empty for no expiry."))
    revoked_at = models.DateTimeField(_("revoked"), null=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, editable=False)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["agency", "name"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    is_usable.boolean = True
    is_usable.short_description = _("usable")


class IdempotentRequest(models.Model):
    """
    The answer PM1 gave to a request sent with an ``Idempotency-Key`` header, kept so that a retry
    with the same key and the same request gets the same answer instead of a second update.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    #: SHA-256 of the method, path and body: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotent_request_unique_key")]

    def __str__(self):
        return self.key
