"""Two-step verification: mandatory for PMO administrators and coordinators, open to all staff."""

import re
from base64 import b32decode

from django.test import TestCase
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from api.services import apikey_issue
from core.choices import Visibility
from core.roles import Role
from security import audit
from tests import builders


def code(device, drift=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


class TwoFactorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.administrator = builders.user("administrator", role=Role.PMO_ADMIN)
        cls.reporter = builders.user("reporter", agency=cls.agency, membership="reporter")

    def password_login(self, user):
        response = self.client.post(
            reverse("wagtailadmin_login"), {"username": user.username, "password": builders.PASSWORD}
        )
        self.assertEqual(response.status_code, 302)

    def test_pmo_staff_with_a_password_only_reach_no_admin_page(self):
        for user in (self.coordinator, self.administrator):
            with self.subTest(user=user.username):
                self.password_login(user)
                for url in (
                    reverse("wagtailadmin_home"),
                    reverse("pm1_items"),
                    reverse("wagtailadmin_explore_root"),
                    reverse("wagtailusers_users:index"),
                    reverse("wagtailadmin_reports:site_history"),
                ):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 302, url)
                    self.assertTrue(response["Location"].startswith(reverse("pm1_two_factor_setup")), url)
                self.client.logout()

    def test_the_second_step_pages_send_visitors_to_the_login(self):
        for name in ("pm1_two_factor_verify", "pm1_two_factor_setup"):
            with self.subTest(name=name):
                response = self.client.get(reverse(name))
                self.assertTrue(response["Location"].startswith(reverse("wagtailadmin_login")))

    def test_enrolment_shows_a_qr_code_and_a_right_code_opens_the_admin(self):
        self.password_login(self.coordinator)
        response = self.client.get(reverse("pm1_two_factor_setup"), {"next": reverse("pm1_items")})
        self.assertContains(response, "<svg")
        device = TOTPDevice.objects.get(user=self.coordinator, confirmed=False)

        wrong = self.client.post(reverse("pm1_two_factor_setup"), {"token": "000000", "next": reverse("pm1_items")})
        self.assertEqual(wrong.status_code, 200)
        self.assertFalse(TOTPDevice.objects.filter(user=self.coordinator, confirmed=True).exists())
        device.refresh_from_db()
        device.throttle_reset()  # a wrong code makes the next try wait a second

        response = self.client.post(
            reverse("pm1_two_factor_setup"), {"token": code(device), "next": reverse("pm1_items")}
        )
        self.assertRedirects(response, reverse("pm1_items"))
        self.assertEqual(self.client.get(reverse("pm1_items")).status_code, 200)
        self.assertTrue(
            ModelLogEntry.objects.filter(action=audit.TWO_FACTOR_ENROLLED, object_id=str(self.coordinator.pk)).exists()
        )

    def test_the_enrolment_speaks_thai_and_english(self):
        self.password_login(self.coordinator)
        self.assertContains(self.client.get(reverse("pm1_two_factor_setup")), "ตั้งค่าการยืนยันตัวตนสองขั้นตอน")
        profile = UserProfile.get_for_user(self.coordinator)
        profile.preferred_language = "en"
        profile.save()
        response = self.client.get(reverse("pm1_two_factor_setup"))
        self.assertContains(response, "Your role needs two-step verification")

    def test_the_key_to_type_is_the_devices_key_in_groups_that_oathtool_reads_when_quoted(self):
        self.password_login(self.coordinator)
        page = self.client.get(reverse("pm1_two_factor_setup")).content.decode()
        shown = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1)
        device = TOTPDevice.objects.get(user=self.coordinator, confirmed=False)
        # What the README's `oathtool --totp -b "KEY AS SHOWN"` does: Base32 with the spaces ignored.
        self.assertEqual(b32decode("".join(shown.split())), device.bin_key)
        self.assertTrue(all(len(group) == 4 for group in shown.split()))

    def test_an_enrolled_user_enters_a_code_after_the_password(self):
        device = TOTPDevice.objects.create(user=self.coordinator, name="authenticator", confirmed=True)
        self.password_login(self.coordinator)
        response = self.client.get(reverse("pm1_items"))
        self.assertTrue(response["Location"].startswith(reverse("pm1_two_factor_verify")))

        response = self.client.post(reverse("pm1_two_factor_verify"), {"token": "123456", "next": "/admin/"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.client.get(reverse("pm1_items")).status_code, 302)

        device.refresh_from_db()
        device.throttle_reset()
        response = self.client.post(reverse("pm1_two_factor_verify"), {"token": code(device), "next": "/admin/"})
        self.assertRedirects(response, "/admin/")
        self.assertEqual(self.client.get(reverse("pm1_items")).status_code, 200)

    def test_wrong_codes_are_throttled(self):
        device = TOTPDevice.objects.create(user=self.coordinator, name="authenticator", confirmed=True)
        self.password_login(self.coordinator)
        self.client.post(reverse("pm1_two_factor_verify"), {"token": "000000"})
        response = self.client.post(reverse("pm1_two_factor_verify"), {"token": code(device)})
        self.assertEqual(response.status_code, 200, "a right code right after a wrong one waits for the delay")
        self.assertEqual(self.client.get(reverse("pm1_items")).status_code, 302)

    def test_an_authenticator_cannot_be_replaced_with_the_password_alone(self):
        TOTPDevice.objects.create(user=self.reporter, name="authenticator", confirmed=True)
        self.password_login(self.reporter)
        response = self.client.get(reverse("pm1_two_factor_setup"))
        self.assertTrue(response["Location"].startswith(reverse("pm1_two_factor_verify")))

    def test_other_staff_may_work_without_it_and_turn_it_on(self):
        self.password_login(self.reporter)
        self.assertEqual(self.client.get(reverse("pm1_items")).status_code, 200)
        account = self.client.get(reverse("wagtailadmin_account"))
        self.assertContains(account, reverse("pm1_two_factor_setup"))
        self.client.get(reverse("pm1_two_factor_setup"))
        device = TOTPDevice.objects.get(user=self.reporter)
        self.client.post(reverse("pm1_two_factor_setup"), {"token": code(device)})
        self.client.logout()
        self.password_login(self.reporter)
        self.assertEqual(self.client.get(reverse("pm1_items")).status_code, 302)

    def test_a_password_only_login_is_no_login_outside_the_admin(self):
        internal = builders.directive("นร 1/2569", self.agency, visibility=Visibility.INTERNAL)
        update = builders.update(internal, self.agency, status="completed", evidence=True, publish=True)
        document_url = update.evidence.get().document.url
        builders.staff_login(self.client, self.coordinator)
        self.assertEqual(self.client.get(document_url).status_code, 200)
        self.assertEqual(self.client.get(reverse("api-v1:directive", args=[internal.pk])).status_code, 200)
        self.client.logout()

        self.password_login(self.coordinator)
        self.assertEqual(self.client.get(document_url).status_code, 404)
        self.assertIn(self.client.get(reverse("api-v1:directive", args=[internal.pk])).status_code, (401, 403))

    def test_api_key_accounts_cannot_log_in_but_their_key_needs_no_second_factor(self):
        api_key, secret = apikey_issue(agency=self.agency, name="MOPH system")
        api_key.user.set_password(builders.PASSWORD)
        api_key.user.save()
        response = self.client.post(
            reverse("wagtailadmin_login"), {"username": api_key.user.username, "password": builders.PASSWORD}
        )
        self.assertEqual(response.status_code, 200, "the login form is shown again")
        self.assertEqual(self.client.get(reverse("pm1_items")).status_code, 302)
        response = self.client.get(reverse("api-v1:agencies"), headers={"authorization": f"Bearer {secret}"})
        self.assertEqual(response.status_code, 200)
