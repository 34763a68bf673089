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
def membership_grant(*, user, agency: Agency, role: str) -> Membership:
    """Make the user a reporter or approver of the agency, and put them in the matching group."""
    membership, _ = Membership.objects.get_or_create(user=user, agency=agency, role=role)
    user.groups.add(Group.objects.get(name=_GROUP_FOR_MEMBERSHIP[role]))
    return membership
