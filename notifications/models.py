import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .kinds import EventKind


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    LINE = "line", _("LINE")
    IN_APP = "in_app", _("In the admin")


class Event(models.Model):
    """
    Something PM1 tells people about, recorded once: its ``key`` names the occurrence (e.g. the 3-day
    reminder of one agency's deadline), so recording it again, from a second cron run or a retried
    task, changes nothing.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    key = models.CharField(_("key"), max_length=200, unique=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=40)
    target = GenericForeignKey("target_type", "target_id")
    url = models.URLField(_("link"), max_length=500, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("notification event")
        verbose_name_plural = _("notification events")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.key})"


class Delivery(models.Model):
    """
    One message of an event to one recipient on one channel. Unique for (event, recipient, channel):
    nothing is sent twice, whatever runs twice. In-app messages are delivered when recorded and read
    from here.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        RETRYING = "retrying", _("Waiting to retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    #: Who, as "user:<id>", "line-group:<id>" or "email:<address>": the uniqueness key's recipient.
    recipient = models.CharField(_("recipient"), max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification_deliveries",
    )
    address = models.CharField(_("address"), max_length=254, blank=True)
    #: A citizen follower's one-click unsubscribe link, sent with every message to them.
    unsubscribe_url = models.URLField(_("unsubscribe link"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10, default="th")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    #: When the e-mail's content was with the SMTP server and its end about to follow
    #: (``notifications.smtp``): a worker killed after this left a message on its way, not one to send again.
    handed_over_at = models.DateTimeField(_("handed over"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    #: Sent as LINE's X-Line-Retry-Key and in the e-mail's Message-ID: a resend after a crash is the same message.
    retry_key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient", "channel"], name="delivery_unique_recipient"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["user", "channel", "read_at"]),
        ]

    def __str__(self):
        return f"{self.event} → {self.recipient} ({self.get_channel_display()})"


class Preference(models.Model):
    """A user's channels for one kind of event; without a row every channel is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("event"), max_length=30, choices=EventKind.choices)
    email = models.BooleanField(_("e-mail"), default=True)
    line = models.BooleanField(_("LINE"), default=True)
    in_app = models.BooleanField(_("in the admin"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="preference_unique_kind")]

    def __str__(self):
        return f"{self.user} – {self.get_kind_display()}"

    def channels(self) -> frozenset[str]:
        return frozenset(c for c in Channel.values if getattr(self, c))


class LineLink(models.Model):
    """
    A LINE user or group that follows or joined PM1's LINE account, recorded by the webhook; a PMO
    administrator links a user ID to a staff user and a group ID to an agency.
    """

    class Kind(models.TextChoices):
        USER = "user", _("LINE user")
        GROUP = "group", _("LINE group")

    line_id = models.CharField(_("LINE ID"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="line_links",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="line_links",
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Off once it unfollows or leaves."))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("LINE link")
        verbose_name_plural = _("LINE links")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.line_id}"

    def clean(self):
        if self.kind == self.Kind.USER and self.agency_id:
            raise ValidationError({"agency": _("A LINE user is linked to a user, not an agency.")})
        if self.kind == self.Kind.GROUP and self.user_id:
            raise ValidationError({"user": _("A LINE group is linked to an agency, not a user.")})
