"""
Nobody sees an admin menu item that refuses them: for every role, every PM1 admin menu item shown opens,
and every item not shown is refused (Wagtail's "no permission" redirect to the dashboard, 403 or 404).
"""

from django.test import RequestFactory, TestCase
from django.urls import reverse
from wagtail.admin.menu import SubmenuMenuItem, admin_menu

from core.roles import Role
from tests import builders

#: Wagtail's form-submissions listing: PM1 has no form pages, so it is hidden from everyone and lists nothing.
EMPTY_FOR_EVERYONE = ("wagtailforms:index",)


def _items(menu, request=None):
    """The menu's items with an address in the admin, submenus opened; only those shown to ``request``."""
    for item in menu.menu_items_for_request(request) if request is not None else menu.registered_menu_items:
        if isinstance(item, SubmenuMenuItem):
            yield from _items(item.menu, request)
        elif item.url.startswith(reverse("wagtailadmin_home")):
            yield item


class MenuTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        agency = builders.agency("OWN")
        cls.users = {
            role: builders.user(role.name.lower(), role=role)
            for role in Role
            if role not in (Role.AGENCY_REPORTER, Role.AGENCY_APPROVER)
        }
        cls.users[Role.AGENCY_REPORTER] = builders.user("reporter", agency=agency, membership="reporter")
        cls.users[Role.AGENCY_APPROVER] = builders.user("approver", agency=agency, membership="approver")

    def shown_to(self, user):
        request = RequestFactory().get(reverse("wagtailadmin_home"))
        request.user = user
        return {item.url for item in _items(admin_menu, request)}

    def every_item(self):
        skipped = {reverse(name) for name in EMPTY_FOR_EVERYONE}
        return sorted({item.url for item in _items(admin_menu)} - skipped)

    def test_the_menu_holds_the_viewsets_items(self):
        self.assertIn(reverse("complaints:index"), self.every_item())

    def test_every_item_shown_to_a_role_opens_and_every_other_is_refused(self):
        home = reverse("wagtailadmin_home")
        for role, user in self.users.items():
            builders.staff_login(self.client, user)
            shown = self.shown_to(user)
            for url in self.every_item():
                with self.subTest(role=role.value, url=url):
                    response = self.client.get(url, follow=True)
                    refused = response.status_code in (403, 404) or any(
                        hop == home for hop, _ in response.redirect_chain
                    )
                    if url in shown:
                        self.assertEqual(response.status_code, 200)
                        self.assertFalse(refused, "shown, but it refuses them")
                    else:
                        self.assertTrue(refused, "hidden, yet it opens")

    def test_executives_and_translators_do_not_see_the_complaints(self):
        complaints = reverse("complaints:index")
        for role in (Role.EXECUTIVE, Role.TRANSLATOR):
            with self.subTest(role=role.value):
                self.assertNotIn(complaints, self.shown_to(self.users[role]))
        for role in (Role.PMO_COORDINATOR, Role.AGENCY_REPORTER):
            with self.subTest(role=role.value):
                self.assertIn(complaints, self.shown_to(self.users[role]))
