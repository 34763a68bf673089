"""Writes about agencies and memberships."""

from django.contrib.auth.models import Group
from django.db import transaction

from core.roles import Role

from .models import Agency, Membership

_GROUP_FOR_MEMBERSHIP = {
    Membership.Role.REPORTER: Role.AGENCY_REPORTER,
    Membership.Role.APPROVER: Role.AGENCY_APPROVER,
}


@transaction.atomic
def membership_sync_groups(*, user) -> None:
    """
    Agency groups follow memberships: a user is in the reporter (approver) group exactly when they
    report for (approve for) at least one agency. The groups carry the admin rights; memberships scope them.
    """
    held = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    for role, group_name in _GROUP_FOR_MEMBERSHIP.items():
        group = Group.objects.get(name=group_name)
        if role in held:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    for cache in ("_pm1_roles", "_pm1_agency_ids"):
        user.__dict__.pop(cache, None)


@transaction.atomic
def membership_grant(*, user, agency: Agency, role: str) -> Membership:
    """Make the user a reporter or approver of the agency."""
    membership, _ = Membership.objects.get_or_create(user=user, agency=agency, role=role)
    membership_sync_groups(user=user)
    return membership
