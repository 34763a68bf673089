"""
What a user holds — roles (groups), agency memberships, Wagtail page permissions, and for an agency
system its API key — kept by each process between requests, so that a system pushing updates does
not pay the queries of being told the same thing again on each request.

Kept grants are trusted only at the ``GrantsGeneration`` they were loaded at. Every change of them
(an account, an agency, an API key: ``api.services``) draws a new random number in the same
transaction: random rather than counted, so that a rolled-back change can never bring back a number
that kept grants were trusted at. A request reads it first (``api.services.apikey_authenticate``),
so a change applies to the next request in every process. Writes that bypass model signals
(``bulk_create`` of memberships, queryset updates, raw SQL) must call ``grants_changed()``.

Agencies and memberships are named to the signals by their labels (``"agencies.Membership"``):
Django connects such a receiver once the model is loaded, so core watches them without importing
the app above it that defines them.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import GroupPagePermission
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import GrantsGeneration
from .roles import agency_ids_for_user, roles_of

__all__ = ["grants_changed", "grants_generation", "grants_load"]

#: The per-user attributes the rights checks read (``core.roles`` and
#: Wagtail's page permission policy), which a load fills and a kept entry restores.
_ATTRIBUTES = ("_pm1_roles", "_pm1_agency_ids", PagePermissionPolicy.permission_cache_name)
#: Users kept per process; past this the whole store is dropped (it refills as requests come).
MAX_KEPT = 10_000
_kept: dict[int, tuple[int, dict]] = {}


def grants_generation() -> int | None:
    """The current generation (None without its row: a flushed test database): one narrow read."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {GrantsGeneration._meta.db_table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return row and row[0]


def grants_load(user, generation: int | None) -> None:
    """
    Give ``user`` (loaded this request) the grants kept for it at ``generation``, or load them
    now and keep them. Without a generation (no row: a flushed test database) nothing is kept.
    """
    if generation is None or not user.is_active:
        return
    kept = _kept.get(user.pk)
    if kept is not None and kept[0] == generation:
        for name, value in kept[1].items():
            setattr(user, name, value)
        return
    roles_of(user)
    agency_ids_for_user(user)
    # Wagtail keeps a lazy queryset on the user; a list of its rows serves every use it makes of it.
    permissions = list(PagePermissionPolicy().get_cached_permissions_for_user(user))
    setattr(user, PagePermissionPolicy.permission_cache_name, permissions)
    if len(_kept) >= MAX_KEPT:
        _kept.clear()
    _kept[user.pk] = (generation, {name: getattr(user, name) for name in _ATTRIBUTES})


def grants_changed() -> None:
    """Kept grants are stale everywhere from the moment the current transaction commits."""
    GrantsGeneration.objects.filter(pk=1).update(value=secrets.randbits(63))


@receiver(m2m_changed, sender=get_user_model().groups.through)
def _groups_changed(action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        grants_changed()


@receiver(post_save, sender=get_user_model())
def _user_saved(update_fields=None, **kwargs):
    # Logins record the time in the user's row, which grants nothing.
    if update_fields is None or set(update_fields) != {"last_login"}:
        grants_changed()


@receiver(post_save, sender=Group)
@receiver(post_delete, sender=Group)
@receiver(post_save, sender=GroupPagePermission)
@receiver(post_delete, sender=GroupPagePermission)
@receiver(post_save, sender="agencies.Membership")
@receiver(post_delete, sender="agencies.Membership")
@receiver(post_save, sender="agencies.Agency")
@receiver(post_delete, sender="agencies.Agency")
def _grant_saved_or_deleted(**kwargs):
    grants_changed()
