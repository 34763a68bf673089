"""
The one publication step (core.publication): whatever a transaction changes on the public site is
told once, after it commits, and never for a transaction that rolls back.
"""

from django.db import transaction
from django.test import TestCase

from core.bulk import pages_inserted
from core.kinds import kind_named
from core.publication import pages_changed
from tests import builders
from tests.website.helpers import item_publish


class PublicationStepTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")

    def setUp(self):
        self.sent = []
        pages_changed.connect(self.record)
        self.addCleanup(pages_changed.disconnect, self.record)

    def record(self, sender, page_ids, everything, **kwargs):
        self.sent.append((set(page_ids), everything))

    def test_everything_published_in_one_transaction_is_told_once_after_the_commit(self):
        with self.captureOnCommitCallbacks() as callbacks:
            first = builders.directive("นร 1/2569", self.moph)
            second = builders.policy("นโยบายใหม่", self.moph)
        self.assertEqual(self.sent, [], "told before the commit")
        for callback in callbacks:
            callback()
        self.assertEqual(self.sent, [({first.pk, second.pk}, False)])

    def test_nothing_is_told_of_a_transaction_that_rolls_back(self):
        with self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    builders.directive("นร 1/2569", self.moph)
                    raise RuntimeError("rolled back")
            except RuntimeError:
                pass
        self.assertEqual(self.sent, [])

    def test_what_a_committed_transaction_changed_is_told_though_its_first_savepoint_rolled_back(self):
        with self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    builders.directive("นร 1/2569", self.moph)
                    raise RuntimeError("rolled back")
            except RuntimeError:
                pass
            kept = builders.directive("นร 2/2569", self.moph)
        ((page_ids, everything),) = self.sent
        self.assertIn(kept.pk, page_ids)
        self.assertFalse(everything)

    def test_unpublishing_an_item_of_any_kind_is_told(self):
        item = item_publish(kind_named("foreign"), "ข้อตกลงที่ถอน")
        with self.captureOnCommitCallbacks(execute=True):
            item.unpublish()
        self.assertEqual(self.sent, [({item.pk}, False)])

    def test_deleting_or_moving_a_page_says_that_everything_may_have_changed(self):
        directive = builders.directive("นร 1/2569", self.moph)
        with self.captureOnCommitCallbacks(execute=True):
            directive.move(builders.policy_index(), pos="last-child")
        with self.captureOnCommitCallbacks(execute=True):
            directive.delete()
        self.assertEqual([everything for _, everything in self.sent], [True, True])

    def test_saving_a_row_that_a_kind_shows_says_that_everything_may_have_changed(self):
        with self.captureOnCommitCallbacks(execute=True):
            builders.occasion("การประชุมคณะรัฐมนตรี")
        self.assertEqual(self.sent, [(set(), True)])

    def test_pages_written_in_bulk_are_told(self):
        directive = builders.directive("นร 1/2569", self.moph)
        with self.captureOnCommitCallbacks(execute=True):
            pages_inserted.send(sender=None, pages_by_model={type(directive): [directive]})
        self.assertEqual(self.sent, [({directive.pk}, False)])
