"""Security headers on the public site, the admin and the API."""

from django.test import TestCase
from django.urls import reverse

from core.roles import Role
from tests import builders


class HeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH")
        cls.directive = builders.directive("นร 10/2569", cls.agency)
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)

    def assert_common_headers(self, response):
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")
        self.assertIn("camera=()", response["Permissions-Policy"])
        self.assertIn("geolocation=()", response["Permissions-Policy"])
        self.assertIn("Content-Security-Policy", response)

    def directives(self, response) -> dict[str, str]:
        policy = response["Content-Security-Policy"]
        return dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())

    def test_public_pages_forbid_inline_scripts_and_frames(self):
        for url in ("/th/", self.directive.url, reverse("search") + "?q=วัคซีน", "/en/"):
            with self.subTest(url=url):
                response = self.client.get(url, follow=True)
                self.assertEqual(response.status_code, 200)
                self.assert_common_headers(response)
                self.assertEqual(response["X-Frame-Options"], "DENY")
                policy = self.directives(response)
                self.assertNotIn("unsafe-inline", policy["script-src"])
                self.assertNotIn("unsafe-eval", policy["script-src"])
                self.assertEqual(policy["frame-ancestors"], "'none'")
                self.assertEqual(policy["object-src"], "'none'")
                self.assertEqual(policy["default-src"], "'self'")

    def test_the_admin_has_its_own_policy_and_frames_only_itself(self):
        for url in (reverse("wagtailadmin_login"), reverse("pm1_items")):
            with self.subTest(url=url):
                if url != reverse("wagtailadmin_login"):
                    builders.staff_login(self.client, self.coordinator)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assert_common_headers(response)
                policy = self.directives(response)
                self.assertEqual(policy["frame-ancestors"], "'self'")
                self.assertEqual(policy["object-src"], "'none'")

    def test_the_admin_preview_may_be_framed_by_the_admin_only(self):
        builders.staff_login(self.client, self.coordinator)
        response = self.client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[self.directive.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Frame-Options"], "SAMEORIGIN")
        self.assertEqual(self.directives(response)["frame-ancestors"], "'self'")

    def test_the_api_sends_them_too(self):
        for url in (reverse("api-v1:search") + "?q=x", reverse("api-v1:open-directives"), "/api/v2/pages/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assert_common_headers(response)
                self.assertEqual(self.directives(response)["frame-ancestors"], "'none'")

    def test_the_api_docs_run_no_inline_script(self):
        response = self.client.get(reverse("api-v1:docs"))
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("unsafe-inline", self.directives(response)["script-src"])
        self.assertNotRegex(response.content.decode(), r"<script>\s*\S")
