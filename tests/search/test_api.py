"""
The search API, GET /api/v1/search/: the search page's conditions as parameters, a stable response
shape for other tools, published content only, errors as problem details in the caller's language.
"""

import time_machine
from django.test import TestCase, override_settings

from core.roles import Role
from tests import builders
from tests.search import corpus
from tests.search.corpus import (
    HIDDEN,
    POLICY,
    PUBLIC,
    SUB_POLICY,
    THAI,
    THAI_UPDATE,
    TODAY,
    VACCINE,
    VACCINE_UPDATE,
    VAT,
    VAT_UPDATE,
)
from tests.search.test_views import HOSTILE, UNREACHABLE_ENGINE

URL = "/api/v1/search/"


def titles(body):
    return {result["title"] for result in body["results"]}


@time_machine.travel(TODAY, tick=False)
class SearchAPITests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = corpus.build()

    def get(self, expected_status=200, **params):
        response = self.client.get(URL, params)
        self.assertEqual(response.status_code, expected_status, response.content[:500])
        return response.json()

    def test_the_response_has_the_documented_shape(self):
        body = self.get(q="วัคซีน")
        self.assertLessEqual({"count", "results", "facets"}, set(body))
        self.assertIs(type(body["count"]), int)
        self.assertEqual(body["count"], 3)
        self.assertIsInstance(body["results"], list)
        for result in body["results"]:
            self.assertLessEqual({"type", "ref", "title", "url", "snippet"}, set(result))
            for name in ("type", "ref", "title", "url", "snippet"):
                self.assertIsInstance(result[name], str, name)
        self.assertEqual(set(body["facets"]), {"type", "track", "status", "fiscal_year", "agency"})
        for counts in body["facets"].values():
            self.assertTrue(all(isinstance(key, str) and type(n) is int for key, n in counts.items()), counts)

    def test_each_result_describes_its_page(self):
        (directive,) = [r for r in self.get(q="วัคซีน")["results"] if r["type"] == "directive"]
        self.assertEqual(directive["ref"], "นร 0505/2569-001")
        self.assertEqual(directive["title"], VACCINE)
        self.assertEqual(directive["url"], f"http://testserver{self.c.vaccine.url}")
        self.assertEqual(directive["status"], "on_track")
        self.assertEqual(directive["track"], "policy")
        self.assertEqual(directive["date"], "2026-01-15")
        self.assertEqual(directive["language"], "th")
        kinds = {r["title"]: r["type"] for r in self.get(q="ประชาชน", page_size=50)["results"]}
        self.assertEqual(kinds[POLICY], "policy")
        self.assertEqual(kinds[VACCINE_UPDATE], "update")
        self.assertEqual(kinds[corpus.ABOUT], "page")

    def test_the_snippet_is_plain_text_and_the_html_snippet_marks_the_thai_word(self):
        (directive,) = [r for r in self.get(q="วัคซีน")["results"] if r["type"] == "directive"]
        self.assertEqual(directive["snippet"], "กระทรวงสาธารณสุขเร่งรัดการฉีดวัคซีนในพื้นที่ภาคใต้ให้ประชาชนทุกกลุ่มวัย")
        self.assertEqual(
            directive["snippet_html"], "กระทรวงสาธารณสุขเร่งรัดการฉีด<mark>วัคซีน</mark>ในพื้นที่ภาคใต้ให้ประชาชนทุกกลุ่มวัย"
        )

    def test_anonymous_callers_need_no_credentials(self):
        self.assertEqual(self.client.get(URL, {"q": "ภาษี"}).status_code, 200)

    def test_signed_in_staff_get_published_public_content_only_too(self):
        builders.staff_login(self.client, builders.user("coordinator", role=Role.PMO_COORDINATOR))
        body = self.get(q="ประชาชน", page_size=50)
        self.assertEqual(titles(body), PUBLIC)

    def test_internal_and_unpublished_pages_are_never_returned_nor_counted(self):
        for params in (
            {"q": "ประชาชน"},
            {"q": "วัคซีน"},
            {"q": "ได้รับวัคซีน"},
            {"q": "ร่าง"},
            {"q": "รายงาน"},
            {"status": "overdue"},
            {"type": "update"},
            {"occasion": self.c.cabinet.pk},
        ):
            with self.subTest(**params):
                body = self.get(page_size=50, **params)
                self.assertEqual(titles(body) & HIDDEN, set())
                self.assertEqual(body["count"], len(body["results"]))
                self.assertEqual(sum(body["facets"]["type"].values()), body["count"])

    def test_advanced_conditions_are_parameters(self):
        self.assertEqual(titles(self.get(q="ประชาชน", agency="MOE", agency_role="lead")), {THAI, THAI_UPDATE})
        self.assertEqual(titles(self.get(q="ประชาชน", status="completed")), {VAT, VAT_UPDATE})
        self.assertEqual(titles(self.get(status="overdue")), {VACCINE, VACCINE_UPDATE})
        self.assertEqual(titles(self.get(q="ประชาชน", type="policy")), {POLICY, SUB_POLICY})
        self.assertEqual(titles(self.get(q="ภาษี", fiscal_year="2568")), {VAT})
        self.assertEqual(titles(self.get(q="ประชาชน", none="วัคซีน ภาษี", type="directive")), {THAI})

    def test_buddhist_and_common_era_dates_give_the_same_results(self):
        expected = self.get(issued_from="2026-01-01", page_size=50)
        for typed in ("01/01/2569", "1 ม.ค. 2569", "๐๑/๐๑/๒๕๖๙"):
            with self.subTest(issued_from=typed):
                self.assertEqual(self.get(issued_from=typed, page_size=50), expected)
        self.assertEqual(titles(expected), {VACCINE, THAI, VACCINE_UPDATE, THAI_UPDATE})

    def test_facets_count_the_results(self):
        facets = self.get(q="ประชาชน")["facets"]
        self.assertEqual(facets["type"], {"directive": 4, "policy": 2, "update": 3, "page": 1})
        facets = self.get(q="ประชาชน", type="directive")["facets"]
        self.assertEqual(facets["fiscal_year"], {"2569": 3, "2568": 1})
        self.assertEqual(facets["agency"], {"MOPH": 2, "MOE": 2, "MOF": 2})

    def test_an_invalid_date_is_a_problem_in_thai_with_lang_th(self):
        response = self.client.get(URL, {"q": "ประชาชน", "issued_from": "32/13/2569", "lang": "th"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response["Content-Type"], "application/problem+json")
        problem = response.json()
        self.assertEqual(problem["status"], 400)
        self.assertEqual(list(problem["errors"]), ["issued_from"])
        self.assertIn("กรุณาระบุวันที่ เช่น 25/01/2569", problem["errors"]["issued_from"][0])

    def test_an_invalid_date_is_a_problem_in_english_with_accept_language_or_lang_en(self):
        for response in (
            self.client.get(URL, {"deadline_to": "next week"}, HTTP_ACCEPT_LANGUAGE="en"),
            self.client.get(URL, {"deadline_to": "next week", "lang": "en"}, HTTP_ACCEPT_LANGUAGE="th"),
        ):
            self.assertEqual(response.status_code, 400)
            problem = response.json()
            self.assertEqual(problem["title"], "The search conditions are not valid.")
            self.assertIn("Enter a date such as 25/01/2569", problem["errors"]["deadline_to"][0])

    def test_the_problem_title_is_in_thai_for_thai_callers(self):
        problem = self.client.get(URL, {"issued_from": "x"}, HTTP_ACCEPT_LANGUAGE="th").json()
        self.assertNotEqual(problem["title"], "The search conditions are not valid.")

    def test_unknown_choices_and_backwards_ranges_are_problems(self):
        for params, field in (
            ({"type": "secret"}, "type"),
            ({"agency": "NOPE"}, "agency"),
            ({"status": "everything"}, "status"),
            ({"fiscal_year": "1999"}, "fiscal_year"),
            ({"issued_from": "2026-02-01", "issued_to": "2026-01-01"}, "issued_to"),
            ({"agency_role": "lead"}, "agency"),
        ):
            with self.subTest(**params):
                response = self.client.get(URL, params)
                self.assertEqual(response.status_code, 400)
                self.assertIn(field, response.json()["errors"])

    def test_an_internal_or_draft_policy_cannot_be_a_condition(self):
        for policy in (self.c.internal_policy, self.c.draft_policy):
            with self.subTest(policy=policy.title):
                response = self.client.get(URL, {"policy": policy.pk})
                self.assertEqual(response.status_code, 400)
                self.assertIn("policy", response.json()["errors"])
        self.assertEqual(titles(self.get(policy=self.c.policy.pk, type="policy")), {POLICY, SUB_POLICY})

    def test_hostile_queries_give_a_normal_answer(self):
        for name, query in HOSTILE.items():
            with self.subTest(name):
                body = self.get(q=query)
                self.assertIsInstance(body["results"], list)

    def test_a_very_long_query_is_shortened_and_says_so(self):
        self.assertTrue(self.get(q="ภาษี" * 3_000)["query_shortened"])
        self.assertFalse(self.get(q="ภาษี")["query_shortened"])

    def test_a_nul_character_is_a_problem_not_a_failure(self):
        response = self.client.get(URL + "?q=a%00b")
        self.assertEqual(response.status_code, 400)
        self.assertIn("q", response.json()["errors"])


class PageSizeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        agency = builders.agency("MOT")
        for number in range(1, 56):
            builders.directive(f"คค {number}/2569", agency, title=f"ทางด่วนสายที่ {number}", body="<p>ก่อสร้างทางด่วน</p>")
        builders.index_for_search()

    def get(self, **params):
        response = self.client.get(URL, {"q": "ทางด่วน", **params})
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_the_default_page_holds_twenty_results(self):
        body = self.get()
        self.assertEqual((body["count"], len(body["results"]), body["next_page"]), (55, 20, 2))

    def test_page_size_is_capped_at_fifty(self):
        body = self.get(page_size=100)
        self.assertEqual((len(body["results"]), body["page_size"], body["next_page"]), (50, 50, 2))
        self.assertEqual(len(self.get(page_size=50, page=2)["results"]), 5)

    def test_pages_follow_each_other_without_overlap(self):
        seen = []
        for number in (1, 2, 3, 4, 5, 6):
            body = self.get(page_size=10, page=number)
            seen += [result["id"] for result in body["results"]]
        self.assertEqual(len(seen), 55)
        self.assertEqual(len(set(seen)), 55)
        self.assertIsNone(self.get(page_size=10, page=6)["next_page"])

    def test_odd_page_sizes_and_numbers_fall_back_to_sensible_values(self):
        self.assertEqual(len(self.get(page_size=0)["results"]), 1)
        self.assertEqual(len(self.get(page_size=-5)["results"]), 1)
        self.assertEqual(len(self.get(page_size="abc")["results"]), 20)
        first = [r["id"] for r in self.get()["results"]]
        for number in ("-1", "0", "abc"):
            with self.subTest(page=number):
                self.assertEqual([r["id"] for r in self.get(page=number)["results"]], first)
        body = self.get(page=999999)
        self.assertEqual((body["count"], body["results"], body["next_page"]), (55, [], None))


class LanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        agency = builders.agency("MOPH", "กระทรวงสาธารณสุข", name_en="Ministry of Public Health")
        cls.thai = builders.directive(
            "นร 0505/2569-001",
            agency,
            title="เร่งรัดการฉีดวัคซีนในภาคใต้",
            body="<p>กระทรวงสาธารณสุขเร่งรัดการฉีดวัคซีนในพื้นที่ภาคใต้</p>",
        )
        cls.english = builders.translate(
            cls.thai,
            title="Speed up vaccination in the South",
            slug="speed-up-vaccination",
            body="<p>The Ministry of Public Health speeds up vaccination in the southern provinces.</p>",
        )
        builders.index_for_search()

    def test_lang_en_returns_english_pages(self):
        body = self.client.get(URL, {"q": "vaccination", "lang": "en"}).json()
        self.assertEqual(titles(body), {"Speed up vaccination in the South"})
        (result,) = body["results"]
        self.assertEqual(result["language"], "en")
        self.assertEqual(result["ref"], "นร 0505/2569-001")
        self.assertEqual(result["url"], f"http://testserver{self.english.url}")
        self.assertIn("/en/", result["url"])

    def test_accept_language_en_returns_english_pages(self):
        body = self.client.get(URL, {"q": "vaccination"}, HTTP_ACCEPT_LANGUAGE="en").json()
        self.assertEqual(titles(body), {"Speed up vaccination in the South"})

    def test_thai_is_the_default_and_never_mixes_languages(self):
        self.assertEqual(titles(self.client.get(URL, {"q": "วัคซีน"}).json()), {"เร่งรัดการฉีดวัคซีนในภาคใต้"})
        self.assertEqual(self.client.get(URL, {"q": "vaccination"}).json()["count"], 0)
        self.assertEqual(self.client.get(URL, {"q": "วัคซีน", "lang": "en"}).json()["count"], 0)

    def test_an_unknown_language_answers_in_thai(self):
        body = self.client.get(URL, {"q": "วัคซีน", "lang": "xx"}).json()
        self.assertEqual(titles(body), {"เร่งรัดการฉีดวัคซีนในภาคใต้"})


@time_machine.travel(TODAY, tick=False)
class EngineDownAPITests(TestCase):
    """Elasticsearch configured but unreachable (nothing listens on port 9): the database answers."""

    @classmethod
    def setUpTestData(cls):
        cls.c = corpus.build()

    @override_settings(WAGTAILSEARCH_BACKENDS=UNREACHABLE_ENGINE)
    def test_the_api_answers_from_the_database_and_logs_it_for_staff(self):
        with self.assertLogs("search.selectors", "ERROR") as logs:
            response = self.client.get(URL, {"q": "วัคซีน"})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(titles(body), {VACCINE, VACCINE_UPDATE, POLICY})
        self.assertEqual(body["facets"]["type"], {"directive": 1, "policy": 1, "update": 1})
        self.assertNotIn("lasticsearch", response.content.decode())
        self.assertIn("unavailable", logs.output[0])
