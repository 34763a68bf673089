"""
The six staff roles. Each role is a Django group created by migration; agency roles are further scoped
to agencies through ``agencies.Membership``.
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
