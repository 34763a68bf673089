"""
``/api/v1/directives/<id>/`` and ``/api/v1/policies/<id>/``: one item as an agency may see it, with
every agency's assignment and the progress updates the rights matrix lets it read.
"""

from django.core.cache import cache
from django.test import TestCase

from api.services import apikey_issue
from core.choices import Visibility
from core.roles import Role
from tests import builders


class ItemDetailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        cls.moi = builders.agency("MOI", "กระทรวงมหาดไทย")
        coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.shared = builders.directive("นร 1/2569", cls.moi, cls.moph, visibility=Visibility.INTERNAL)
        cls.own_draft = builders.update(cls.shared, cls.moph, title="ร่างของ สธ.")
        cls.other_draft = builders.update(cls.shared, cls.moi, title="ร่างของ มท.")
        cls.other_submitted = builders.update(cls.shared, cls.moi, title="มท. ส่งตรวจแล้ว")
        cls.other_submitted.get_workflow().start(cls.other_submitted, coordinator)
        cls.other_published = builders.update(cls.shared, cls.moi, title="มท. เผยแพร่แล้ว", publish=True)
        cls.not_ours = builders.directive("นร 2/2569", cls.moi, visibility=Visibility.INTERNAL)
        cls.public = builders.directive("นร 3/2569", cls.moi)
        builders.update(cls.public, cls.moi, title="รายงานสาธารณะ", publish=True)
        builders.update(cls.public, cls.moi, title="รายงานที่ส่งตรวจ").get_workflow()
        cls.policy = builders.policy("นโยบายสุขภาพ", cls.moph, number="1.1")
        cls.key = apikey_issue(agency=cls.moph, name="ระบบ")[1]

    def setUp(self):
        cache.clear()

    def get(self, url):
        return self.client.get(url, headers={"authorization": f"Bearer {self.key}", "accept_language": "en"})

    def test_a_shared_internal_directive_shows_every_assignment_and_the_updates_the_agency_may_read(self):
        response = self.get(f"/api/v1/directives/{self.shared.pk}/")
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual((body["type"], body["ref"], body["visibility"]), ("directive", "นร 1/2569", "internal"))
        self.assertEqual(
            [(a["agency"], a["role"]) for a in body["assignments"]], [("MOI", "lead"), ("MOPH", "supporting")]
        )
        updates = {update["title"]: (update["agency"], update["state"]) for update in body["updates"]}
        self.assertEqual(
            updates,
            {
                "ร่างของ สธ.": ("MOPH", "draft"),
                "มท. ส่งตรวจแล้ว": ("MOI", "in_moderation"),
                "มท. เผยแพร่แล้ว": ("MOI", "published"),
            },
        )
        submitted = next(update for update in body["updates"] if update["state"] == "in_moderation")
        self.assertTrue(submitted["task"])

    def test_an_internal_directive_of_other_agencies_is_not_found(self):
        response = self.get(f"/api/v1/directives/{self.not_ours.pk}/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Type"], "application/problem+json")

    def test_a_public_directive_of_another_agency_shows_only_its_published_updates(self):
        body = self.get(f"/api/v1/directives/{self.public.pk}/").json()
        self.assertEqual([update["title"] for update in body["updates"]], ["รายงานสาธารณะ"])
        self.assertTrue(body["url"].startswith("http"))

    def test_an_unknown_id_or_an_id_of_another_kind_is_not_found(self):
        for url in (
            "/api/v1/directives/999999/",
            "/api/v1/directives/99999999999999999999999999/",
            "/api/v1/policies/2147483648/",
            f"/api/v1/directives/{self.policy.pk}/",
            f"/api/v1/policies/{self.shared.pk}/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.get(url).status_code, 404)

    def test_a_policy_shows_its_assignments(self):
        body = self.get(f"/api/v1/policies/{self.policy.pk}/").json()
        self.assertEqual((body["type"], body["ref"], body["track"]), ("policy", "1.1", "policy"))
        self.assertEqual([a["agency"] for a in body["assignments"]], ["MOPH"])

    def test_a_revoked_keys_account_no_longer_reads_anything(self):
        from api.models import ApiKey
        from api.services import apikey_revoke

        apikey_revoke(api_key=ApiKey.objects.get())
        self.assertEqual(self.get(f"/api/v1/directives/{self.public.pk}/").status_code, 401)
