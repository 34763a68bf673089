"""
PM1's search backends: Wagtail's own search (``Page.objects.search()``, the admin's path) finds
Thai words inside unspaced text, whichever backend is configured.
"""

import importlib

import pytest
from django.conf import settings
from django.db import connection
from django.test import TestCase
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from directives.models import DirectivePage
from search.backends import ThaiQueryMixin
from tests import builders

NIKHAHIT, MAI_THO, SARA_AA = "\u0e4d", "\u0e49", "\u0e32"


def titles(pages):
    return {page.title for page in pages}


class ThaiWordsInWagtailSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # An agency whose names hold none of the words searched for: an item's agencies are indexed with it.
        agency = builders.agency("SEARCHLAB", "หน่วยงานทดสอบ", short_name_th="ทดส.")
        cls.vaccine = builders.directive(
            "นร 0505/2569-001",
            agency,
            title="เร่งรัดการฉีดวัคซีนในภาคใต้",
            body="<p>กระทรวงสาธารณสุขเร่งรัดการฉีดวัคซีนในพื้นที่ภาคใต้</p>",
        )
        cls.tax = builders.directive(
            "นร 0505/2569-002", agency, title="การจัดเก็บภาษี", body="<p>การจัดเก็บภาษีเงินได้บุคคลธรรมดา</p>"
        )
        cls.language = builders.directive(
            "นร 0505/2569-003", agency, title="ภาษาไทยในโรงเรียน", body="<p>การพัฒนาภาษาไทยในโรงเรียน</p>"
        )
        cls.electricity = builders.directive(
            "นร 0505/2569-004", agency, title="ค่าไฟฟ้า", body="<p>ลดค่าไฟฟ้าให้ประชาชนในฤดูร้อน</p>"
        )
        cls.sky = builders.directive("นร 0505/2569-005", agency, title="พิธีวันชาติ", body="<p>ประชาชนแต่งกายสีฟ้าในพิธี</p>")
        cls.flood = builders.directive(
            "นร 0505/2569-006",
            agency,
            title="น้ำท่วมภาคเหนือ",
            # What PDFs and spreadsheets carry: a zero-width space and SARA AM typed in two parts.
            body="<p>แก้ไขปัญหา" + "น" + NIKHAHIT + MAI_THO + SARA_AA + "ท่วม\u200bในภาคเหนือ</p>",
        )
        builders.index_for_search()

    def search(self, query):
        # Every word required, whatever the backend's own default operator.
        return titles(Page.objects.live().search(query, operator="and"))

    def test_a_thai_word_inside_an_unspaced_sentence_is_found(self):
        self.assertEqual(self.search("วัคซีน"), {"เร่งรัดการฉีดวัคซีนในภาคใต้"})
        self.assertEqual(self.search("สาธารณสุข"), {"เร่งรัดการฉีดวัคซีนในภาคใต้"})

    def test_tax_does_not_find_language_and_language_does_not_find_tax(self):
        self.assertEqual(self.search("ภาษี"), {"การจัดเก็บภาษี"})
        self.assertEqual(self.search("ภาษา"), {"ภาษาไทยในโรงเรียน"})

    def test_sky_does_not_find_a_text_only_about_electricity(self):
        self.assertEqual(self.search("ฟ้า"), {"พิธีวันชาติ"})
        self.assertEqual(self.search("ไฟฟ้า"), {"ค่าไฟฟ้า"})

    def test_text_stored_with_invisible_characters_and_decomposed_sara_am_is_found_by_the_plain_word(self):
        self.assertEqual(self.search("น้ำ"), {"น้ำท่วมภาคเหนือ"})
        self.assertEqual(self.search("ท่วม"), {"น้ำท่วมภาคเหนือ"})

    def test_a_query_typed_with_decomposed_sara_am_finds_the_composed_text(self):
        self.assertEqual(self.search("น" + NIKHAHIT + MAI_THO + SARA_AA + "ท่วม"), {"น้ำท่วมภาคเหนือ"})

    def test_a_multi_word_thai_query_needs_all_its_words(self):
        self.assertEqual(self.search("ฉีดวัคซีนภาคใต้"), {"เร่งรัดการฉีดวัคซีนในภาคใต้"})
        self.assertEqual(self.search("วัคซีนภาษี"), set())

    def test_autocomplete_finds_a_title_by_the_beginning_of_a_thai_word_inside_it(self):
        self.assertEqual(titles(Page.objects.live().autocomplete("วัคซ", operator="and")), {"เร่งรัดการฉีดวัคซีนในภาคใต้"})

    def test_engine_syntax_in_a_query_is_searched_as_plain_words_without_error(self):
        hostile = [
            "AND OR NOT * ( ) : ^",
            '"unbalanced',
            "'; DROP TABLE wagtailcore_page; --",
            "title:x NEAR(a b)",
            "a & !b | c:*",
            "🙂🇹🇭",
            "x" * 10_000,
        ]
        for query in hostile:
            with self.subTest(query=query[:40]):
                self.assertEqual(list(DirectivePage.objects.live().search(query, operator="and")), [])
                self.assertEqual(list(DirectivePage.objects.live().autocomplete(query, operator="and")), [])
        self.assertEqual(self.search('"วัคซีน" (ภาคใต้)*'), {"เร่งรัดการฉีดวัคซีนในภาคใต้"})


DEFAULT_IS_DATABASE = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "search.backends.database"


@pytest.mark.skipif(
    not DEFAULT_IS_DATABASE, reason="about the embedded database backend, and the default backend is another one"
)
class DatabaseBackendTests(TestCase):
    def test_the_default_backend_is_the_thai_aware_one_for_the_database_in_use(self):
        upstream = {
            "sqlite": "modelsearch.backends.database.sqlite.sqlite.SQLiteSearchBackend",
            "postgresql": "modelsearch.backends.database.postgres.postgres.PostgresSearchBackend",
        }[connection.vendor]
        module, name = upstream.rsplit(".", 1)
        backend = get_search_backend()
        self.assertIsInstance(backend, getattr(importlib.import_module(module), name))
        self.assertIsInstance(backend, ThaiQueryMixin)

    @pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's: PostgreSQL has no such table")
    def test_the_fts5_tokenizer_keeps_thai_vowels_and_tone_marks_inside_words(self):
        # unicode61's default counts marks (Mn) as separators: วัคซีน would be indexed as ว, คซ, น.
        fts = "wagtailsearch_indexentry_fts"
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {fts} (rowid, title, autocomplete, body) VALUES (-1, '', '', %s)", ["ภาษา วัคซีน"]
            )

            def matches(word):
                cursor.execute(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [f'"{word}"'])
                return [row[0] for row in cursor.fetchall()]

            self.assertEqual(matches("วัคซีน"), [-1])
            self.assertEqual(matches("ภาษา"), [-1])
            self.assertEqual(matches("คซ"), [])
            self.assertEqual(matches("ภาษี"), [])

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="the pairs serve PostgreSQL's phrase lookups")
    def test_postgresql_vectors_hold_the_pairs_of_adjacent_thai_words_that_phrases_look_up(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tsvector_to_array(pm1_thai_bigrams(to_tsvector(%s)))", ["เร่งรัด การ ฉีด วัคซีน, ใน พื้นที่ the ภาค"]
            )
            pairs = set(cursor.fetchone()[0])
            # Punctuation does not part words PostgreSQL's phrases join; an English word does.
            self.assertEqual(pairs, {"เร่งรัดการ", "การฉีด", "ฉีดวัคซีน", "วัคซีนใน", "ในพื้นที่"})
            cursor.execute("SELECT pm1_phrase_query(%s)::text, pm1_phrase_query(%s)::text", ["ฉีด วัคซีน", "ฉีด วัคซีน ใน"])
            self.assertEqual(cursor.fetchone(), ("'ฉีดวัคซีน'", "'ฉีด' <-> 'วัคซีน' <-> 'ใน' & 'ฉีดวัคซีน' & 'วัคซีนใน'"))
        agency = builders.agency("MOPH")
        page = builders.directive("นร 1/2569", agency, body="<p>เร่งรัดการฉีดวัคซีน, ในพื้นที่ภาคใต้</p>")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT body @@ pm1_phrase_query(%s), body @@ pm1_phrase_query(%s) FROM wagtailsearch_indexentry "
                "WHERE object_id = %s",
                ["วัคซีน ใน พื้นที่", "ใน วัคซีน", str(page.pk)],
            )
            self.assertEqual(cursor.fetchone(), (True, False))
