"""
Archival directives in the admin: a new directive still needs its date and an agency, an archival
one saved without them can stay so until an editor completes it (which removes its gaps), a date
known to the month is kept as the month, and staff find the gaps with the item list's filter.
"""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from core.choices import Gap
from core.roles import Role
from directives.models import DirectivePage
from tests import builders


def directive_form(reference, assignments, *, issued_on="2026-03-01", date_precision="day", source_url="", initial=0):
    return nested_form_data(
        {
            "title": "เร่งรัดการแก้ไขปัญหาภัยแล้ง",
            "slug": "drought",
            "reference": reference,
            "issued_on": issued_on,
            "date_precision": date_precision,
            "source_url": source_url,
            "occasion": "",
            "track": "policy",
            "priority": "normal",
            "visibility": "public",
            "body": rich_text("<p>ให้กระทรวงเกษตรและสหกรณ์เร่งรัดการแก้ไขปัญหาภัยแล้ง</p>"),
            "assignments": inline_formset(assignments, initial=initial),
            "related_policies": [],
        }
    )


class ArchivalAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("กษ.")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.archival = builders.directive("ARC-0123456789", issued_on=None)
        cls.complete = builders.directive("นร 1/2565", cls.agency, issued_on=datetime.date(2022, 3, 15))

    def setUp(self):
        builders.staff_login(self.client, self.coordinator)

    def add(self, data):
        url = reverse("wagtailadmin_pages:add", args=("directives", "directivepage", builders.directive_index().pk))
        return self.client.post(url, data)

    def edit(self, page, data):
        return self.client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)

    def lead(self, deadline=""):
        return [{"agency": self.agency.pk, "role": "lead", "deadline": deadline}]

    def kept(self):
        """The complete directive's own assignment, as its edit form sends it back."""
        assignment = self.complete.assignments.get()
        return [{"id": assignment.pk, "agency": self.agency.pk, "role": "lead", "deadline": "2026-06-30"}]

    def test_a_new_directive_still_needs_its_issue_date(self):
        before = Page.objects.count()
        response = self.add(directive_form("นร 2/2565", self.lead(), issued_on=""))
        self.assertEqual(response.status_code, 200)
        self.assertIn("issued_on", response.context["form"].errors)
        self.assertEqual(Page.objects.count(), before)

    def test_a_new_directive_still_needs_an_agency(self):
        before = Page.objects.count()
        response = self.add(directive_form("นร 2/2565", []))
        self.assertEqual(response.status_code, 200)
        with translation.override("th"):
            self.assertIn(gettext("Assign at least one agency."), response.context["form"].non_field_errors())
        self.assertEqual(Page.objects.count(), before)

    def test_an_archival_directive_is_saved_without_the_date_and_agency_it_never_had(self):
        response = self.edit(self.archival, directive_form("ARC-0123456789", [], issued_on=""))
        self.assertEqual(response.status_code, 302)
        draft = DirectivePage.objects.get(pk=self.archival.pk).get_latest_revision_as_object()
        self.assertEqual(draft.gaps, (Gap.DATE, Gap.AGENCIES, Gap.REFERENCE))

    def test_completing_an_archival_directive_removes_its_gaps(self):
        data = directive_form("ARC-0123456789", self.lead("2022-06-30"), issued_on="15/03/2565")
        self.assertEqual(self.edit(self.archival, data).status_code, 302)
        draft = DirectivePage.objects.get(pk=self.archival.pk).get_latest_revision_as_object()
        self.assertEqual(draft.issued_on, datetime.date(2022, 3, 15))
        self.assertEqual(draft.gaps, (Gap.REFERENCE,))

    def test_a_completed_directive_cannot_lose_its_date_again(self):
        response = self.edit(self.complete, directive_form("นร 1/2565", self.kept(), issued_on="", initial=1))
        self.assertEqual(response.status_code, 200)
        self.assertIn("issued_on", response.context["form"].errors)

    def test_a_date_known_to_the_month_is_kept_as_the_month(self):
        data = directive_form("นร 1/2565", self.kept(), issued_on="2022-03-15", date_precision="month", initial=1)
        self.assertEqual(self.edit(self.complete, data).status_code, 302)
        draft = DirectivePage.objects.get(pk=self.complete.pk).get_latest_revision_as_object()
        self.assertEqual((draft.issued_on, draft.date_precision), (datetime.date(2022, 3, 1), "month"))
        self.assertEqual(draft.gaps, (Gap.DATE_PRECISION,))

    def test_a_source_that_is_not_a_web_link_is_refused(self):
        data = directive_form("นร 1/2565", self.kept(), source_url="javascript:alert(1)", initial=1)
        response = self.edit(self.complete, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("source_url", response.context["form"].errors)

    def test_staff_filter_the_tracked_items_by_gap(self):
        month = builders.directive("นร 3/2565", self.agency, issued_on=datetime.date(2022, 3, 1))
        DirectivePage.objects.filter(pk=month.pk).update(date_precision="month")
        listing = reverse("pm1_items")

        def found(gap):
            response = self.client.get(listing, {"gap": gap})
            self.assertEqual(response.status_code, 200)
            return {item.pk for item in response.context["items"]}

        self.assertEqual(found("date"), {self.archival.pk})
        self.assertEqual(found("agencies"), {self.archival.pk})
        self.assertEqual(found("date_precision"), {month.pk})
        self.assertEqual(found("ref"), {self.archival.pk})
        self.assertEqual(found(""), {self.archival.pk, self.complete.pk, month.pk})
        page = self.client.get(listing, {"gap": "date"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertIn("Date not recorded", page)
