"""The status roll-up rule and overdue derivation (core.status), and their application to items."""

import datetime

import pytest
import time_machine
from django.test import TestCase

from core.choices import Status
from core.status import is_overdue, status_rollup
from directives.models import DirectiveAssignment, DirectivePage
from tests import builders
from updates.services import item_refresh_status

S = Status


@pytest.mark.parametrize(
    "statuses, expected",
    [
        ([], S.NOT_STARTED),
        ([S.NOT_STARTED, S.NOT_STARTED], S.NOT_STARTED),
        ([S.COMPLETED, S.COMPLETED], S.COMPLETED),
        ([S.COMPLETED, S.NOT_PURSUED], S.COMPLETED),
        ([S.NOT_PURSUED, S.NOT_PURSUED], S.NOT_PURSUED),
        ([S.ON_TRACK, S.NOT_STARTED], S.ON_TRACK),
        ([S.COMPLETED, S.NOT_STARTED], S.ON_TRACK),
        ([S.ON_TRACK, S.AT_RISK, S.COMPLETED], S.AT_RISK),
        ([S.AT_RISK, S.DELAYED, S.ON_TRACK], S.DELAYED),
        (["on_track"], S.ON_TRACK),
    ],
)
def test_item_status_rolls_up_from_its_assignments(statuses, expected):
    assert status_rollup(statuses) == expected


@pytest.mark.parametrize(
    "deadline, status, overdue",
    [
        (datetime.date(2026, 11, 23), S.ON_TRACK, True),
        (datetime.date(2026, 11, 23), S.NOT_STARTED, True),
        (datetime.date(2026, 11, 24), S.ON_TRACK, False),
        (datetime.date(2026, 11, 23), S.COMPLETED, False),
        (datetime.date(2026, 11, 23), S.NOT_PURSUED, False),
        (None, S.DELAYED, False),
    ],
)
def test_overdue_is_derived_from_deadline_and_status(deadline, status, overdue):
    assert is_overdue(deadline=deadline, status=status, today=datetime.date(2026, 11, 24)) is overdue


class StatusApplicationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lead = builders.agency("LEAD")
        cls.support = builders.agency("SUPPORT")
        cls.directive = builders.directive("นร 40/2569", cls.lead, cls.support, deadline=datetime.date(2026, 6, 30))

    def publish(self, agency, status, **kwargs):
        page = builders.update(self.directive, agency, status=status, **kwargs)
        page.get_latest_revision().publish()
        return page

    def statuses(self):
        directive = DirectivePage.objects.get(pk=self.directive.pk)
        return directive.status, {a.agency.code: a.status for a in directive.assignments.select_related("agency")}

    def test_latest_published_update_sets_the_assignment_and_the_item_rolls_up(self):
        self.publish(self.lead, S.AT_RISK)
        self.assertEqual(self.statuses(), (S.AT_RISK, {"LEAD": S.AT_RISK, "SUPPORT": S.NOT_STARTED}))
        self.publish(self.lead, S.COMPLETED, evidence=True)
        self.publish(self.support, S.COMPLETED, evidence=True)
        self.assertEqual(self.statuses(), (S.COMPLETED, {"LEAD": S.COMPLETED, "SUPPORT": S.COMPLETED}))
        self.assertIsNotNone(DirectiveAssignment.objects.get(agency=self.lead).completed_on)

    def test_drafts_and_unpublished_updates_do_not_count(self):
        builders.update(self.directive, self.lead, status=S.DELAYED)
        self.assertEqual(self.statuses()[0], S.NOT_STARTED)
        published = self.publish(self.lead, S.DELAYED)
        self.assertEqual(self.statuses()[0], S.DELAYED)
        DirectivePage.objects.get(pk=self.directive.pk).get_children().get(pk=published.pk).specific.unpublish()
        self.assertEqual(self.statuses()[0], S.NOT_STARTED)

    def test_republishing_the_directive_keeps_derived_statuses(self):
        self.publish(self.lead, S.ON_TRACK)
        directive = DirectivePage.objects.get(pk=self.directive.pk)
        directive.title = "ข้อสั่งการ (แก้ไข)"
        stale_revision = directive.save_revision()
        DirectiveAssignment.objects.filter(page=directive).update(status=S.NOT_STARTED)
        stale_revision.publish()
        self.assertEqual(self.statuses(), (S.ON_TRACK, {"LEAD": S.ON_TRACK, "SUPPORT": S.NOT_STARTED}))

    def test_item_is_overdue_when_any_open_assignment_is_past_its_deadline(self):
        directive = DirectivePage.objects.get(pk=self.directive.pk)
        with time_machine.travel(datetime.date(2026, 6, 30)):
            self.assertFalse(directive.is_overdue)
        with time_machine.travel(datetime.date(2026, 7, 1)):
            self.assertTrue(directive.is_overdue)
            self.assertEqual(DirectiveAssignment.objects.overdue().count(), 2)
            self.publish(self.lead, S.COMPLETED, evidence=True)
            self.assertEqual(
                list(DirectiveAssignment.objects.overdue().values_list("agency__code", flat=True)), ["SUPPORT"]
            )

    def test_refresh_is_idempotent(self):
        self.publish(self.lead, S.ON_TRACK)
        self.assertEqual(item_refresh_status(item=self.directive), S.ON_TRACK)
        self.assertEqual(item_refresh_status(item=self.directive), S.ON_TRACK)
