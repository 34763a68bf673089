"""The admin's explorer and page chooser show a user only the pages the rights matrix lets them read."""

from django.test import TestCase
from django.urls import reverse

from core.choices import Visibility
from core.roles import Role
from tests import builders


def chooser_html(response) -> str:
    """The page chooser's browsing answers JSON with its HTML inside; its search, HTML."""
    if response["Content-Type"] == "application/json":
        return response.json()["html"]
    return response.content.decode()


class ExplorerReadRightsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.own = builders.agency("OWN")
        cls.other = builders.agency("OTHER")
        cls.reporter = builders.user("reporter", agency=cls.own, membership="reporter")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.mine = builders.directive("นร 70/2569", cls.own, visibility=Visibility.INTERNAL, title="ข้อสั่งการของเรา")
        cls.secret = builders.directive("นร 71/2569", cls.other, visibility=Visibility.INTERNAL, title="ข้อสั่งการลับ")
        cls.secret_update = builders.update(cls.secret, cls.other, title="รายงานลับของอีกหน่วยงาน")

    def assertDenied(self, response):
        """Refused as the admin refuses: back to the dashboard, nothing of the page shown."""
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response.url, reverse("wagtailadmin_home"))
        page = self.client.get(response.url)
        self.assertNotContains(page, self.secret.title)
        self.assertNotContains(page, self.secret_update.title)

    def test_reporter_cannot_open_another_agencys_internal_item_in_the_explorer(self):
        builders.staff_login(self.client, self.reporter)
        for name in ("wagtailadmin_explore", "wagtailadmin_explore_results"):
            with self.subTest(name):
                response = self.client.get(reverse(name, args=[self.secret.pk]))
                self.assertDenied(response)

    def test_reporter_opens_its_agencys_item_in_the_explorer(self):
        builders.staff_login(self.client, self.reporter)
        self.assertContains(self.client.get(reverse("wagtailadmin_explore", args=[self.mine.pk])), self.mine.title)

    def test_reporter_cannot_browse_another_agencys_internal_item_in_the_page_chooser(self):
        builders.staff_login(self.client, self.reporter)
        response = self.client.get(reverse("wagtailadmin_choose_page_child", args=[self.secret.pk]))
        self.assertDenied(response)

    def test_page_chooser_lists_and_searches_only_readable_items(self):
        builders.staff_login(self.client, self.reporter)
        browsed = chooser_html(
            self.client.get(reverse("wagtailadmin_choose_page_child", args=[builders.directive_index().pk]))
        )
        self.assertIn(self.mine.title, browsed)
        self.assertNotIn(self.secret.title, browsed)
        found = chooser_html(self.client.get(reverse("wagtailadmin_choose_page_search"), {"q": "ข้อสั่งการ"}))
        self.assertIn(self.mine.title, found)
        self.assertNotIn(self.secret.title, found)

    def test_admin_search_finds_only_readable_items(self):
        builders.staff_login(self.client, self.reporter)
        response = self.client.get(reverse("wagtailadmin_pages:search"), {"q": "ข้อสั่งการ"})
        self.assertContains(response, self.mine.title)
        self.assertNotContains(response, self.secret.title)

    def test_pmo_staff_still_explore_and_browse_every_item(self):
        builders.staff_login(self.client, self.coordinator)
        self.assertContains(self.client.get(reverse("wagtailadmin_explore", args=[self.secret.pk])), self.secret.title)
        browsed = self.client.get(reverse("wagtailadmin_choose_page_child", args=[self.secret.pk]))
        self.assertIn(self.secret.title, chooser_html(browsed))
