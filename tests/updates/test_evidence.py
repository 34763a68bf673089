"""Evidence documents are served only to those who may read the update they back."""

from django.test import TestCase

from core.choices import Visibility
from core.roles import Role
from tests import builders


class EvidenceServingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.own = builders.agency("OWN")
        cls.outsider = builders.agency("OUT")
        cls.reporter = builders.user("reporter", agency=cls.own, membership="reporter")
        cls.outside_reporter = builders.user("outsider", agency=cls.outsider, membership="reporter")
        cls.executive = builders.user("executive", role=Role.EXECUTIVE)
        public = builders.directive("นร 95/2569", cls.own)
        internal = builders.directive("นร 96/2569", cls.own, visibility=Visibility.INTERNAL)
        cls.public_update = builders.update(public, cls.own, status="completed", evidence=True)
        cls.public_update.get_latest_revision().publish()
        cls.internal_update = builders.update(internal, cls.own, status="completed", evidence=True)
        cls.internal_update.get_latest_revision().publish()
        cls.loose = builders.evidence_document()

    def url(self, update):
        return update.evidence.get().document.url

    def test_evidence_of_a_published_public_update_is_served_to_anyone(self):
        self.assertEqual(self.client.get(self.url(self.public_update)).status_code, 200)

    def test_evidence_of_an_internal_item_is_hidden_from_the_public_and_other_agencies(self):
        url = self.url(self.internal_update)
        self.assertEqual(self.client.get(url).status_code, 404)
        builders.staff_login(self.client, self.outside_reporter)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_evidence_of_an_internal_item_is_served_to_its_agency_and_executives(self):
        url = self.url(self.internal_update)
        for user in (self.reporter, self.executive):
            with self.subTest(user=user.username):
                builders.staff_login(self.client, user)
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_documents_no_public_page_uses_are_served_to_staff_only(self):
        self.assertEqual(self.client.get(self.loose.url).status_code, 404)
        builders.staff_login(self.client, self.outside_reporter)
        self.assertEqual(self.client.get(self.loose.url).status_code, 200)
