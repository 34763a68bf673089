"""
Staff search in the Wagtail admin finds Thai words inside unspaced titles, and shows internal
items only to those who may read them: PMO staff and the assigned agencies' staff.
"""

import json

from django.test import TestCase
from django.urls import reverse

from core.choices import Visibility
from core.roles import Role
from tests import builders

INTERNAL = "ข้อสั่งการภายในเรื่องการฉีดวัคซีนภาคใต้"
OTHERS_PUBLIC = "แผนการกระจายวัคซีนของหน่วยงานบี"


class AdminSearchRightsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency_a = builders.agency("AAA", "หน่วยงานเอ")
        cls.agency_b = builders.agency("BBB", "หน่วยงานบี")
        cls.internal = builders.directive(
            "นร 0505/2569-101", cls.agency_a, title=INTERNAL, visibility=Visibility.INTERNAL
        )
        cls.public = builders.directive("นร 0505/2569-102", cls.agency_b, title=OTHERS_PUBLIC)
        cls.reporter_a = builders.user("reporter_a", agency=cls.agency_a, membership="reporter")
        cls.reporter_b = builders.user("reporter_b", agency=cls.agency_b, membership="reporter")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        builders.index_for_search()

    def admin_search(self, user, query):
        builders.staff_login(self.client, user)
        response = self.client.get(reverse("wagtailadmin_pages:search"), {"q": query})
        self.assertEqual(response.status_code, 200)
        return response

    def test_a_reporter_of_another_agency_does_not_find_the_internal_directive(self):
        response = self.admin_search(self.reporter_b, "วัคซีน")
        self.assertContains(response, OTHERS_PUBLIC)
        self.assertNotContains(response, INTERNAL)
        self.assertNotContains(response, "นร 0505/2569-101")

    def test_a_reporter_of_the_assigned_agency_finds_the_internal_directive(self):
        self.assertContains(self.admin_search(self.reporter_a, "วัคซีน"), INTERNAL)

    def test_a_pmo_coordinator_finds_every_directive(self):
        response = self.admin_search(self.coordinator, "วัคซีน")
        self.assertContains(response, INTERNAL)
        self.assertContains(response, OTHERS_PUBLIC)

    def test_admin_search_finds_a_thai_word_inside_an_unspaced_title(self):
        response = self.admin_search(self.coordinator, "ภาคใต้")
        self.assertContains(response, INTERNAL)
        self.assertNotContains(response, OTHERS_PUBLIC)
        response = self.admin_search(self.coordinator, "กระจาย")
        self.assertContains(response, OTHERS_PUBLIC)
        self.assertNotContains(response, INTERNAL)

    def test_the_page_chooser_search_does_not_show_another_agencys_internal_directive(self):
        builders.staff_login(self.client, self.reporter_b)
        response = self.client.get(reverse("wagtailadmin_choose_page_search"), {"q": "วัคซีน"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, OTHERS_PUBLIC)
        self.assertNotContains(response, INTERNAL)

    def test_the_page_chooser_listing_does_not_show_another_agencys_internal_directive(self):
        builders.staff_login(self.client, self.reporter_b)
        response = self.client.get(reverse("wagtailadmin_choose_page_child", args=[builders.directive_index().pk]))
        self.assertEqual(response.status_code, 200)
        listing = json.loads(response.content)["html"]
        self.assertIn(OTHERS_PUBLIC, listing)
        self.assertNotIn(INTERNAL, listing)
