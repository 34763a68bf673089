"""What a user holds (core.roles): agencies read through the user's memberships, once a request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from agencies.services import membership_grant
from core.roles import Role, agency_ids_for_user, is_translator_only
from tests import builders


class AgencyIdsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.mof = builders.agency("MOF", "กระทรวงการคลัง")
        cls.reporter = builders.user("somchai", role=Role.AGENCY_REPORTER, agency=cls.moph, membership="reporter")
        membership_grant(user=cls.reporter, agency=cls.mof, role="approver")

    def test_a_users_agencies_are_those_of_their_memberships_in_any_role_or_in_one(self):
        self.assertEqual(agency_ids_for_user(self.reporter), {self.moph.pk, self.mof.pk})
        self.assertEqual(agency_ids_for_user(self.reporter, role="approver"), {self.mof.pk})

    def test_the_memberships_are_read_once_for_the_request(self):
        agency_ids_for_user(self.reporter)
        with self.assertNumQueries(0):
            agency_ids_for_user(self.reporter, role="reporter")

    def test_visitors_and_inactive_users_belong_to_no_agency(self):
        self.reporter.is_active = False
        self.assertEqual(agency_ids_for_user(self.reporter), frozenset())
        self.assertEqual(agency_ids_for_user(AnonymousUser()), frozenset())

    def test_a_translator_with_an_agency_membership_is_not_only_a_translator(self):
        translator = builders.user("malee", role=Role.TRANSLATOR)
        self.assertTrue(is_translator_only(translator))
        membership_grant(user=translator, agency=self.moph, role="reporter")
        self.assertFalse(is_translator_only(get_user_model().objects.get(pk=translator.pk)))
