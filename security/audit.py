"""
PM1's audit trail is Wagtail's own log (``wagtail.log_actions``): pages' and models' create, edit,
moderation, publish and delete entries come from Wagtail; this module adds logins, the second factor,
lock-outs, every use of an agency API key and every read of personal data, and keeps all entries as
they were written (no update, no delete; on PostgreSQL a trigger refuses them too: migration 0001).
PMO administrators read, filter and export it in Reports → Site history.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import get_active_log_context, log
from wagtail.models import ModelLogEntry, PageLogEntry

from .network import client_address

__all__ = [
    "ACTIONS",
    "log_api_key_use",
    "log_personal_data_read",
    "log_security_event",
]

LOGIN = "pm1.login"
LOGIN_FAILED = "pm1.login_failed"
LOGOUT = "pm1.logout"
LOCKED_OUT = "pm1.locked_out"
UNLOCKED = "pm1.unlocked"
TWO_FACTOR_ENROLLED = "pm1.two_factor.enrolled"
TWO_FACTOR_VERIFIED = "pm1.two_factor.verified"
TWO_FACTOR_FAILED = "pm1.two_factor.failed"
TWO_FACTOR_RESET = "pm1.two_factor.reset"
API_KEY_USED = "pm1.api_key.used"
PERSONAL_DATA_READ = "pm1.personal_data.read"

#: Action -> (label, message), registered with Wagtail's log (security.wagtail_hooks).
ACTIONS = {
    LOGIN: (_("Log in"), _("Logged in")),
    LOGIN_FAILED: (_("Failed login"), _("Failed to log in")),
    LOGOUT: (_("Log out"), _("Logged out")),
    LOCKED_OUT: (_("Lock-out"), _("Locked out after repeated failed logins")),
    UNLOCKED: (_("Unlock"), _("Unlocked by an administrator")),
    TWO_FACTOR_ENROLLED: (_("Two-step verification set up"), _("Set up two-step verification")),
    TWO_FACTOR_VERIFIED: (_("Two-step verification"), _("Passed two-step verification")),
    TWO_FACTOR_FAILED: (_("Failed two-step verification"), _("Gave a wrong verification code")),
    TWO_FACTOR_RESET: (_("Two-step verification reset"), _("Two-step verification reset by an administrator")),
    API_KEY_USED: (_("API key use"), _("Used the API key")),
    PERSONAL_DATA_READ: (_("Personal data read"), _("Read personal data")),
}


def _unwrapped(user):
    """``request.user`` is a lazy object, inside another one with django-otp: Wagtail's log wants the model."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def _client(request) -> dict:
    if request is None:
        return {}
    return {"ip": client_address(request), "path": request.path[:300], "method": request.method}


def log_security_event(*, user, action: str, request=None, by=None, **data) -> None:
    """An entry about the account ``user``, made by ``by`` (the account itself unless told)."""
    user = _unwrapped(user)
    log(instance=user, action=action, user=_unwrapped(by) or user, data={**_client(request), **data})


def log_api_key_use(*, api_key, request) -> None:
    """
    Every request authenticated by an agency API key, on the key, made by its account. One insert:
    Wagtail's ``log()`` saves through ``BaseLogEntry.save()``, whose ``full_clean()`` first queries
    that the key and its account exist, as loading them for this very request has just shown.
    """
    entry = ModelLogEntry(
        content_type=ContentType.objects.get_for_model(api_key, for_concrete_model=False),
        object_id=str(api_key.pk),
        label=str(api_key),
        action=API_KEY_USED,
        user=api_key.user,
        uuid=get_active_log_context().uuid,
        timestamp=timezone.now(),
        data=_client(request),
    )
    models.Model.save(entry)


def log_personal_data_read(*, instance, request, what: str) -> None:
    """Someone was shown personal data held on ``instance`` (``what`` names it, e.g. "user account")."""
    log(
        instance=instance,
        action=PERSONAL_DATA_READ,
        user=_unwrapped(request.user),
        data={**_client(request), "what": what},
    )


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log_security_event(user=user, action=LOGIN, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        log_security_event(user=user, action=LOGOUT, request=request)


def _account(username):
    User = get_user_model()
    return User.objects.filter(**{User.USERNAME_FIELD: username or ""}).first()


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Failures for names that are no account are in django-axes' access log only.
    account = _account(credentials.get("username"))
    if account is not None:
        log(instance=account, action=LOGIN_FAILED, user=None, data=_client(request))


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    account = _account(username)
    if account is not None:
        log(instance=account, action=LOCKED_OUT, user=None, data={**_client(request), "ip": ip_address})


@receiver(pre_save, sender=PageLogEntry)
@receiver(pre_save, sender=ModelLogEntry)
def _no_changes(sender, instance, **kwargs):
    if not instance._state.adding:
        raise PermissionDenied("Audit log entries cannot be changed.")


@receiver(pre_delete, sender=PageLogEntry)
@receiver(pre_delete, sender=ModelLogEntry)
def _no_deletes(sender, instance, **kwargs):
    raise PermissionDenied("Audit log entries cannot be deleted.")
