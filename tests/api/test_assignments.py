"""
``/api/v1/assignments/{directives,policies}/``: an agency's assignments, scoped to the agency its
key (or its staff member) acts for, with filters, cursor pages and problem details for bad input.
"""

import datetime

import time_machine
from django.core.cache import cache
from django.test import TestCase

from agencies.services import membership_grant
from api.services import apikey_issue
from core.choices import Track, Visibility
from core.roles import Role
from tests import builders

TODAY = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
DIRECTIVES = "/api/v1/assignments/directives/"
POLICIES = "/api/v1/assignments/policies/"


@time_machine.travel(TODAY, tick=False)
class AssignmentListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with time_machine.travel(TODAY - datetime.timedelta(days=30), tick=False):
            cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
            cls.moi = builders.agency("MOI", "กระทรวงมหาดไทย")
            cls.public = builders.directive("นร 1/2569", cls.moph, deadline=datetime.date(2026, 6, 30))
            cls.internal = builders.directive(
                "นร 2/2569",
                cls.moi,
                cls.moph,
                visibility=Visibility.INTERNAL,
                deadline=datetime.date(2026, 1, 31),
                track=Track.PARLIAMENT,
            )
            builders.directive("นร 3/2569", cls.moi)
            builders.directive("นร 4/2569", cls.moph, live=False)
            builders.translate(cls.public, title="Directive 1")
            cls.policy = builders.policy("นโยบายสุขภาพ", cls.moph)
        cls.key = apikey_issue(agency=cls.moph, name="ระบบ")[1]

    def setUp(self):
        cache.clear()

    def get(self, url=DIRECTIVES, language="en", **params):
        return self.client.get(
            url, params, headers={"authorization": f"Bearer {self.key}", "accept_language": language}
        )

    def refs(self, response):
        self.assertEqual(response.status_code, 200, response.content)
        return [assignment["item"]["ref"] for assignment in response.json()["results"]]

    def test_a_key_lists_its_agencys_assignments_on_published_items_internal_ones_included(self):
        self.assertEqual(self.refs(self.get()), ["นร 1/2569", "นร 2/2569"])

    def test_each_assignment_shows_its_item_role_deadline_status_and_whether_it_is_overdue(self):
        public, internal = self.get().json()["results"]
        self.assertEqual(public["item"]["type"], "directive")
        self.assertEqual(public["item"]["id"], self.public.pk)
        self.assertEqual((public["role"], public["deadline"], public["status"]), ("lead", "2026-06-30", "not_started"))
        self.assertFalse(public["overdue"])
        self.assertTrue(public["item"]["url"].startswith("http"))
        self.assertEqual((internal["role"], internal["overdue"]), ("supporting", True))
        self.assertEqual(internal["item"]["visibility"], "internal")
        self.assertIsNone(internal["item"]["url"])

    def test_filters_narrow_the_list(self):
        cases = [
            ({"overdue": "true"}, ["นร 2/2569"]),
            ({"overdue": "false"}, ["นร 1/2569"]),
            ({"track": "parliament"}, ["นร 2/2569"]),
            ({"status": "not_started"}, ["นร 1/2569", "นร 2/2569"]),
            ({"status": "completed"}, []),
            ({"deadline_before": "2026-02-01"}, ["นร 2/2569"]),
            ({"deadline_after": "2026-02-01"}, ["นร 1/2569"]),
            ({"updated_since": "2026-02-15T00:00:00Z"}, []),
            ({"updated_since": "2026-01-01T00:00:00Z"}, ["นร 1/2569", "นร 2/2569"]),
        ]
        for params, expected in cases:
            with self.subTest(**params):
                self.assertEqual(self.refs(self.get(**params)), expected)

    def test_deadlines_may_be_given_in_buddhist_or_common_era_and_thai_forms(self):
        for typed in ("2026-06-30", "30/06/2569", "30 มิ.ย. 2569", "๓๐/๐๖/๒๕๖๙", "30/06/2026"):
            with self.subTest(typed=typed):
                self.assertEqual(self.refs(self.get(deadline_after=typed)), ["นร 1/2569"])

    def test_a_status_change_after_a_published_update_is_found_by_updated_since(self):
        builders.update(self.public, self.moph, status="delayed", publish=True)
        self.assertEqual(self.refs(self.get(updated_since="2026-02-15T00:00:00Z")), ["นร 1/2569"])
        self.assertEqual(self.get(status="delayed").json()["results"][0]["status"], "delayed")

    def test_bad_filters_are_a_400_with_each_fields_problem_in_thai_or_english(self):
        params = {"status": "done", "deadline_before": "31/02/2569", "updated_since": "เมื่อวาน", "overdue": "maybe"}
        response = self.get(language="th", **params)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response["Content-Type"], "application/problem+json")
        body = response.json()
        self.assertEqual(body["status"], 400)
        self.assertEqual(set(body["errors"]), set(params))
        self.assertIn("25/01/2569", body["errors"]["deadline_before"][0])
        self.assertNotEqual(body["title"], "The request is not valid.")
        self.assertEqual(self.get(language="en", **params).json()["title"], "The request is not valid.")

    def test_cursor_pages_give_every_assignment_once_in_a_stable_order(self):
        for number in range(5, 12):
            builders.directive(f"นร {number}/2569", self.moph)
        seen, url, params = [], DIRECTIVES, {"page_size": 3}
        while url:
            response = self.client.get(url, params, headers={"authorization": f"Bearer {self.key}"})
            body = response.json()
            self.assertLessEqual(len(body["results"]), 3)
            seen += [assignment["id"] for assignment in body["results"]]
            url, params = body["next"], {}
        self.assertEqual(len(seen), 9)
        self.assertEqual(seen, sorted(set(seen)))

    def test_policy_assignments_are_listed_the_same_way(self):
        results = self.get(POLICIES).json()["results"]
        self.assertEqual([(r["item"]["type"], r["item"]["title"]) for r in results], [("policy", "นโยบายสุขภาพ")])
        self.assertEqual(self.refs(self.get(POLICIES, track="parliament")), [])
        self.assertEqual(len(self.get(POLICIES, track="policy").json()["results"]), 1)

    def test_a_key_cannot_act_for_another_agency(self):
        response = self.get(agency="MOI", language="en")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["detail"], "This API key belongs to another agency.")
        self.assertEqual(self.refs(self.get(agency="MOPH")), ["นร 1/2569", "นร 2/2569"])

    def test_staff_act_for_their_own_agency_or_any_agency_when_they_read_everything(self):
        reporter = builders.user("reporter", agency=self.moi, membership="reporter")
        builders.staff_login(self.client, reporter)
        self.assertEqual(self.refs(self.client.get(DIRECTIVES)), ["นร 2/2569", "นร 3/2569"])
        self.assertEqual(self.client.get(DIRECTIVES, {"agency": "MOPH"}).status_code, 403)
        membership_grant(user=reporter, agency=self.moph, role="reporter")
        self.assertEqual(self.client.get(DIRECTIVES).status_code, 400)
        self.assertEqual(self.refs(self.client.get(DIRECTIVES, {"agency": "MOPH"})), ["นร 1/2569", "นร 2/2569"])
        builders.staff_login(self.client, builders.user("coordinator", role=Role.PMO_COORDINATOR))
        self.assertEqual(self.refs(self.client.get(DIRECTIVES, {"agency": "MOI"})), ["นร 2/2569", "นร 3/2569"])
        self.assertEqual(self.client.get(DIRECTIVES, {"agency": "NONE"}).status_code, 400)

    def test_without_a_key_or_a_session_the_list_is_refused(self):
        self.assertEqual(self.client.get(DIRECTIVES).status_code, 401)
