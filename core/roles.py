"""
The six staff roles. Each role is a Django group created by migration; agency roles are further scoped
to agencies through ``agencies.Membership``, which this module reads through the reverse relation it
gives every user (``user.agency_memberships``): core knows that users belong to agencies without
importing the app that keeps the agencies.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PMO_ADMIN = "PMO administrator", _("PMO administrator")
    PMO_COORDINATOR = "PMO coordinator", _("PMO coordinator")
    AGENCY_REPORTER = "Agency reporter", _("Agency reporter")
    AGENCY_APPROVER = "Agency approver", _("Agency approver")
    EXECUTIVE = "Executive", _("Executive")
    TRANSLATOR = "Translator", _("Translator")


PMO_ROLES = frozenset({Role.PMO_ADMIN, Role.PMO_COORDINATOR})
AGENCY_ROLES = frozenset({Role.AGENCY_REPORTER, Role.AGENCY_APPROVER})
READ_ALL_ROLES = PMO_ROLES | {Role.EXECUTIVE}

_CACHE = "_pm1_roles"
_AGENCIES_CACHE = "_pm1_agency_ids"


def roles_of(user) -> frozenset[Role]:
    """The user's roles (group names), cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if not hasattr(user, _CACHE):
        names = set(user.groups.values_list("name", flat=True))
        setattr(user, _CACHE, frozenset(Role(n) for n in names if n in Role.values))
    return getattr(user, _CACHE)


def is_pmo(user) -> bool:
    """PMO staff (administrators and coordinators) and superusers manage all content."""
    return user.is_active and (user.is_superuser or bool(roles_of(user) & PMO_ROLES))


def reads_everything(user) -> bool:
    """PMO staff and executives read every item, internal ones included."""
    return user.is_active and (user.is_superuser or bool(roles_of(user) & READ_ALL_ROLES))


def is_pmo_admin(user) -> bool:
    """PMO administrators (and superusers) run the system: users, API keys, imports."""
    return user.is_active and (user.is_superuser or Role.PMO_ADMIN in roles_of(user))


def agency_ids_for_user(user, *, role: str | None = None) -> frozenset[int]:
    """
    The agencies the user belongs to (optionally in one membership role), cached on the user object
    for the request so permission checks across a listing cost one query.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = getattr(user, _AGENCIES_CACHE, None)
    if cache is None:
        cache = {}
        for agency_id, member_role in user.agency_memberships.values_list("agency_id", "role"):
            cache.setdefault(member_role, set()).add(agency_id)
        setattr(user, _AGENCIES_CACHE, cache)
    if role is not None:
        return frozenset(cache.get(role, ()))
    return frozenset().union(*cache.values())


def is_translator_only(user) -> bool:
    """Translators who are not also agency staff or readers of everything: they read what is public."""
    return Role.TRANSLATOR in roles_of(user) and not agency_ids_for_user(user) and not reads_everything(user)
