"""Issuing, checking and revoking agency API keys."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from agencies.models import Agency, Membership
from agencies.services import membership_grant
from core.grants import grants_changed, grants_generation, grants_load

from .models import ApiKey

__all__ = ["apikey_authenticate", "apikey_issue", "apikey_revoke"]

#: Every key starts with this, so that leaked keys can be recognised by secret scanners.
KEY_START = "pm1_"
#: The prefix: KEY_START and 8 hexadecimal digits; then "_" and the secret (which may hold "_" too).
PREFIX_LENGTH = len(KEY_START) + 8
#: How stale ``last_used_at`` may be: recording every request would make each one a write.
LAST_USED_PRECISION = timedelta(minutes=1)
#: Keys kept per process with their agency and account (``core.grants``: trusted while nothing
#: changed); past this the whole store is dropped.
MAX_KEPT_KEYS = 10_000
_kept_keys: dict[str, tuple[int, tuple]] = {}


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def apikey_issue(*, agency, name: str, created_by=None, expires_at=None) -> tuple[ApiKey, str]:
    """A new key for the agency, and its secret text: the only time the text is known."""
    prefix = KEY_START + secrets.token_hex(4)
    while ApiKey.objects.filter(prefix=prefix).exists():
        prefix = KEY_START + secrets.token_hex(4)
    key = f"{prefix}_{secrets.token_urlsafe(32)}"
    # Its account is named after the key's prefix and the agency, so revisions and the audit log say
    # which system did what; it has no password, so nobody logs in with it.
    user = get_user_model().objects.create_user(prefix, first_name=name[:150], last_name=f"API {agency.code}")
    membership_grant(user=user, agency=agency, role=Membership.Role.REPORTER)
    api_key = ApiKey.objects.create(
        agency=agency,
        user=user,
        name=name,
        prefix=prefix,
        digest=_digest(key),
        created_by=created_by,
        expires_at=expires_at,
    )
    return api_key, key


def _rows(instance) -> tuple:
    return tuple(getattr(instance, field.attname) for field in instance._meta.concrete_fields)


def _instance(model, rows: tuple):
    return model.from_db("default", [field.attname for field in model._meta.concrete_fields], rows)


def _key_load(prefix: str, generation: int | None) -> ApiKey | None:
    """
    The key with this prefix, with its agency and account: from the process's store while the
    grants' generation is the one it was kept at (fresh objects each time), else from the database.
    """
    kept = _kept_keys.get(prefix)
    if generation is not None and kept is not None and kept[0] == generation:
        key_rows, agency_rows, user_rows = kept[1]
        api_key = _instance(ApiKey, key_rows)
        api_key.agency = _instance(Agency, agency_rows)
        api_key.user = _instance(get_user_model(), user_rows)
        return api_key
    api_key = ApiKey.objects.select_related("agency", "user").filter(prefix=prefix).first()
    if api_key is not None:
        _key_keep(api_key, generation)
    return api_key


def _key_keep(api_key: ApiKey, generation: int | None) -> None:
    if generation is None:
        return
    if len(_kept_keys) >= MAX_KEPT_KEYS:
        _kept_keys.clear()
    _kept_keys[api_key.prefix] = (generation, (_rows(api_key), _rows(api_key.agency), _rows(api_key.user)))


def apikey_authenticate(key: str) -> ApiKey | None:
    """The usable key this text is, recording its use; None for an unknown, revoked or expired key."""
    prefix, separator, secret = key[:PREFIX_LENGTH], key[PREFIX_LENGTH : PREFIX_LENGTH + 1], key[PREFIX_LENGTH + 1 :]
    if not prefix.startswith(KEY_START) or separator != "_" or not secret:
        return None
    generation = grants_generation()
    api_key = _key_load(prefix, generation)
    if api_key is None or not hmac.compare_digest(api_key.digest, _digest(key)):
        return None
    now = timezone.now()
    if not api_key.is_usable(now) or not api_key.agency.is_active or not api_key.user.is_active:
        return None
    if api_key.last_used_at is None or api_key.last_used_at < now - LAST_USED_PRECISION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
        _key_keep(api_key, generation)
    grants_load(api_key.user, generation)
    return api_key


@transaction.atomic
def apikey_revoke(*, api_key: ApiKey) -> None:
    """The key and its account stop working at once; the key stays listed, with when it was revoked."""
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        ApiKey.objects.filter(pk=api_key.pk, revoked_at=None).update(revoked_at=api_key.revoked_at)
    get_user_model().objects.filter(pk=api_key.user_id).update(is_active=False)
    grants_changed()


@receiver(post_save, sender=ApiKey)
@receiver(post_delete, sender=ApiKey)
def _key_saved_or_deleted(**kwargs):
    grants_changed()
