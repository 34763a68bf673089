"""
Grants kept between requests (core.grants): an agency system's account costs no query for its
rights while nothing changed, and every change of them applies to its very next request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from agencies.models import Agency, Membership
from api.models import ApiKey
from api.services import apikey_authenticate, apikey_issue, apikey_revoke
from core.choices import Visibility
from core.grants import grants_load
from core.models import GrantsGeneration
from core.roles import Role, agency_ids_for_user, roles_of
from tests import builders


def generation():
    return GrantsGeneration.objects.get(pk=1).value


class KeptGrantsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.reporter = builders.user("reporter", agency=cls.moph, membership=Membership.Role.REPORTER)

    def fresh_reporter(self):
        return get_user_model().objects.get(pk=self.reporter.pk)

    def test_kept_grants_answer_the_rights_checks_without_a_query(self):
        grants_load(self.fresh_reporter(), generation())
        current = generation()
        user = self.fresh_reporter()
        with self.assertNumQueries(0):
            grants_load(user, current)
            self.assertEqual(roles_of(user), {Role.AGENCY_REPORTER})
            self.assertEqual(agency_ids_for_user(user), {self.moph.pk})
            codenames = {p.permission.codename for p in PagePermissionPolicy().get_cached_permissions_for_user(user)}
        self.assertEqual(codenames, {"add_page"})

    def test_grants_are_loaded_again_at_another_generation(self):
        current = generation()
        grants_load(self.fresh_reporter(), current)
        user = self.fresh_reporter()
        with self.assertNumQueries(3):
            grants_load(user, current + 1)

    def test_without_a_generation_nothing_is_kept(self):
        user = self.fresh_reporter()
        with self.assertNumQueries(0):
            grants_load(user, None)
        self.assertFalse(hasattr(user, "_pm1_roles"))

    def test_every_change_of_grants_draws_a_new_generation(self):
        group = Group.objects.get(name=Role.EXECUTIVE)
        changes = {
            "membership granted": lambda: Membership.objects.create(
                user=self.reporter, agency=self.moph, role=Membership.Role.APPROVER
            ),
            "membership removed": lambda: Membership.objects.filter(role=Membership.Role.APPROVER).delete(),
            "user joins a group": lambda: self.reporter.groups.add(group),
            "user leaves a group": lambda: self.reporter.groups.remove(group),
            "group joined from its side": lambda: group.user_set.add(self.reporter),
            "groups cleared": lambda: self.reporter.groups.clear(),
            "page permission granted": lambda: GroupPagePermission.objects.create(
                group=group, page=Page.objects.get(depth=1), permission_type="change"
            ),
            "page permission removed": lambda: GroupPagePermission.objects.filter(group=group).delete(),
            "group renamed": lambda: Group.objects.filter(pk=group.pk).first().save(),
        }
        for change, make in changes.items():
            with self.subTest(change=change):
                before = generation()
                make()
                self.assertNotEqual(generation(), before)


class KeptGrantsThroughTheAPITests(TestCase):
    """The agency API reads a key's grants from the process's store, and sees every change at once."""

    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.moi = builders.agency("MOI", "กระทรวงมหาดไทย")
        cls.internal = builders.directive("นร 9/2569", cls.moi, visibility=Visibility.INTERNAL)
        cls.api_key, cls.text = apikey_issue(agency=cls.moph, name="ระบบ")

    def setUp(self):
        cache.clear()

    def status(self):
        url = f"/api/v1/directives/{self.internal.pk}/"
        return self.client.get(url, headers={"authorization": f"Bearer {self.text}"}).status_code

    def test_a_membership_granted_or_removed_applies_to_the_next_request(self):
        self.assertEqual(self.status(), 404)
        self.assertEqual(self.status(), 404)
        membership = Membership.objects.create(user=self.api_key.user, agency=self.moi, role=Membership.Role.REPORTER)
        self.assertEqual(self.status(), 200)
        membership.delete()
        self.assertEqual(self.status(), 404)

    def test_the_second_request_reads_neither_the_key_nor_its_grants_but_their_generation(self):
        self.status()
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.status(), 404)
        tables = ("api_apikey", "agencies_agency", "auth_user", "auth_group", "agencies_membership")
        read = [query["sql"] for query in queries if any(f'"{table}"' in query["sql"] for table in tables)]
        self.assertEqual(read, [])
        self.assertNotIn("grouppagepermission", " ".join(query["sql"] for query in queries))
        self.assertIn("FROM core_grantsgeneration", queries[0]["sql"])

    def test_a_revoked_an_expired_or_a_deactivated_key_is_refused_on_the_next_request(self):
        changes = {
            "revoked": lambda key: apikey_revoke(api_key=key),
            "expired": lambda key: setattr(key, "expires_at", timezone.now()) or key.save(),
            "agency closed": lambda key: setattr(key.agency, "is_active", False) or key.agency.save(),
            "account disabled": lambda key: setattr(key.user, "is_active", False) or key.user.save(),
        }
        for change, make in changes.items():
            with self.subTest(change=change):
                api_key, text = apikey_issue(agency=self.moph, name=change)
                self.assertIsNotNone(apikey_authenticate(text))
                self.assertIsNotNone(apikey_authenticate(text))
                make(ApiKey.objects.select_related("agency", "user").get(pk=api_key.pk))
                self.assertIsNone(apikey_authenticate(text))
                Agency.objects.filter(pk=self.moph.pk).update(is_active=True)
