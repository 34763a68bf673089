"""
Two-step verification for staff: a TOTP authenticator app (django-otp) as the second factor.

It is mandatory for PMO administrators, PMO coordinators and superusers, and anyone else on staff may
turn it on. Once an account has an authenticator, every login needs its code too.
"""

from base64 import b32encode

import segno
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import PMO_ROLES, roles_of

from . import audit

__all__ = [
    "has_authenticator",
    "must_use_two_factor",
    "needs_second_factor",
    "totp_confirm",
    "totp_pending",
    "totp_qr_svg",
    "totp_reset",
    "totp_secret_text",
    "totp_verify",
]

#: The name of the one authenticator an account has.
DEVICE_NAME = "authenticator"


def must_use_two_factor(user) -> bool:
    """PMO administrators, coordinators and superusers may not work without a second factor."""
    return user.is_active and (user.is_superuser or bool(roles_of(user) & PMO_ROLES))


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def needs_second_factor(user) -> bool:
    """Logged in with a password only, while the account has (or must have) an authenticator."""
    if not user.is_authenticated or user.is_verified():
        return False
    return must_use_two_factor(user) or has_authenticator(user)


def totp_pending(user) -> TOTPDevice:
    """The authenticator being set up for the user: created unconfirmed, kept until confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret in Base32, in groups of four, for typing into an app that cannot scan the QR code."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (no image request, no script)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#1b1b1b")


@transaction.atomic
def totp_confirm(*, request, device: TOTPDevice, token: str) -> bool:
    """Confirm a pending authenticator with its first code; it replaces any earlier one and verifies the session."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    audit.log_security_event(user=device.user, action=audit.TWO_FACTOR_ENROLLED, request=request)
    return True


def totp_verify(*, request, token: str) -> bool:
    """Check a code from the user's authenticator (throttled by django-otp) and verify the session."""
    user = request.user
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        # verify_token refuses while throttled and counts each failure towards the next delay.
        if device.verify_token(token):
            otp_login(request, device)
            audit.log_security_event(user=user, action=audit.TWO_FACTOR_VERIFIED, request=request)
            return True
    audit.log_security_event(user=user, action=audit.TWO_FACTOR_FAILED, request=request)
    return False


@transaction.atomic
def totp_reset(*, user, by) -> None:
    """Remove the user's authenticator (a lost phone): they set up a new one at their next login."""
    TOTPDevice.objects.filter(user=user).delete()
    audit.log_security_event(user=user, action=audit.TWO_FACTOR_RESET, by=by)
