"""
The public search page (/th/search/, /en/search/) and its autocomplete (/th/search/suggest/): the
simple box and the advanced conditions, errors in the reader's language, a normal page for any
query, and results from the database when the search engine is down.
"""

from urllib.parse import quote

import time_machine
from django.test import TestCase, override_settings

from tests import builders
from tests.search import corpus
from tests.search.corpus import (
    FARM,
    HIDDEN,
    POLICY,
    SUB_POLICY,
    THAI,
    THAI_UPDATE,
    TODAY,
    VACCINE,
    VACCINE_UPDATE,
    VAT,
    VAT_UPDATE,
)

HOSTILE = {
    "only operators": "AND OR NOT * ( ) : ^",
    "only syntax": '* ( ) : ^ " & | !',
    "10 000 characters": "วัคซีน" + "ก" * 9_994,
    "unbalanced quotes": '"วัคซีน ภาคใต้',
    "sql": "'; DROP TABLE wagtailcore_page; --",
    "fts5": "title:x NEAR(a b)",
    "tsquery": "a & !b | c:*",
    "lucene": "title:(วัคซีน OR ภาษี)^2 ~1 {a TO b} [c TO d] /re.*/",
    "emoji": "🙂🇹🇭",
    "markup": "<script>alert(1)</script>",
}

UNREACHABLE_ENGINE = {
    "default": {
        "BACKEND": "search.backends.elasticsearch",
        "URLS": ["http://127.0.0.1:9"],
        "INDEX_PREFIX": "pm1test_",
        "TIMEOUT": 1,
    },
    "database": {"BACKEND": "search.backends.database"},
}


def result_titles(response):
    return {page.title for page, _snippet in response.context["results"]}


class PageAssertions:
    """assertContains and assertNotContains, without the whole page in the failure message."""

    def assertShows(self, response, text):
        self.assertTrue(text in response.content.decode(), f"not shown: {text}")

    def assertHides(self, response, text):
        self.assertFalse(text in response.content.decode(), f"shown: {text}")


@time_machine.travel(TODAY, tick=False)
class SearchPageTests(PageAssertions, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = corpus.build()

    def search(self, language="th", **params):
        response = self.client.get(f"/{language}/search/", params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_every_public_page_has_the_search_box(self):
        response = self.client.get("/th/")
        self.assertShows(response, 'action="/th/search/"')
        self.assertShows(response, 'name="q"')

    def test_the_page_without_a_query_shows_the_form_and_no_results(self):
        response = self.search()
        self.assertShows(response, 'name="q"')
        self.assertNotIn("results", response.context)

    def test_a_thai_word_inside_unspaced_text_is_found_and_highlighted(self):
        response = self.search(q="วัคซีน")
        self.assertEqual(result_titles(response), {VACCINE, VACCINE_UPDATE, POLICY})
        self.assertShows(response, "เร่งรัดการฉีด<mark>วัคซีน</mark>ในพื้นที่ภาคใต้")
        self.assertShows(response, "นร 0505/2569-001")

    def test_the_count_of_results_is_shown(self):
        self.assertShows(self.search(q="ประชาชน"), '<p class="summary">10 ')

    def test_internal_and_unpublished_pages_never_appear(self):
        for query in ("ประชาชน", "วัคซีน", "ภายใน", "ร่าง", "รายงาน"):
            with self.subTest(q=query):
                response = self.search(q=query)
                for text in (*HIDDEN, "นร 0505/2569-090", "นร 0505/2569-091"):
                    self.assertHides(response, text)

    def test_advanced_conditions_in_the_url_narrow_the_results_and_fill_in_the_form(self):
        response = self.search(q="ประชาชน", agency="MOE", agency_role="lead", sort="newest")
        self.assertEqual(result_titles(response), {THAI, THAI_UPDATE})
        self.assertShows(response, '<details class="search-advanced" open>')
        self.assertShows(response, '<option value="MOE" selected>')

    def test_conditions_alone_give_results(self):
        self.assertEqual(result_titles(self.search(status="overdue")), {VACCINE, VACCINE_UPDATE})

    def test_buddhist_and_common_era_dates_give_the_same_page(self):
        pages = {typed: self.search(issued_from=typed) for typed in ("01/01/2569", "2026-01-01", "๑ ม.ค. ๒๕๖๙")}
        found = {typed: result_titles(response) for typed, response in pages.items()}
        self.assertEqual(found["01/01/2569"], {VACCINE, THAI, VACCINE_UPDATE, THAI_UPDATE})
        self.assertEqual(found["2026-01-01"], found["01/01/2569"])
        self.assertEqual(found["๑ ม.ค. ๒๕๖๙"], found["01/01/2569"])

    def test_an_invalid_date_is_reported_in_thai_on_the_thai_page(self):
        response = self.search(q="ประชาชน", issued_from="32/13/2569")
        self.assertShows(response, "กรุณาระบุวันที่ เช่น 25/01/2569")
        self.assertShows(response, 'class="field field-issued_from has-error"')
        self.assertNotIn("results", response.context)

    def test_an_invalid_date_is_reported_in_english_on_the_english_page(self):
        response = self.search("en", q="people", deadline_to="next week")
        self.assertShows(response, "Enter a date such as 25/01/2569")
        self.assertShows(response, 'class="field field-deadline_to has-error"')

    def test_a_range_that_ends_before_it_starts_is_reported(self):
        response = self.search("en", issued_from="2026-02-01", issued_to="2026-01-01")
        self.assertShows(response, "The end of the range is before its start.")

    def test_the_thai_page_shows_the_advanced_search_in_thai(self):
        response = self.search(q="ประชาชน")
        self.assertShows(response, '<aside class="facets"')
        for english in (
            "Advanced search",
            "All of these words",
            "This exact phrase",
            "None of these words",
            "Issued from",
            "Deadline until",
            "Lead or supporting",
            "Dates may be typed",
            "Refine",
        ):
            with self.subTest(english=english):
                self.assertHides(response, english)

    def test_facet_links_add_their_condition_to_the_search(self):
        response = self.search(q="ประชาชน")
        values = {value["label"]: value for group in response.context["facet_groups"] for value in group["values"]}
        policies = values["นโยบาย"]
        self.assertEqual(policies["count"], 2)
        self.assertFalse(policies["selected"])
        followed = self.client.get("/th/search/?" + policies["query"])
        self.assertEqual(result_titles(followed), {POLICY, SUB_POLICY})
        chosen = {v["label"]: v for g in followed.context["facet_groups"] for v in g["values"]}["นโยบาย"]
        self.assertTrue(chosen["selected"])
        self.assertShows(followed, 'aria-current="true"')

    def test_markup_in_the_query_is_shown_as_text(self):
        response = self.search(q='<script>alert("x")</script>')
        self.assertHides(response, '<script>alert("x")</script>')
        self.assertShows(response, "&lt;script&gt;")

    def test_hostile_queries_give_a_normal_page(self):
        for name, query in HOSTILE.items():
            with self.subTest(name):
                response = self.search(q=query)
                self.assertTrue("outcome" in response.context, "no results section")
                self.assertHides(response, 'role="alert"')

    def test_a_very_long_query_is_shortened_and_the_reader_told(self):
        response = self.search(language="en", q="วัคซีน " + "ก" * 9_994)
        self.assertTrue(response.context["form"].shortened)
        self.assertEqual(len(response.context["form"].cleaned_data["q"]), 500)
        self.assertShows(response, "only its first 500 characters were used")

    def test_a_nul_character_in_the_query_is_refused_politely(self):
        response = self.client.get("/en/search/?q=%E0%B8%A0%00x")
        self.assertEqual(response.status_code, 200)
        self.assertShows(response, "Null characters are not allowed.")


class PaginationPageTests(PageAssertions, TestCase):
    @classmethod
    def setUpTestData(cls):
        agency = builders.agency("MOT")
        for number in range(1, 26):
            builders.directive(f"คค {number}/2569", agency, title=f"ทางด่วนสายที่ {number}", body="<p>ก่อสร้างทางด่วน</p>")
        builders.index_for_search()

    def page(self, page, **params):
        response = self.client.get("/th/search/", {"q": "ทางด่วน", "page": page, **params})
        self.assertEqual(response.status_code, 200)
        return response

    def test_the_second_page_continues_the_first(self):
        first, second = self.page(1), self.page(2)
        self.assertEqual(len(first.context["results"]), 20)
        self.assertEqual(len(second.context["results"]), 5)
        self.assertEqual(len(result_titles(first) | result_titles(second)), 25)
        self.assertShows(first, f'rel="next" href="?q={quote("ทางด่วน")}&amp;page=2"')
        self.assertShows(second, 'rel="prev"')

    def test_a_page_number_that_is_not_one_shows_the_first_page(self):
        first = result_titles(self.page(1))
        for number in ("-1", "0", "abc", "", "1.5"):
            with self.subTest(page=number):
                self.assertEqual(result_titles(self.page(number)), first)

    def test_a_page_far_past_the_last_is_a_normal_empty_page(self):
        response = self.page("999999")
        self.assertEqual(response.context["results"], [])
        self.assertHides(response, 'role="alert"')

    def test_sort_orders_keep_their_pages_apart(self):
        for sort in ("newest", "oldest"):
            with self.subTest(sort=sort):
                self.assertEqual(
                    len(result_titles(self.page(1, sort=sort)) | result_titles(self.page(2, sort=sort))), 25
                )


@time_machine.travel(TODAY, tick=False)
class SuggestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = corpus.build()

    def suggest(self, text, language="th"):
        response = self.client.get(f"/{language}/search/suggest/", {"q": text})
        self.assertEqual(response.status_code, 200)
        return response.json()["suggestions"]

    def labels(self, text, language="th"):
        return [suggestion["label"] for suggestion in self.suggest(text, language)]

    def test_the_beginning_of_a_thai_word_inside_a_title_suggests_the_title(self):
        (suggestion,) = [s for s in self.suggest("วัคซ") if s["kind"] == "item"]
        self.assertEqual(suggestion["value"], VACCINE)
        self.assertEqual(suggestion["url"], self.c.vaccine.url)

    def test_the_beginning_of_a_reference_number_suggests_the_directives(self):
        labels = self.labels("นร 0505/25")
        self.assertEqual(
            labels,
            [
                f"นร 0505/2569-003 {THAI}",
                f"นร 0505/2569-001 {VACCINE}",
                f"นร 0505/2569-004 {FARM}",
                f"นร 0505/2568-002 {VAT}",
            ],
        )
        self.assertEqual(self.labels("นร 0505/2568"), [f"นร 0505/2568-002 {VAT}"])

    def test_agency_names_short_names_and_english_names_suggest_the_agency(self):
        for typed in (
            "กระทรวงสาธารณสุข",
            "สาธารณสุข",
            "สธ.",
            "สธ",
            "MOPH",
            "moph",
            "Ministry of Public",
            "public health",
            "ส.ธ.",
        ):
            with self.subTest(typed=typed):
                agencies = [s["code"] for s in self.suggest(typed) if s["kind"] == "agency"]
                # The ministry first; its office of the permanent secretary carries the name too.
                self.assertEqual(agencies[0], "MOPH")
                self.assertLessEqual(set(agencies), {"MOPH", "OPS-MOPH"})

    def test_agency_suggestions_are_named_in_the_readers_language(self):
        (agency,) = [s for s in self.suggest("กค.", "en") if s["kind"] == "agency"]
        self.assertEqual(agency["label"], "Ministry of Finance")
        (agency,) = [s for s in self.suggest("กค.") if s["kind"] == "agency"]
        self.assertEqual(agency["label"], "กระทรวงการคลัง")

    def test_internal_and_unpublished_items_are_never_suggested(self):
        for typed in ("ข้อสั่งการภายใน", "ร่างข้อสั่งการ", "ร่างนโยบาย", "นโยบายภายใน", "นร 0505/2569-09", "รายงาน"):
            with self.subTest(typed=typed):
                labels = " ".join(self.labels(typed))
                for title in HIDDEN:
                    self.assertNotIn(title, labels)
                self.assertNotIn("นร 0505/2569-09", labels)

    def test_fewer_than_two_characters_suggest_nothing(self):
        self.assertEqual(self.suggest("ว"), [])
        self.assertEqual(self.suggest(" "), [])

    def test_hostile_text_never_breaks_the_suggestions(self):
        for name, query in HOSTILE.items():
            with self.subTest(name):
                self.assertIsInstance(self.suggest(query), list)


@time_machine.travel(TODAY, tick=False)
class EngineDownTests(PageAssertions, TestCase):
    """Elasticsearch configured but unreachable (nothing listens on port 9): the database answers."""

    @classmethod
    def setUpTestData(cls):
        cls.c = corpus.build()

    @override_settings(WAGTAILSEARCH_BACKENDS=UNREACHABLE_ENGINE)
    def test_the_search_page_answers_from_the_database_and_logs_it_for_staff(self):
        with self.assertLogs("search.selectors", "ERROR") as logs:
            response = self.client.get("/th/search/", {"q": "วัคซีน"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(result_titles(response), {VACCINE, VACCINE_UPDATE, POLICY})
        self.assertShows(response, "<mark>วัคซีน</mark>")
        for alarming in ("error", "Error", "Elasticsearch", "elasticsearch", "127.0.0.1:9"):
            self.assertHides(response, alarming)
        self.assertIn("unavailable", logs.output[0])

    @override_settings(WAGTAILSEARCH_BACKENDS=UNREACHABLE_ENGINE)
    def test_conditions_and_sorting_still_work_when_the_engine_is_down(self):
        with self.assertLogs("search.selectors", "ERROR"):
            response = self.client.get("/th/search/", {"q": "ประชาชน", "type": "directive", "fiscal_year": "2569"})
        self.assertEqual(result_titles(response), {VACCINE, THAI, FARM})
        response = self.client.get("/th/search/", {"q": "ประชาชน", "sort": "oldest", "track": "parliament"})
        self.assertEqual(result_titles(response), {VAT, VAT_UPDATE})

    @override_settings(WAGTAILSEARCH_BACKENDS=UNREACHABLE_ENGINE)
    def test_autocomplete_still_answers_when_the_engine_is_down(self):
        with self.assertLogs("search.selectors", "ERROR"):
            response = self.client.get("/th/search/suggest/", {"q": "วัคซ"})
        self.assertEqual(response.status_code, 200)
        self.assertIn(VACCINE, [s["value"] for s in response.json()["suggestions"]])
