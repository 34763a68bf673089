"""Lock-out after repeated failed logins, unlocking by administrators, idle sessions, password rules."""

import datetime

import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from core.roles import Role
from security import audit
from tests import builders


class LockOutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.administrator = builders.user("administrator", role=Role.PMO_ADMIN)

    def login(self, password, username="coordinator", language="th"):
        return self.client.post(
            reverse("wagtailadmin_login"),
            {"username": username, "password": password},
            headers={"accept-language": language},
        )

    def lock_out(self):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.assertEqual(self.login("wrong-password").status_code, 200)
        self.assertEqual(self.login("wrong-password").status_code, 429, "the failure that reaches the limit locks")

    def test_the_account_is_locked_after_repeated_failures_even_for_the_right_password(self):
        self.lock_out()
        response = self.login(builders.PASSWORD, language="en")
        self.assertEqual(response.status_code, 429)
        message = f"This account is locked after {settings.AXES_FAILURE_LIMIT} failed logins."
        self.assertContains(response, message, status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertTrue(ModelLogEntry.objects.filter(action=audit.LOCKED_OUT, object_id=str(self.coordinator.pk)))
        # The wrong passwords, and the right one refused during the lock.
        self.assertEqual(
            ModelLogEntry.objects.filter(action=audit.LOGIN_FAILED, object_id=str(self.coordinator.pk)).count(),
            settings.AXES_FAILURE_LIMIT + 1,
        )

    def test_the_lock_message_is_in_thai_by_default(self):
        self.lock_out()
        self.assertContains(self.login(builders.PASSWORD), "บัญชีถูกล็อก", status_code=429)

    def test_fewer_failures_do_not_lock(self):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.login("wrong-password")
        self.assertEqual(self.login(builders.PASSWORD).status_code, 302)

    def test_the_lock_ends_after_the_cool_off_time(self):
        self.lock_out()
        with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)):
            self.assertEqual(self.login(builders.PASSWORD).status_code, 302)

    def test_administrators_see_the_lock_and_unlock_it(self):
        self.lock_out()
        builders.staff_login(self.client, self.administrator)
        page = self.client.get(reverse("pm1_account_security"))
        self.assertContains(page, "coordinator")
        attempt = AccessAttempt.objects.get(username="coordinator")
        response = self.client.post(reverse("pm1_account_security"), {"unlock": attempt.pk})
        self.assertRedirects(response, reverse("pm1_account_security"))
        self.assertFalse(AccessAttempt.objects.filter(username="coordinator").exists())
        self.assertTrue(ModelLogEntry.objects.filter(action=audit.UNLOCKED, user=self.administrator))
        self.client.logout()
        self.assertEqual(self.login(builders.PASSWORD).status_code, 302)

    def test_only_administrators_reach_the_account_security_page(self):
        self.lock_out()
        attempt = AccessAttempt.objects.get(username="coordinator")
        builders.staff_login(self.client, builders.user("other", role=Role.PMO_COORDINATOR))
        # Wagtail turns a refusal into a message on the dashboard.
        self.assertRedirects(self.client.get(reverse("pm1_account_security")), reverse("wagtailadmin_home"))
        self.client.post(reverse("pm1_account_security"), {"unlock": attempt.pk})
        self.assertTrue(AccessAttempt.objects.filter(pk=attempt.pk).exists())
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), reverse("pm1_account_security"))
        builders.staff_login(self.client, self.administrator)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), reverse("pm1_account_security"))

    def test_administrators_reset_a_lost_authenticator(self):
        builders.staff_login(self.client, self.coordinator)
        self.client.logout()
        builders.staff_login(self.client, self.administrator)
        self.client.post(reverse("pm1_account_security"), {"reset_two_factor": self.coordinator.pk})
        self.client.logout()
        self.login(builders.PASSWORD)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertTrue(response["Location"].startswith(reverse("pm1_two_factor_setup")))


class BehindProxyTests(TestCase):
    """With NUM_PROXIES, lock-outs and audit entries count the address the outermost proxy saw."""

    @classmethod
    def setUpTestData(cls):
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)

    def login(self, forwarded_for):
        return self.client.post(
            reverse("wagtailadmin_login"),
            {"username": "coordinator", "password": "wrong-password"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    @override_settings(NUM_PROXIES=1)
    def test_a_lock_is_on_the_clients_address_not_the_proxys_nor_what_the_client_wrote(self):
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            # The client writes a new address each time; the proxy appends the one it saw.
            self.login(f"192.0.2.{attempt}, 203.0.113.7")
        self.assertEqual(set(AccessAttempt.objects.values_list("ip_address", flat=True)), {"203.0.113.7"})
        self.assertEqual(self.login("198.51.100.1, 203.0.113.7").status_code, 429)
        self.assertEqual(self.login("203.0.113.8").status_code, 200, "another client behind the same proxy")
        entry = ModelLogEntry.objects.filter(action=audit.LOGIN_FAILED).latest("pk")
        self.assertEqual(entry.data["ip"], "203.0.113.8")

    def test_without_proxies_the_connections_address_counts(self):
        self.login("203.0.113.7")
        self.assertEqual(list(AccessAttempt.objects.values_list("ip_address", flat=True)), ["10.0.0.1"])


class SessionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.executive = builders.user("executive", role=Role.EXECUTIVE)

    def test_a_session_ends_after_the_idle_time_and_activity_extends_it(self):
        idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        start = timezone.now()
        with time_machine.travel(start, tick=False) as clock:
            builders.staff_login(self.client, self.executive)
            self.assertEqual(self.client.get(reverse("pm1_items")).status_code, 200)
            clock.move_to(start + idle * 0.8)
            self.assertEqual(self.client.get(reverse("pm1_items")).status_code, 200)
            clock.move_to(start + idle * 1.6)
            self.assertEqual(self.client.get(reverse("pm1_items")).status_code, 200, "the last request was 0.8 ago")
            clock.move_to(start + idle * 2.7)
            response = self.client.get(reverse("pm1_items"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("wagtailadmin_login")))

    def test_the_idle_time_is_thirty_minutes_by_default(self):
        self.assertEqual(settings.SESSION_COOKIE_AGE, 30 * 60)
        self.assertTrue(settings.SESSION_SAVE_EVERY_REQUEST)


class PasswordRuleTests(TestCase):
    def test_short_common_numeric_and_name_like_passwords_are_refused(self):
        user = builders.user("somchai")
        for password in ("short1", "password1234", "12345678901", "somchai2569"):
            with self.subTest(password=password), self.assertRaises(ValidationError):
                validate_password(password, user)
        validate_password("ติดตาม-นโยบาย-2569", user)
