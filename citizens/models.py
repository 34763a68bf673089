"""
What citizens leave with PM1: e-mail addresses that follow an item or an agency, and questions on
items. Both hold personal data (PDPA): the addresses, and an asker's name, are never shown on the
public site, never indexed for search and never served by an API; PMO staff see them in the admin,
and each such read is in the audit log.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Follower(models.Model):
    """
    An e-mail address that follows one tracked item (directive, policy) or one agency. Unsubscribing
    deletes the row: PM1 keeps no address that no longer wants its messages.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")

    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # The item in the default locale, whichever translation was followed: one follow per address.
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("item"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    # What the signed confirmation and unsubscribe links name: no database id, no address.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("asked to follow at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.CheckConstraint(
                condition=Q(page__isnull=False, agency__isnull=True) | Q(page__isnull=True, agency__isnull=False),
                name="follower_one_target",
            ),
            models.UniqueConstraint(fields=["email", "page"], condition=Q(page__isnull=False), name="follower_page"),
            models.UniqueConstraint(
                fields=["email", "agency"], condition=Q(agency__isnull=False), name="follower_agency"
            ),
        ]

    def __str__(self):
        return str(_("Follower of %(target)s") % {"target": self.target})

    @property
    def target(self):
        """The followed agency, or item (its specific page, in the active language's translation if any)."""
        return self.page.specific.localized if self.page_id else self.agency


class Question(models.Model):
    """
    A citizen's question on a public tracked item. It is shown on the item's page once a PMO coordinator
    publishes it, with the answer when there is one; the asker's name and e-mail address never are.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published, awaiting an answer")
        ANSWERED = "answered", _("Answered")
        REJECTED = "rejected", _("Rejected")

    PUBLIC_STATES = (State.PUBLISHED, State.ANSWERED)

    # The item in the default locale: the question shows on every translation of it.
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("item"), on_delete=models.CASCADE, related_name="citizen_questions"
    )
    text = models.TextField(_("question"))
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consent_text = models.TextField(_("consent text agreed to"))
    consented_at = models.DateTimeField(_("consent given at"))
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("citizen question")
        verbose_name_plural = _("citizen questions")
        ordering = ["-asked_at"]
        indexes = [models.Index(fields=["page", "state"], name="question_page_state")]

    def __str__(self):
        return self.text[:60]

    @property
    def is_public(self) -> bool:
        return self.state in self.PUBLIC_STATES
