"""``updates.forms``: the admin form of a progress update."""

from django.test import TestCase
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests import builders
from tests.updates.test_moderation import update_form
from updates.models import ProgressUpdatePage


class UntitledUpdateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.own = builders.agency("OWN")
        cls.reporter = builders.user("reporter", agency=cls.own, membership="reporter")
        cls.directive = builders.directive("นร 21/2569", cls.own)

    def test_an_update_left_untitled_is_named_in_its_items_language_not_in_the_reporters(self):
        UserProfile.get_for_user(self.reporter)
        UserProfile.objects.filter(user=self.reporter).update(preferred_language="en")
        builders.staff_login(self.client, self.reporter)
        url = reverse("wagtailadmin_pages:add", args=("updates", "progressupdatepage", self.directive.pk))
        response = self.client.post(url, update_form(self.own) | {"action-submit": "submit"})
        self.assertEqual(response.status_code, 302, response.content[:2000])
        title = ProgressUpdatePage.objects.get(agency=self.own).title
        self.assertEqual(title, "OWN รายงานความก้าวหน้า ณ 31 มี.ค. 2569")
