import datetime
import re

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from agencies.models import Agency
from api.models import ApiKey
from api.services import apikey_authenticate, apikey_issue
from api.views import ApiKeyIssueForm
from core.roles import Role
from tests import builders

INDEX_URL = reverse("api_keys:index")
ADD_URL = reverse("api_keys:add")


def revoke_url(api_key):
    return reverse("api_keys:revoke", args=[api_key.pk])


class ApiKeyAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.admin = builders.user("pmo_admin", role=Role.PMO_ADMIN)
        # English, so that the assertions read the msgids whatever the Thai catalogue says.
        UserProfile.get_for_user(cls.admin)
        UserProfile.objects.filter(user=cls.admin).update(preferred_language="en")
        cls.api_key, cls.key_text = apikey_issue(agency=cls.agency, name="ระบบรายงานกระทรวง", created_by=cls.admin)

    def issue(self, **fields):
        data = {"name": "ระบบติดตามงาน", "agency": self.agency.pk, "expires_at": "", **fields}
        return self.client.post(ADD_URL, data)

    def test_a_pmo_administrator_issues_a_key_and_sees_the_whole_key_once(self):
        builders.staff_login(self.client, self.admin)

        response = self.issue()

        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "api/apikey_issued.html")
        api_key = ApiKey.objects.get(name="ระบบติดตามงาน")
        self.assertEqual(api_key.created_by, self.admin)
        key_text = re.search(rf"{api_key.prefix}_[\w-]+", response.content.decode())[0]
        self.assertEqual(response.content.decode().count(key_text), 1)
        self.assertContains(response, "will not be shown again")
        self.assertContains(response, INDEX_URL)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertEqual(apikey_authenticate(key_text), api_key)

    def test_the_database_keeps_only_a_digest_of_an_issued_key(self):
        builders.staff_login(self.client, self.admin)

        response = self.issue()

        api_key = ApiKey.objects.get(name="ระบบติดตามงาน")
        key_text = re.search(rf"{api_key.prefix}_[\w-]+", response.content.decode())[0]
        stored = ApiKey.objects.filter(pk=api_key.pk).values().get()
        self.assertFalse([name for name, value in stored.items() if key_text in str(value)])
        self.assertEqual(len(api_key.digest), 64)

    def test_the_list_shows_the_prefix_but_never_the_key(self):
        builders.staff_login(self.client, self.admin)

        response = self.client.get(INDEX_URL)

        self.assertContains(response, self.api_key.prefix)
        self.assertContains(response, "ระบบรายงานกระทรวง")
        self.assertNotContains(response, self.key_text)

    def test_the_edit_page_never_shows_the_key(self):
        builders.staff_login(self.client, self.admin)

        response = self.client.get(reverse("api_keys:edit", args=[self.api_key.pk]))

        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, self.key_text)
        self.assertNotIn("agency", response.context["form"].fields)

    def test_a_key_cannot_be_issued_for_an_inactive_agency(self):
        closed = builders.agency("OLD", "หน่วยงานที่ยุบแล้ว")
        closed.is_active = False
        closed.save()
        builders.staff_login(self.client, self.admin)

        response = self.issue(agency=closed.pk)

        self.assertEqual(response.status_code, 200)
        self.assertIn("agency", response.context["form"].errors)
        self.assertFalse(ApiKey.objects.filter(agency=closed).exists())

    def test_the_agencies_to_choose_from_read_as_the_governments_list(self):
        builders.staff_login(self.client, self.admin)
        with translation.override("th"):
            choices = [(value, label) for value, label in ApiKeyIssueForm().fields["agency"].choices if value]
        agencies = {agency.pk: agency for agency in Agency.objects.filter(is_active=True)}
        names = [label for _, label in choices]
        ministries = [label for label in names if not label.lstrip("\u00a0").startswith("↳")]
        # Thai dictionary order: a leading vowel is read after its consonant (เกษตร under ก, แรงงาน under ร).
        self.assertLess(
            ministries.index("กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม"), ministries.index("กระทรวงเกษตรและสหกรณ์")
        )
        self.assertLess(ministries.index("กระทรวงเกษตรและสหกรณ์"), ministries.index("กระทรวงคมนาคม"))
        self.assertLess(ministries.index("กระทรวงยุติธรรม"), ministries.index("กระทรวงแรงงาน"))
        self.assertLess(ministries.index("กระทรวงแรงงาน"), ministries.index("กระทรวงวัฒนธรรม"))
        self.assertEqual(len(choices), len(agencies))
        # Each department comes after its ministry, before the next top-level body.
        ministry = None
        for value, label in choices:
            agency = agencies[value.value]
            if agency.parent_id is None:
                ministry = agency
            else:
                self.assertEqual(agency.parent_id, ministry.pk, label)
                self.assertTrue(label.startswith("↳ "), label)
        self.assertContains(self.client.get(ADD_URL), f'<option value="{Agency.objects.get(code="DDC").pk}">↳ ')

    def test_a_key_cannot_be_issued_already_expired(self):
        builders.staff_login(self.client, self.admin)

        response = self.issue(expires_at="2020-01-01 00:00")

        self.assertIn("expires_at", response.context["form"].errors)
        self.assertFalse(ApiKey.objects.filter(name="ระบบติดตามงาน").exists())

    def test_other_staff_cannot_reach_the_list_the_issue_or_the_revoke_view(self):
        outsiders = [
            builders.user("coordinator", role=Role.PMO_COORDINATOR),
            builders.user("reporter", agency=self.agency, membership="reporter"),
            builders.user("executive", role=Role.EXECUTIVE),
        ]
        home = reverse("wagtailadmin_home")
        for user in outsiders:
            with self.subTest(user=user.username):
                builders.staff_login(self.client, user)
                for response in (
                    self.client.get(INDEX_URL),
                    self.client.get(ADD_URL),
                    self.issue(),
                    self.client.get(revoke_url(self.api_key)),
                    self.client.post(revoke_url(self.api_key)),
                ):
                    self.assertRedirects(response, home, fetch_redirect_response=False)
                menu = self.client.get(home)
                self.assertNotContains(menu, INDEX_URL)
        self.assertEqual(ApiKey.objects.count(), 1)
        self.assertEqual(apikey_authenticate(self.key_text), self.api_key)

    def test_the_menu_offers_api_keys_to_a_pmo_administrator(self):
        builders.staff_login(self.client, self.admin)

        response = self.client.get(reverse("wagtailadmin_home"))

        self.assertContains(response, INDEX_URL)

    def test_the_revoke_page_asks_for_confirmation_without_revoking(self):
        builders.staff_login(self.client, self.admin)

        response = self.client.get(revoke_url(self.api_key))

        self.assertContains(response, self.api_key.prefix)
        self.assertContains(response, revoke_url(self.api_key))
        self.assertEqual(apikey_authenticate(self.key_text), self.api_key)

    def test_revoking_a_key_stops_it_working_and_the_list_shows_it_revoked(self):
        builders.staff_login(self.client, self.admin)

        response = self.client.post(revoke_url(self.api_key), follow=True)

        self.assertRedirects(response, INDEX_URL)
        self.assertIsNone(apikey_authenticate(self.key_text))
        self.assertIsNotNone(ApiKey.objects.get(pk=self.api_key.pk).revoked_at)
        self.assertContains(response, "revoked. It no longer works.")
        self.assertContains(response, "Revoked")
        self.assertNotContains(response, revoke_url(self.api_key))

    def test_an_expired_key_shows_as_expired(self):
        self.api_key.expires_at = timezone.now() - datetime.timedelta(days=1)
        self.api_key.save()
        builders.staff_login(self.client, self.admin)

        response = self.client.get(INDEX_URL)

        self.assertContains(response, "Expired")
        self.assertNotContains(response, "Usable")

    def test_a_usable_key_shows_as_usable(self):
        builders.staff_login(self.client, self.admin)

        response = self.client.get(INDEX_URL)

        self.assertContains(response, "Usable")

    def test_the_list_filters_by_agency(self):
        other = builders.agency("MOF", "กระทรวงการคลัง")
        apikey_issue(agency=other, name="ระบบการคลัง")
        builders.staff_login(self.client, self.admin)

        response = self.client.get(INDEX_URL, {"agency": other.pk})

        self.assertContains(response, "ระบบการคลัง")
        self.assertNotContains(response, "ระบบรายงานกระทรวง")

    def test_every_page_renders_for_a_superuser(self):
        superuser = get_user_model().objects.create_superuser("root", "root@example.go.th", builders.PASSWORD)
        builders.staff_login(self.client, superuser)

        for url in (INDEX_URL, ADD_URL, reverse("api_keys:edit", args=[self.api_key.pk]), revoke_url(self.api_key)):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.get(INDEX_URL, {"q": "MOPH"}).status_code, 200)
        self.assertEqual(self.issue().status_code, 200)
