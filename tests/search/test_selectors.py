"""
Public search (search.selectors.public_search) with the search form's conditions: every condition
narrows the results, facets count them, snippets highlight Thai words, and what is internal or
unpublished is never found.
"""

import datetime
from unittest import mock

import time_machine
from django.conf import settings
from django.db import connection
from django.test import TestCase
from wagtail.models import Locale

from search import engines
from search.engines import Terms
from search.forms import SearchForm
from search.selectors import public_search
from search.selectors import snippet as snippet_of
from tests import builders
from tests.search import corpus
from tests.search.corpus import (
    ABOUT,
    FARM,
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


def search(language="th", **params):
    """What the public finds with these search form parameters (at most 50 results)."""
    locale = Locale.objects.get(language_code=language)
    form = SearchForm(params, locale=locale)
    assert form.is_valid(), form.errors
    return public_search(data=form.cleaned_data, locale=locale, limit=50)


def titles(outcome):
    found = [page.title for page in outcome.results]
    assert len(found) == len(set(found)) == outcome.count, (found, outcome.count)
    return set(found)


@time_machine.travel(TODAY, tick=False)
class ConditionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = corpus.build()

    def assertFinds(self, expected, **params):
        self.assertEqual(titles(search(**params)), expected)

    def test_a_word_finds_every_public_page_that_contains_it_and_nothing_hidden(self):
        self.assertFinds(PUBLIC, q="ประชาชน")

    def test_a_thai_word_inside_unspaced_text_is_found(self):
        self.assertFinds({VACCINE, VACCINE_UPDATE, POLICY}, q="วัคซีน")
        self.assertFinds({VACCINE}, q="สาธารณสุขภาคใต้")

    def test_an_agencys_short_name_with_or_without_its_dot_finds_the_items_assigned_to_it(self):
        dotted, dotless = titles(search(q="สธ.")), titles(search(q="สธ"))
        self.assertEqual(dotted, dotless)
        # The vaccine directive is led by กระทรวงสาธารณสุข, the Thai-language one supported by it.
        self.assertLessEqual({VACCINE, THAI, POLICY}, dotted)
        self.assertNotIn(VAT, dotted)
        self.assertIn(VAT, titles(search(q="กค.")))

    def test_tax_does_not_find_language_and_language_does_not_find_tax(self):
        self.assertFinds({VAT, FARM, VAT_UPDATE}, q="ภาษี")
        self.assertFinds({THAI, THAI_UPDATE}, q="ภาษา")

    def test_all_words_needs_every_word_anywhere_in_the_text(self):
        self.assertFinds({VAT, FARM}, all_words="ภาษี มูลค่า เพิ่ม")
        # VAT and its update have ภาษี but not เกษตร.
        self.assertFinds({FARM}, all_words="ภาษี เกษตร")
        self.assertFinds({VAT}, q="ประชาชน", all_words="ภาษี ครองชีพ")

    def test_exact_phrase_needs_the_words_next_to_each_other_in_order(self):
        # FARM has เพิ่ม, มูลค่า and ภาษี too, in another order.
        self.assertFinds({VAT}, phrase="ภาษีมูลค่าเพิ่ม")
        self.assertFinds({VACCINE, VACCINE_UPDATE, POLICY}, phrase="ฉีดวัคซีน")

    def test_a_quoted_phrase_in_the_search_box_is_an_exact_phrase(self):
        self.assertFinds({VAT}, q='"ภาษี มูลค่า เพิ่ม"')
        self.assertFinds({VAT}, q='"ภาษีมูลค่าเพิ่ม"')

    def test_none_of_these_words_leaves_out_pages_with_any_of_them(self):
        self.assertFinds(PUBLIC - {VACCINE, VACCINE_UPDATE, POLICY}, q="ประชาชน", none="วัคซีน")
        self.assertFinds({THAI, SUB_POLICY, THAI_UPDATE, ABOUT}, q="ประชาชน", none="วัคซีน ภาษี")

    def test_type_keeps_one_kind_of_page(self):
        self.assertFinds({VACCINE, VAT, THAI, FARM}, q="ประชาชน", type="directive")
        self.assertFinds({POLICY, SUB_POLICY}, q="ประชาชน", type="policy")
        self.assertFinds({VACCINE_UPDATE, VAT_UPDATE, THAI_UPDATE}, q="ประชาชน", type="update")
        self.assertFinds({ABOUT}, q="ประชาชน", type="page")

    def test_track_keeps_items_of_the_track_and_their_updates(self):
        self.assertFinds({VAT, VAT_UPDATE}, q="ประชาชน", track="parliament")
        self.assertFinds({THAI, THAI_UPDATE}, q="ประชาชน", track="foreign")
        self.assertFinds({FARM}, q="ประชาชน", track="secretary")
        self.assertFinds({VACCINE, VACCINE_UPDATE, POLICY, SUB_POLICY}, q="ประชาชน", track="policy")

    def test_agency_keeps_items_it_leads_or_supports_and_its_own_updates(self):
        self.assertFinds({VACCINE, THAI, THAI_UPDATE}, q="ประชาชน", agency="MOE")
        self.assertFinds({VACCINE, THAI, POLICY, SUB_POLICY, VACCINE_UPDATE}, q="ประชาชน", agency="MOPH")

    def test_agency_role_keeps_items_the_agency_leads_or_items_it_supports(self):
        self.assertFinds({THAI, THAI_UPDATE}, q="ประชาชน", agency="MOE", agency_role="lead")
        self.assertFinds({VACCINE}, q="ประชาชน", agency="MOE", agency_role="supporting")
        self.assertFinds({THAI}, q="ประชาชน", agency="MOPH", agency_role="supporting")

    def test_status_keeps_items_with_that_status_and_updates_that_claim_it(self):
        self.assertFinds({VAT, VAT_UPDATE}, q="ประชาชน", status="completed")
        self.assertFinds({THAI, THAI_UPDATE}, q="ประชาชน", status="at_risk")
        self.assertFinds({VACCINE, VACCINE_UPDATE}, q="ประชาชน", status="on_track")
        self.assertFinds({FARM, POLICY, SUB_POLICY}, q="ประชาชน", status="not_started")

    def test_overdue_keeps_items_past_a_deadline_that_are_not_closed(self):
        # VAT's deadline has passed too, but it is completed.
        self.assertFinds({VACCINE, VACCINE_UPDATE}, q="ประชาชน", status="overdue")

    def test_overdue_follows_the_date_of_the_search(self):
        with time_machine.travel(datetime.datetime(2026, 10, 1, 9, 0, tzinfo=corpus.BANGKOK), tick=False):
            self.assertFinds({VACCINE, VACCINE_UPDATE, THAI, THAI_UPDATE}, q="ประชาชน", status="overdue")
        with time_machine.travel(datetime.datetime(2026, 2, 1, 9, 0, tzinfo=corpus.BANGKOK), tick=False):
            self.assertFinds(set(), q="ประชาชน", status="overdue")

    def test_policy_keeps_the_policy_its_sub_policies_related_directives_and_their_updates(self):
        self.assertFinds({POLICY, SUB_POLICY, VACCINE, VACCINE_UPDATE}, q="ประชาชน", policy=self.c.policy.pk)
        self.assertFinds({SUB_POLICY}, q="ประชาชน", policy=self.c.sub_policy.pk)

    def test_occasion_keeps_directives_given_there_and_their_updates(self):
        self.assertFinds({VACCINE, VACCINE_UPDATE}, q="ประชาชน", occasion=self.c.cabinet.pk)
        self.assertFinds({VAT, VAT_UPDATE}, q="ประชาชน", occasion=self.c.trip.pk)

    def test_issued_from_and_until_keep_pages_dated_in_the_range(self):
        # Directives by their issue date, policies by their start, updates by the end of their period.
        self.assertFinds({VACCINE, THAI, VACCINE_UPDATE, THAI_UPDATE}, q="ประชาชน", issued_from="2026-01-01")
        self.assertFinds({VAT, FARM, POLICY, SUB_POLICY, VAT_UPDATE}, q="ประชาชน", issued_to="2025-12-31")
        self.assertFinds({VAT}, q="ประชาชน", issued_to="2025-09-30")
        self.assertFinds(
            {FARM, POLICY, SUB_POLICY, VAT_UPDATE}, q="ประชาชน", issued_from="2025-10-01", issued_to="2025-12-31"
        )
        self.assertFinds({VACCINE}, q="ประชาชน", issued_from="2026-01-15", issued_to="2026-01-15")

    def test_a_date_in_buddhist_or_common_era_gives_the_same_results(self):
        expected = {VACCINE, THAI, VACCINE_UPDATE, THAI_UPDATE}
        for typed in ("2026-01-01", "01/01/2569", "1/1/2026", "1 ม.ค. 2569", "1 มกราคม 2569", "๐๑/๐๑/๒๕๖๙"):
            with self.subTest(issued_from=typed):
                self.assertFinds(expected, q="ประชาชน", issued_from=typed)
        self.assertFinds({VACCINE}, q="ประชาชน", issued_from="15 ม.ค. 2569", issued_to="๙ ก.พ. ๒๕๖๙")

    def test_deadline_from_and_until_keep_items_with_an_assignment_due_in_the_range(self):
        self.assertFinds({VACCINE, VAT, VACCINE_UPDATE, VAT_UPDATE}, q="ประชาชน", deadline_to="28/02/2569")
        self.assertFinds({THAI, FARM, POLICY, SUB_POLICY, THAI_UPDATE}, q="ประชาชน", deadline_from="2026-09-01")
        self.assertFinds({THAI, THAI_UPDATE}, q="ประชาชน", deadline_from="1 ก.ย. 2569", deadline_to="30 ก.ย. 2569")

    def test_fiscal_year_keeps_pages_dated_from_october_to_september(self):
        self.assertFinds({VAT}, q="ประชาชน", fiscal_year="2568")
        self.assertFinds(PUBLIC - {VAT, ABOUT}, q="ประชาชน", fiscal_year="2569")
        self.assertFinds(set(), q="ประชาชน", fiscal_year="2570")

    def test_fiscal_year_and_issued_dates_both_apply(self):
        self.assertFinds(
            {VACCINE, THAI, VACCINE_UPDATE, THAI_UPDATE}, q="ประชาชน", fiscal_year="2569", issued_from="2026-01-01"
        )

    def test_conditions_combine(self):
        self.assertFinds({VACCINE}, q="ประชาชน", type="directive", agency="MOPH", status="overdue", fiscal_year="2569")
        self.assertFinds(set(), q="ภาษา", agency="MOF")

    def test_conditions_without_words_find_every_public_page_that_meets_them(self):
        self.assertFinds({POLICY, SUB_POLICY}, type="policy")
        self.assertFinds({VACCINE, VACCINE_UPDATE}, occasion=self.c.cabinet.pk)
        self.assertFinds({VACCINE, VACCINE_UPDATE}, status="overdue")

    def test_postgresql_finds_the_same_when_it_tests_the_few_allowed_pages_by_key(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL tests few allowed pages by key; SQLite's FTS5 cannot")
        conditions = [
            {"q": "ประชาชน", "type": "policy"},
            {"q": "วัคซีน", "agency": "MOPH", "status": "overdue"},
            {"phrase": "ฉีดวัคซีน", "track": "policy"},
            {"q": "ภาษี", "none": "เกษตร", "fiscal_year": "2569"},
        ]
        listed = [titles(search(**params)) for params in conditions]
        # As if the words were in most pages: the planner's estimate decides.
        with mock.patch.object(engines.DatabaseEngine, "_estimated_matches", return_value=10**9):
            self.assertEqual([titles(search(**params)) for params in conditions], listed)
        self.assertTrue(all(listed))

    def test_hidden_pages_are_never_found_whatever_the_conditions(self):
        queries = [
            {"q": "วัคซีน"},
            {"q": "ภาษีมูลค่าเพิ่ม"},
            {"q": "ข้อสั่งการภายใน"},
            {"q": "ร่าง"},
            {"q": "รายงาน"},
            {"all_words": "ประชาชน วัคซีน"},
            {"phrase": "ได้รับวัคซีน"},
            {"status": "overdue"},
            {"occasion": self.c.cabinet.pk},
            {"policy": self.c.policy.pk},
            {"agency": "MOE"},
            {"type": "update"},
            {"type": "directive"},
            {"type": "policy"},
            {"issued_from": "20/01/2569", "issued_to": "20/01/2569"},
            {"fiscal_year": "2569"},
        ]
        for params in queries:
            with self.subTest(**params):
                self.assertEqual(titles(search(**params)) & HIDDEN, set())


class EnglishTextTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # An agency none of whose names is searched for: items are found by their agencies' names too.
        agency = builders.agency("MOF")
        thai = builders.directive("นร 0505/2569-001", agency, title="การค้าออนไลน์และวัคซีน")
        builders.translate(
            thai,
            title="E-commerce and vaccines",
            slug="e-commerce-and-vaccines",
            body="<p>The Prime Minister's directive on e-commerce, COVID-19 vaccines and public health.</p>",
        )
        builders.translate(
            builders.directive("นร 0505/2569-002", agency, title="ภาษี", body="<p>ลดภาษีสินค้า</p>"),
            title="Taxes",
            slug="taxes",
            body="<p>Lower taxes on commerce and health products.</p>",
        )
        builders.index_for_search()

    def test_english_words_with_their_punctuation_are_found_on_the_english_site(self):
        for query in ("vaccines", "Minister's", "e-commerce", "COVID-19", "public health", "PRIME MINISTER"):
            with self.subTest(q=query):
                # Directives only: the English directive index ("Prime Minister's directives", made by
                # migrate) matches some of these words in its title and rightly ranks first among pages.
                found = [page.title for page in search("en", q=query, type="directive").results]
                self.assertEqual(found[:1], ["E-commerce and vaccines"])

    def test_english_words_are_found_whatever_their_ending(self):
        self.assertEqual(titles(search("en", q="vaccine")), {"E-commerce and vaccines"})
        self.assertEqual(titles(search("en", q="tax")), {"Taxes"})

    def test_each_language_finds_only_its_own_pages(self):
        self.assertEqual(titles(search("th", q="vaccines")), set())
        self.assertEqual(titles(search("th", q="วัคซีน")), {"การค้าออนไลน์และวัคซีน"})
        self.assertEqual(titles(search("en", q="วัคซีน")), set())


@time_machine.travel(TODAY, tick=False)
class FacetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = corpus.build()

    def test_type_facet_counts_each_kind_of_page_found(self):
        self.assertEqual(search(q="ประชาชน").facets["type"], {"directive": 4, "policy": 2, "update": 3, "page": 1})

    def test_facets_count_the_directives_found_by_track_status_fiscal_year_and_agency(self):
        facets = search(q="ประชาชน", type="directive").facets
        self.assertEqual(facets["type"], {"directive": 4})
        self.assertEqual(facets["track"], {"policy": 1, "parliament": 1, "foreign": 1, "secretary": 1})
        self.assertEqual(facets["status"], {"not_started": 1, "on_track": 1, "at_risk": 1, "completed": 1})
        self.assertEqual(facets["fiscal_year"], {2569: 3, 2568: 1})
        self.assertEqual(facets["agency"], {"MOPH": 2, "MOE": 2, "MOF": 2})

    def test_facets_count_policies_by_track_status_and_agency(self):
        facets = search(q="ประชาชน", type="policy").facets
        self.assertEqual(facets["type"], {"policy": 2})
        self.assertEqual(facets["track"], {"policy": 2})
        self.assertEqual(facets["status"], {"not_started": 2})
        self.assertEqual(facets["agency"], {"MOPH": 2})

    def test_facets_count_only_what_the_words_and_conditions_found(self):
        facets = search(q="ภาษี").facets
        self.assertEqual(facets["type"], {"directive": 2, "update": 1})
        # Two directives assigned to the agency, and its own progress update.
        self.assertEqual(facets["agency"], {"MOF": 3})
        self.assertEqual(facets["fiscal_year"], {2569: 2, 2568: 1})

    def test_facets_never_count_hidden_pages(self):
        facets = search(q="วัคซีน").facets
        self.assertEqual(facets["type"], {"directive": 1, "policy": 1, "update": 1})
        # The public directive and policy assigned to MOPH, and MOPH's published update.
        self.assertEqual(facets["agency"], {"MOPH": 3, "MOE": 1})

    def test_every_facet_value_counts_the_results_its_condition_finds(self):
        """What a reader expects when choosing a facet: as many results as its count said."""
        base = {"q": "ประชาชน"}
        for name, counts in search(**base).facets.items():
            for value, count in counts.items():
                with self.subTest(facet=name, value=value):
                    self.assertEqual(search(**base, **{name: value}).count, count)


@time_machine.travel(TODAY, tick=False)
class SnippetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        agency = builders.agency("MOPH")
        builders.directive(
            "นร 1/2569",
            agency,
            title="การฉีดวัคซีน",
            body="<p>กระทรวงสาธารณสุขเร่งรัดการฉีดวัคซีนในพื้นที่ภาคใต้</p>",
        )
        builders.directive(
            "นร 2/2569",
            agency,
            title="ข้อความที่มีแท็ก",
            body="<p>&lt;script&gt;alert(1)&lt;/script&gt; ค่าไฟ &amp; ค่าน้ำ ลดภาษี&lt;b&gt;ทันที&lt;/b&gt;</p>",
        )
        long_text = "ก่อนหน้านี้มีการประชุมหลายครั้ง " * 20 + "จึงเร่งรัดการฉีดวัคซีนโดยด่วน " + "หลังจากนั้น " * 40
        builders.directive("นร 3/2569", agency, title="ข้อความยาว", body=f"<p>{long_text}</p>")
        builders.index_for_search()

    def snippet(self, title, **params):
        outcome = search(**params)
        (page,) = [page for page in outcome.results if page.title == title]
        return outcome.snippets[page.pk]

    def test_a_thai_word_inside_an_unspaced_run_is_marked(self):
        self.assertEqual(
            self.snippet("การฉีดวัคซีน", q="วัคซีน"),
            "กระทรวงสาธารณสุขเร่งรัดการฉีด<mark>วัคซีน</mark>ในพื้นที่ภาคใต้",
        )

    def test_every_word_of_the_query_is_marked(self):
        self.assertEqual(
            self.snippet("การฉีดวัคซีน", q="วัคซีน ภาคใต้"),
            "กระทรวงสาธารณสุขเร่งรัดการฉีด<mark>วัคซีน</mark>ในพื้นที่<mark>ภาค</mark><mark>ใต้</mark>",
        )

    def test_the_snippet_of_a_long_text_shows_the_part_around_the_word(self):
        snippet = self.snippet("ข้อความยาว", q="วัคซีน")
        self.assertIn("<mark>วัคซีน</mark>", snippet)
        self.assertTrue(snippet.startswith("… "))
        self.assertTrue(snippet.endswith(" …"))
        self.assertLess(len(snippet), 300)

    def test_html_in_the_text_is_shown_as_text_and_never_as_markup(self):
        snippet = self.snippet("ข้อความที่มีแท็ก", q="ภาษี")
        self.assertNotIn("<script", snippet)
        self.assertNotIn("<b>", snippet)
        self.assertEqual(snippet.replace("<mark>", "").replace("</mark>", "").count("<"), 0)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", snippet)
        self.assertIn("ลด<mark>ภาษี</mark>&lt;b&gt;ทันที&lt;/b&gt;", snippet)

    def test_an_ampersand_in_the_text_is_escaped_once(self):
        self.assertIn("ค่าไฟ &amp; ค่าน้ำ", self.snippet("ข้อความที่มีแท็ก", q="ภาษี"))

    def test_markup_typed_in_the_query_is_never_marked_up(self):
        (page,) = search(q="ทันที").results
        marked = snippet_of(page, Terms.parse(q='ภาษี <b> "<script>" &lt;'))
        self.assertNotIn("<b>", marked)
        self.assertNotIn("<script", marked)
        self.assertNotIn("<mark><", marked)
        self.assertIn("<mark>ภาษี</mark>", marked)


class OrderTests(TestCase):
    """
    Dengue fever in three directives published on three days, only B with it in its title; D,
    published last, is about something else.
    """

    @classmethod
    def setUpTestData(cls):
        agency = builders.agency("MOPH")
        published = [
            ("A", "แผนงานฤดูฝน", "<p>เตรียมความพร้อมหลายด้าน รวมถึงไข้เลือดออก</p>", datetime.date(2026, 1, 5)),
            ("B", "ป้องกันไข้เลือดออก", "<p>เตรียมรับมือโรคไข้เลือดออกในฤดูฝน</p>", datetime.date(2026, 1, 10)),
            ("C", "งานสาธารณสุขชุมชน", "<p>อาสาสมัครดูแลผู้ป่วยไข้เลือดออกในชุมชน</p>", datetime.date(2026, 1, 20)),
            ("D", "เรื่องอื่น", "<p>ไม่เกี่ยวข้อง</p>", datetime.date(2026, 1, 25)),
        ]
        cls.pages = {}
        for name, title, body, day in published:
            with time_machine.travel(datetime.datetime.combine(day, datetime.time(10), corpus.BANGKOK), tick=False):
                cls.pages[name] = builders.directive(f"นร {name}/2569", agency, title=title, body=body, issued_on=day)
        builders.index_for_search()

    def order(self, **params):
        names = {page.pk: name for name, page in self.pages.items()}
        return [names[page.pk] for page in search(**params).results]

    def test_relevance_puts_the_page_with_the_words_in_its_title_first(self):
        order = self.order(q="ไข้เลือดออก")
        self.assertEqual(order[0], "B")
        self.assertEqual(sorted(order), ["A", "B", "C"])
        self.assertEqual(self.order(q="ไข้เลือดออก", sort="relevance"), order)

    def test_newest_and_oldest_order_by_publication_date(self):
        self.assertEqual(self.order(q="ไข้เลือดออก", sort="newest"), ["C", "B", "A"])
        self.assertEqual(self.order(q="ไข้เลือดออก", sort="oldest"), ["A", "B", "C"])

    @mock.patch.dict(engines.RANKED_MATCHES, {"sqlite": 2, "postgresql": 2})
    def test_more_matches_than_the_database_ranks_are_listed_newest_first(self):
        # The database backend: "default" alone, or "database" beside Elasticsearch.
        database = "database" if "database" in settings.WAGTAILSEARCH_BACKENDS else "default"
        outcome = public_search(data={"q": "ไข้เลือดออก"}, locale=corpus.thai(), backend=database)
        names = {page.pk: name for name, page in self.pages.items()}
        self.assertEqual([names[page.pk] for page in outcome.results], ["C", "B", "A"])
        self.assertEqual(outcome.count, 3)

    def test_conditions_without_words_list_the_newest_first_unless_asked_for_the_oldest(self):
        self.assertEqual(self.order(type="directive"), ["D", "C", "B", "A"])
        self.assertEqual(self.order(type="directive", sort="relevance"), ["D", "C", "B", "A"])
        self.assertEqual(self.order(type="directive", sort="oldest"), ["A", "B", "C", "D"])


class PaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        agency = builders.agency("MOT")
        for number in range(1, 26):
            builders.directive(f"คค {number}/2569", agency, title=f"ทางด่วนสายที่ {number}", body="<p>ก่อสร้างทางด่วน</p>")
        builders.index_for_search()

    def page(self, offset, limit, **params):
        form = SearchForm({"q": "ทางด่วน", **params}, locale=corpus.thai())
        self.assertTrue(form.is_valid())
        return public_search(data=form.cleaned_data, locale=corpus.thai(), offset=offset, limit=limit)

    def test_pages_of_results_follow_each_other_without_overlap_or_gap(self):
        for sort in ("relevance", "newest", "oldest"):
            with self.subTest(sort=sort):
                first, second = self.page(0, 20, sort=sort), self.page(20, 20, sort=sort)
                self.assertEqual((first.count, second.count), (25, 25))
                self.assertEqual((len(first.results), len(second.results)), (20, 5))
                found = [page.pk for page in first.results + second.results]
                self.assertEqual(len(set(found)), 25)

    def test_a_page_past_the_last_is_empty_with_the_right_count(self):
        outcome = self.page(40, 20)
        self.assertEqual((outcome.results, outcome.count), ([], 25))

    def test_a_page_holds_at_most_fifty_results(self):
        self.assertEqual(len(self.page(0, 1000).results), 25)
        self.assertEqual(len(self.page(0, 10).results), 10)

    def test_elasticsearch_finds_every_match_however_many_and_however_listed(self):
        if "elasticsearch" not in settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]:
            self.skipTest("about Elasticsearch, and the default backend is the database")
        # With the allowed pages as a filter in the engine (few conditions' pages), without, and
        # with more matches than Elasticsearch lists (the database index beside it lists them).
        for allowed_filter, listed in ((10_000, 20_000), (0, 20_000), (0, 0)):
            with (
                mock.patch.object(engines, "ELASTICSEARCH_PAGE", 4),
                mock.patch.object(engines, "ELASTICSEARCH_FILTER", allowed_filter),
                mock.patch.object(engines, "ELASTICSEARCH_LISTED", listed),
            ):
                for sort in ("relevance", "newest"):
                    with self.subTest(sort=sort, allowed_filter=allowed_filter, listed=listed):
                        outcome = self.page(0, 50, sort=sort)
                        self.assertEqual((outcome.count, len({page.pk for page in outcome.results})), (25, 25))
                        self.assertEqual(self.page(0, 50, sort=sort, q="ทางด่วน 7").count, 1)


@time_machine.travel(TODAY, tick=False)
class ChangesAfterIndexingTests(TestCase):
    """
    Public search follows the site as it changes, without rebuilding the index: only the engines'
    own refresh (Elasticsearch's near-real-time) runs between a change and the search.
    """

    @classmethod
    def setUpTestData(cls):
        cls.c = corpus.build()

    def assertFinds(self, expected, **params):
        builders.refresh_search()
        self.assertEqual(titles(search(**params)), expected)

    def republish(self, page, **fields):
        page = type(page).objects.get(pk=page.pk)
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()

    def test_a_directive_made_internal_leaves_public_search_with_its_updates(self):
        self.republish(self.c.vaccine, visibility="internal")
        self.assertFinds(set(), q="วัคซีน", type="directive")
        self.assertFinds({POLICY}, q="วัคซีน")

    def test_an_unpublished_directive_leaves_public_search_with_its_updates(self):
        type(self.c.thai).objects.get(pk=self.c.thai.pk).unpublish()
        self.assertFinds(set(), q="ภาษา")

    def test_an_internal_directive_made_public_enters_public_search_with_its_published_updates(self):
        self.republish(self.c.internal_directive, visibility="public")
        self.assertFinds(
            {VACCINE, VACCINE_UPDATE, POLICY, corpus.INTERNAL_DIRECTIVE, corpus.INTERNAL_ITEM_UPDATE}, q="วัคซีน"
        )

    def test_a_deleted_directive_is_no_longer_found(self):
        type(self.c.farm).objects.get(pk=self.c.farm.pk).delete()
        self.assertFinds({VAT, VAT_UPDATE}, q="ภาษี")

    def test_a_published_update_changes_what_the_status_condition_finds(self):
        builders.update(self.c.farm, self.c.mof, title="เกษตรเสร็จแล้ว", status="completed", percent=100, publish=True)
        self.assertFinds({VAT, FARM}, q="ประชาชน", type="directive", status="completed")
        self.assertFinds({FARM, "เกษตรเสร็จแล้ว"}, q="เกษตร")

    def test_a_new_track_applies_to_the_directive_and_its_updates(self):
        self.republish(self.c.thai, track="secretary")
        self.assertFinds({FARM, THAI, THAI_UPDATE}, q="ประชาชน", track="secretary")
        self.assertFinds(set(), q="ประชาชน", track="foreign")

    def test_a_new_deadline_changes_what_the_deadline_and_overdue_conditions_find(self):
        page = type(self.c.farm).objects.get(pk=self.c.farm.pk)
        (assignment,) = page.assignments.all()
        assignment.deadline = datetime.date(2026, 2, 20)
        page.assignments = [assignment]
        page.save_revision().publish()
        self.assertFinds({VACCINE, FARM}, q="ประชาชน", type="directive", status="overdue")
        self.assertFinds(
            {VACCINE, FARM, VACCINE_UPDATE}, q="ประชาชน", deadline_from="2026-02-10", deadline_to="2026-02-20"
        )

    def test_a_page_with_a_view_restriction_is_not_found(self):
        from wagtail.models import PageViewRestriction

        PageViewRestriction.objects.create(
            page=self.c.about, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        self.assertFinds(set(), q="ติดต่อ")


@time_machine.travel(TODAY, tick=False)
class NearMissTests(TestCase):
    """Words typed loosely in the box: when few pages have them all, pages missing one follow."""

    @classmethod
    def setUpTestData(cls):
        agency = builders.agency("MOAC")
        builders.directive("กษ 1/2569", agency, title="ราคายางพาราตกต่ำ", body="<p>ช่วยเหลือเกษตรกรชาวสวนยางพารา</p>")
        builders.directive("กษ 2/2569", agency, title="ยางพาราราคาดี", body="<p>ส่งเสริมการแปรรูปยางพารา</p>")
        builders.directive("กษ 3/2569", agency, title="ราคาข้าว", body="<p>ประกันรายได้ชาวนา</p>")
        builders.directive("นร 0505/2569-001", agency, title="ประกาศ", body="<p>เรื่องทั่วไป</p>")
        builders.directive("นร 0505/2569-002", agency, title="ประกาศ", body="<p>เรื่องทั่วไป</p>")
        builders.index_for_search()

    def test_pages_missing_one_word_follow_the_pages_with_every_word(self):
        outcome = search(q="ยางพารา ราคา เกษตรกร")
        self.assertEqual([page.title for page in outcome.results], ["ราคายางพาราตกต่ำ", "ยางพาราราคาดี"])
        self.assertEqual(outcome.full_count, 1)
        self.assertEqual(outcome.count, 2)

    def test_a_page_missing_two_of_three_words_does_not_follow(self):
        self.assertNotIn("ราคาข้าว", titles(search(q="ยางพารา ราคา เกษตรกร")))

    def test_words_asked_for_precisely_are_never_relaxed(self):
        for params in (
            {"all_words": "ยางพารา ราคา เกษตรกร"},
            {"phrase": "ราคายางพารา"},
            {"q": '"ราคายางพารา" เกษตรกร'},
        ):
            with self.subTest(**params):
                outcome = search(**params)
                self.assertEqual(titles(outcome), {"ราคายางพาราตกต่ำ"})
                self.assertIsNone(outcome.full_count)

    def test_a_reference_number_does_not_bring_its_neighbours(self):
        self.assertEqual([page.reference for page in search(q="นร 0505/2569-001").results], ["นร 0505/2569-001"])

    def test_no_note_about_near_misses_when_there_are_none(self):
        outcome = search(q="ยางพารา ส่งเสริม")
        self.assertEqual(titles(outcome), {"ยางพาราราคาดี"})
        self.assertIsNone(outcome.full_count)

    def test_no_near_misses_when_nothing_has_every_word(self):
        self.assertEqual(search(q="ยางพารา ทองคำ").count, 0)
