"""
The facts public search holds in memory (search.facts). Outside a transaction each process keeps
one copy and catches it up before every search with what was committed since: new pages, changed
statuses and deadlines, deletions. These tests commit for real (TransactionTestCase): inside a
transaction a search builds a copy of its own, and the shared copy is what is tested here.
"""

import datetime

from django.test import TransactionTestCase

from search.facts import current_facts
from search.models import SearchState
from tests import builders
from tests.search import test_selectors


def search(**params):
    # Elasticsearch makes what was indexed searchable about a second later: now, for the test.
    builders.refresh_search()
    return test_selectors.search(**params)


class SharedFactsTests(TransactionTestCase):
    # The locales and the home page that migrations create come back after every test's flush.
    serialized_rollback = True

    def setUp(self):
        self.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")

    def directive(self, reference, **fields):
        fields.setdefault("body", "<p>แก้ปัญหาฝุ่นละอองในพื้นที่ภาคเหนือ</p>")
        return builders.directive(reference, self.moph, **fields)

    def test_a_directive_published_after_a_search_is_found_by_the_next_search(self):
        self.directive("นร 1/2569")
        self.assertEqual(search(q="ฝุ่นละออง").count, 1)
        self.directive("นร 2/2569")
        self.assertEqual(search(q="ฝุ่นละออง").count, 2)
        self.assertEqual(search(type="directive").count, 2)

    def test_a_directive_made_internal_leaves_public_search(self):
        directive = self.directive("นร 1/2569")
        self.assertEqual(search(q="ฝุ่นละออง").count, 1)
        directive.visibility = "internal"
        directive.save_revision().publish()
        self.assertEqual(search(q="ฝุ่นละออง").count, 0)
        self.assertEqual(search(type="directive").count, 0)

    def test_a_status_rolled_up_from_a_published_update_moves_the_directive_between_statuses(self):
        directive = self.directive("นร 1/2569")
        self.assertEqual(search(q="ฝุ่นละออง", status="not_started").count, 1)
        builders.update(directive, self.moph, status="delayed", publish=True)
        self.assertEqual(search(q="ฝุ่นละออง", status="not_started").count, 0)
        self.assertEqual(search(q="ฝุ่นละออง", status="delayed", type="directive").count, 1)

    def test_a_directive_stops_being_overdue_when_its_only_agency_completes_it(self):
        directive = self.directive("นร 1/2569", deadline=datetime.date(2020, 1, 31))
        self.assertEqual(search(q="ฝุ่นละออง", status="overdue").count, 1)
        builders.update(directive, self.moph, status="completed", evidence=True, publish=True)
        self.assertEqual(search(q="ฝุ่นละออง", status="overdue").count, 0)

    def test_a_deleted_directive_leaves_the_counts_of_searches_with_and_without_words(self):
        self.directive("นร 1/2569")
        kept = self.directive("นร 2/2569")
        self.directive("นร 3/2569").delete()
        self.assertEqual(search(type="directive").count, 2)
        self.directive("นร 4/2569").delete()
        outcome = search(type="directive")
        self.assertEqual((outcome.count, outcome.facets["type"]), (2, {"directive": 2}))
        self.assertIn(kept.pk, [page.pk for page in search(q="ฝุ่นละออง").results])

    def test_when_nothing_changed_catching_up_costs_one_query(self):
        self.directive("นร 1/2569")
        search(q="ฝุ่นละออง")
        with self.assertNumQueries(1), current_facts() as facts:
            generation = facts.generation
        self.assertEqual(generation, SearchState.objects.get().generation)

    def test_a_new_database_state_makes_the_copy_load_everything_again(self):
        self.directive("นร 1/2569")
        self.assertEqual(search(q="ฝุ่นละออง").count, 1)
        # What a restored backup or a flushed database looks like: the state row starts afresh.
        SearchState.objects.all().delete()
        self.directive("นร 2/2569")
        self.assertEqual(search(q="ฝุ่นละออง").count, 2)
