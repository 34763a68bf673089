"""
All four tracks alike: the admin's list of tracked items, public search (page and API) and the
open data filter by track, and find complaints and foreign-affairs commitments as they find directives.
"""

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from core.choices import Track, Visibility
from core.roles import Role
from core.selectors import tracked_items
from tests import builders
from tests.complaints import helpers


class TrackFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        moi = builders.agency("MOI", "กระทรวงมหาดไทย")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.directive = builders.directive("นร 1/2569", moi, title="ข้อสั่งการเรื่องน้ำท่วม")
        cls.house_directive = builders.directive("นร 2/2569", moi, title="ข้อสั่งการตามมติสภา", track=Track.PARLIAMENT)
        cls.policy = builders.policy("นโยบายแก้ปัญหาน้ำท่วม", moi)
        cls.house = helpers.complaint(
            "ส 2569/0001",
            moi,
            track=Track.PARLIAMENT,
            title="ร้องเรียนน้ำท่วมขังผ่านสภา",
            visibility=Visibility.PUBLIC,
            public_summary="น้ำท่วมขังในชุมชน",
        )
        cls.secretary = helpers.complaint("ร 2569/0002", moi, title="ร้องเรียนน้ำท่วมถึงนายกรัฐมนตรี")
        cls.foreign = helpers.foreign_commitment("ตท 1/2569", moi)
        builders.index_for_search()

    def titles(self, **filters):
        return {page.title for page in tracked_items(user=self.coordinator, **filters)}

    def test_the_admin_list_of_tracked_items_filters_every_kind_by_track(self):
        self.assertEqual(self.titles(track=Track.POLICY), {self.directive.title, self.policy.title})
        self.assertEqual(self.titles(track=Track.PARLIAMENT), {self.house_directive.title, self.house.title})
        self.assertEqual(self.titles(track=Track.SECRETARY), {self.secretary.title})
        self.assertEqual(self.titles(track=Track.FOREIGN), {self.foreign.title})
        self.assertEqual(self.titles(kind="complaint"), {self.house.title, self.secretary.title})

    def test_the_public_never_lists_internal_complaints(self):
        public = {page.title for page in tracked_items(user=AnonymousUser(), track=Track.SECRETARY)}
        self.assertEqual(public, set())

    def test_public_search_filters_by_track_and_type_and_never_finds_internal_complaints(self):
        def found(**params):
            response = self.client.get("/api/v1/search/", {"q": "น้ำท่วม", **params})
            self.assertEqual(response.status_code, 200, response.content)
            return {(result["type"], result["track"], result["title"]) for result in response.json()["results"]}

        self.assertEqual(found(track="parliament", type="complaint"), {("complaint", "parliament", self.house.title)})
        self.assertEqual(found(track="secretary"), set())
        self.assertNotIn(self.secretary.title, {title for _type, _track, title in found()})
        foreign = self.client.get("/api/v1/search/", {"q": "ยานยนต์ไฟฟ้า", "track": "foreign"}).json()["results"]
        self.assertEqual([(r["type"], r["title"]) for r in foreign], [("foreign", self.foreign.title)])

    def test_search_results_date_complaints_by_receipt_and_foreign_commitments_by_their_event(self):
        def date_of(query, **params):
            (result,) = self.client.get("/api/v1/search/", {"q": query, **params}).json()["results"]
            return result["date"]

        self.assertEqual(date_of("น้ำท่วม", type="complaint"), self.house.received_on.isoformat())
        self.assertEqual(date_of("ยานยนต์ไฟฟ้า", track="foreign"), self.foreign.event_date.isoformat())

    def test_the_search_page_offers_and_applies_the_new_types(self):
        response = self.client.get("/th/search/", {"q": "น้ำท่วม", "type": "complaint"})
        self.assertContains(response, self.house.title)
        self.assertNotContains(response, self.directive.title)

    def test_autocomplete_suggests_public_complaints_and_foreign_commitments_never_internal_ones(self):
        labels = [s["label"] for s in self.client.get("/th/search/suggest/", {"q": "ร้องเรียน"}).json()["suggestions"]]
        self.assertIn(f"{self.house.reference} {self.house.title}", labels)
        self.assertFalse([label for label in labels if self.secretary.title in label])
