"""
``agencies.services``: a membership makes a user a reporter or approver of an agency, and the agency
groups, which carry the admin rights, follow the memberships.
"""

from django.test import TestCase

from agencies.models import Membership
from agencies.services import membership_grant, membership_sync_groups
from core.roles import Role, agency_ids_for_user, roles_of
from tests import builders


def groups(user):
    return set(user.groups.values_list("name", flat=True))


class MembershipTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH")
        cls.moi = builders.agency("MOI")
        cls.user = builders.user("official")

    def test_a_granted_membership_puts_the_user_in_the_roles_group(self):
        membership = membership_grant(user=self.user, agency=self.moph, role=Membership.Role.REPORTER)
        self.assertEqual((membership.agency, membership.role), (self.moph, Membership.Role.REPORTER))
        self.assertEqual(groups(self.user), {Role.AGENCY_REPORTER})
        membership_grant(user=self.user, agency=self.moi, role=Membership.Role.APPROVER)
        self.assertEqual(groups(self.user), {Role.AGENCY_REPORTER, Role.AGENCY_APPROVER})

    def test_granting_the_same_membership_again_adds_nothing(self):
        first = membership_grant(user=self.user, agency=self.moph, role=Membership.Role.APPROVER)
        second = membership_grant(user=self.user, agency=self.moph, role=Membership.Role.APPROVER)
        self.assertEqual(first, second)
        self.assertEqual(Membership.objects.filter(user=self.user).count(), 1)

    def test_the_group_goes_with_the_last_membership_of_its_role(self):
        membership_grant(user=self.user, agency=self.moph, role=Membership.Role.REPORTER)
        membership_grant(user=self.user, agency=self.moi, role=Membership.Role.REPORTER)
        Membership.objects.filter(user=self.user, agency=self.moph).delete()
        membership_sync_groups(user=self.user)
        self.assertEqual(groups(self.user), {Role.AGENCY_REPORTER})
        Membership.objects.filter(user=self.user).delete()
        membership_sync_groups(user=self.user)
        self.assertEqual(groups(self.user), set())

    def test_other_groups_are_left_alone(self):
        coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        membership_grant(user=coordinator, agency=self.moph, role=Membership.Role.APPROVER)
        self.assertEqual(groups(coordinator), {Role.PMO_COORDINATOR, Role.AGENCY_APPROVER})

    def test_rights_read_before_a_grant_are_read_again_after_it(self):
        self.assertEqual(agency_ids_for_user(self.user), frozenset())
        self.assertEqual(roles_of(self.user), set())
        membership_grant(user=self.user, agency=self.moph, role=Membership.Role.REPORTER)
        self.assertEqual(agency_ids_for_user(self.user), {self.moph.pk})
        self.assertEqual(roles_of(self.user), {Role.AGENCY_REPORTER})
