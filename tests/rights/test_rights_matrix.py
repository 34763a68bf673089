"""
The rights matrix: every role against create/edit/read/publish on directives, policies and progress
updates, for its own agency's items, another agency's and unassigned ones.
"""

import datetime

from django.test import TestCase
from django.urls import reverse
from wagtail.models import Locale, Page

from core.choices import Visibility
from core.rights import can_read
from core.roles import Role
from core.selectors import pages_readable_by
from policies.models import PolicyAssignment, PolicyPage
from tests import builders
from updates.models import ProgressUpdatePage

YES, NO = True, False


class RightsMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.own = builders.agency("OWN")
        cls.other = builders.agency("OTHER")
        cls.outsider = builders.agency("OUT")
        cls.users = {
            "admin": builders.user("pmo_admin", role=Role.PMO_ADMIN),
            "coordinator": builders.user("coordinator", role=Role.PMO_COORDINATOR),
            "reporter": builders.user("reporter", agency=cls.own, membership="reporter"),
            "approver": builders.user("approver", agency=cls.own, membership="approver"),
            "outsider": builders.user("outsider", agency=cls.outsider, membership="reporter"),
            "executive": builders.user("executive", role=Role.EXECUTIVE),
            "translator": builders.user("translator", role=Role.TRANSLATOR),
        }
        # Shared: assigned to own and other agency. Other-only: internal, assigned to the other agency.
        cls.shared = builders.directive("นร 01/2569", cls.own, cls.other, visibility=Visibility.INTERNAL)
        cls.public = builders.directive("นร 02/2569", cls.other)
        cls.other_only = builders.directive("นร 03/2569", cls.other, visibility=Visibility.INTERNAL)
        cls.policy = PolicyPage(title="นโยบายเศรษฐกิจ", slug="economy", visibility=Visibility.INTERNAL)
        cls.policy.assignments.add(PolicyAssignment(agency=cls.own, deadline=datetime.date(2027, 9, 30)))
        builders.policy_index().add_child(instance=cls.policy)
        cls.policy.save_revision().publish()

        reporter = cls.users["reporter"]
        cls.own_update = builders.update(cls.shared, cls.own, owner=reporter)
        cls.other_submitted = builders.update(cls.shared, cls.other)
        cls.other_submitted.get_workflow().start(cls.other_submitted, cls.users["coordinator"])
        cls.other_draft = builders.update(cls.shared, cls.other)
        cls.other_only_update = builders.update(cls.other_only, cls.other)
        cls.other_only_update.get_workflow().start(cls.other_only_update, cls.users["coordinator"])

    def fresh(self, page):
        return Page.objects.get(pk=page.pk).specific

    def permissions(self, who, page):
        user = type(self.users[who]).objects.get(pk=self.users[who].pk)
        return self.fresh(page).permissions_for_user(user), user

    def check_matrix(self, action, page, expected):
        for who, allowed in expected.items():
            with self.subTest(who=who, action=action, page=str(page)):
                tester, user = self.permissions(who, page)
                if action == "read":
                    result = can_read(user, self.fresh(page))
                else:
                    result = getattr(tester, action)()
                self.assertIs(result, allowed)

    # Directives and policies -------------------------------------------------------------

    def test_only_pmo_staff_create_directives_and_policies(self):
        expected = dict(admin=YES, coordinator=YES, reporter=NO, approver=NO, outsider=NO, executive=NO, translator=NO)
        self.check_matrix("can_add_subpage", builders.directive_index(), expected)
        self.check_matrix("can_add_subpage", builders.policy_index(), expected)

    def test_only_pmo_staff_edit_and_publish_directives_and_policies(self):
        expected = dict(admin=YES, coordinator=YES, reporter=NO, approver=NO, outsider=NO, executive=NO, translator=NO)
        for item in (self.public, self.policy):
            self.check_matrix("can_edit", item, expected)
            self.check_matrix("can_publish", item, expected)
            self.check_matrix("can_unpublish", item, expected)
            self.check_matrix("can_delete", item, expected)

    def test_only_administrators_delete_an_item_with_its_updates(self):
        self.check_matrix(
            "can_delete",
            self.shared,
            dict(admin=YES, coordinator=NO, reporter=NO, approver=NO, outsider=NO, executive=NO, translator=NO),
        )

    def test_internal_items_are_read_by_their_agencies_executives_and_pmo_only(self):
        self.check_matrix(
            "read",
            self.shared,
            dict(admin=YES, coordinator=YES, reporter=YES, approver=YES, outsider=NO, executive=YES, translator=NO),
        )
        self.check_matrix(
            "read",
            self.other_only,
            dict(admin=YES, coordinator=YES, reporter=NO, approver=NO, outsider=NO, executive=YES, translator=NO),
        )
        self.check_matrix(
            "read",
            self.policy,
            dict(admin=YES, coordinator=YES, reporter=YES, approver=YES, outsider=NO, executive=YES, translator=NO),
        )

    def test_public_published_items_are_read_by_everyone(self):
        expected = {who: YES for who in self.users}
        self.check_matrix("read", self.public, expected)

    # Progress updates ----------------------------------------------------------------------

    def test_updates_are_created_only_under_items_assigned_to_the_users_agency(self):
        self.check_matrix(
            "can_add_subpage",
            self.shared,
            dict(admin=YES, coordinator=YES, reporter=YES, approver=YES, outsider=NO, executive=NO, translator=NO),
        )
        self.check_matrix(
            "can_add_subpage",
            self.other_only,
            dict(admin=YES, coordinator=YES, reporter=NO, approver=NO, outsider=NO, executive=NO, translator=NO),
        )
        self.check_matrix(
            "can_add_subpage",
            self.policy,
            dict(admin=YES, coordinator=YES, reporter=YES, approver=YES, outsider=NO, executive=NO, translator=NO),
        )

    def test_only_the_own_agency_and_pmo_edit_an_update(self):
        self.check_matrix(
            "can_edit",
            self.own_update,
            dict(admin=YES, coordinator=YES, reporter=YES, approver=YES, outsider=NO, executive=NO, translator=NO),
        )
        self.check_matrix(
            "can_edit",
            self.other_draft,
            dict(admin=YES, coordinator=YES, reporter=NO, approver=NO, outsider=NO, executive=NO, translator=NO),
        )

    def test_nobody_publishes_an_update_its_agency_has_not_approved(self):
        nobody = {who: NO for who in self.users}
        self.check_matrix("can_publish", self.own_update, nobody)
        self.check_matrix("can_publish", self.other_submitted, nobody)
        self.check_matrix("can_publish_subpage", self.shared, nobody)

    def test_only_pmo_staff_publish_an_update_its_agency_approved(self):
        update = builders.update(self.shared, self.own, owner=self.users["reporter"])
        update.get_workflow().start(update, self.users["reporter"])
        update.current_workflow_state.current_task_state.specific.approve(user=self.users["approver"])
        self.check_matrix(
            "can_publish",
            update,
            dict(admin=YES, coordinator=YES, reporter=NO, approver=NO, outsider=NO, executive=NO, translator=NO),
        )

    def test_agency_staff_delete_only_their_own_unpublished_updates(self):
        self.check_matrix(
            "can_delete",
            self.own_update,
            dict(admin=YES, coordinator=YES, reporter=YES, approver=YES, outsider=NO, executive=NO, translator=NO),
        )
        self.check_matrix(
            "can_delete",
            self.other_draft,
            dict(admin=YES, coordinator=YES, reporter=NO, approver=NO, outsider=NO, executive=NO, translator=NO),
        )

    def test_submitted_updates_are_shared_with_every_agency_on_the_item(self):
        self.check_matrix(
            "read",
            self.other_submitted,
            dict(admin=YES, coordinator=YES, reporter=YES, approver=YES, outsider=NO, executive=YES, translator=NO),
        )

    def test_another_agencys_draft_is_not_shared(self):
        self.check_matrix(
            "read",
            self.other_draft,
            dict(admin=YES, coordinator=YES, reporter=NO, approver=NO, outsider=NO, executive=YES, translator=NO),
        )

    def test_updates_on_items_not_assigned_to_the_agency_stay_hidden(self):
        self.check_matrix(
            "read",
            self.other_only_update,
            dict(admin=YES, coordinator=YES, reporter=NO, approver=NO, outsider=NO, executive=YES, translator=NO),
        )

    def test_listings_apply_the_same_read_rule_as_single_pages(self):
        pages = [
            self.shared,
            self.public,
            self.other_only,
            self.policy,
            self.own_update,
            self.other_submitted,
            self.other_draft,
            self.other_only_update,
        ]
        for who, user in self.users.items():
            with self.subTest(who=who):
                user = type(user).objects.get(pk=user.pk)
                listed = set(
                    pages_readable_by(user, Page.objects.filter(pk__in=[p.pk for p in pages])).values_list(
                        "pk", flat=True
                    )
                )
                expected = {p.pk for p in pages if can_read(user, self.fresh(p))}
                self.assertEqual(listed, expected)

    # Translators ----------------------------------------------------------------------------

    def test_translators_edit_translations_but_not_thai_originals(self):
        english = self.public.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
        tester, _ = self.permissions("translator", english)
        self.assertTrue(tester.can_edit())
        self.assertFalse(tester.can_publish())
        tester, _ = self.permissions("translator", self.public)
        self.assertFalse(tester.can_edit())
        self.assertTrue(can_read(self.users["translator"], english))


class AdminViewRightsTests(TestCase):
    """The same rules, seen through the Wagtail admin's own views."""

    @classmethod
    def setUpTestData(cls):
        cls.own = builders.agency("OWN")
        cls.other = builders.agency("OTHER")
        cls.reporter = builders.user("reporter", agency=cls.own, membership="reporter")
        cls.executive = builders.user("executive", role=Role.EXECUTIVE)
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.shared = builders.directive("นร 10/2569", cls.own, cls.other, visibility=Visibility.INTERNAL)
        cls.other_only = builders.directive("นร 11/2569", cls.other, visibility=Visibility.INTERNAL)
        cls.own_update = builders.update(cls.shared, cls.own, owner=cls.reporter)
        cls.other_update = builders.update(cls.shared, cls.other)

    def assertDenied(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response.url, reverse("wagtailadmin_home"))

    def add_update_url(self, item):
        return reverse("wagtailadmin_pages:add", args=("updates", "progressupdatepage", item.pk))

    def test_reporter_opens_the_editor_for_own_agencys_update_only(self):
        builders.staff_login(self.client, self.reporter)
        self.assertEqual(
            self.client.get(reverse("wagtailadmin_pages:edit", args=[self.own_update.pk])).status_code, 200
        )
        self.assertDenied(self.client.get(reverse("wagtailadmin_pages:edit", args=[self.other_update.pk])))
        self.assertDenied(self.client.get(reverse("wagtailadmin_pages:edit", args=[self.shared.pk])))

    def test_reporter_adds_updates_only_under_assigned_items(self):
        builders.staff_login(self.client, self.reporter)
        self.assertEqual(self.client.get(self.add_update_url(self.shared)).status_code, 200)
        self.assertDenied(self.client.get(self.add_update_url(self.other_only)))

    def test_reporter_cannot_create_a_directive(self):
        builders.staff_login(self.client, self.reporter)
        url = reverse("wagtailadmin_pages:add", args=("directives", "directivepage", builders.directive_index().pk))
        self.assertDenied(self.client.get(url))

    def test_explorer_lists_only_what_the_reporter_may_read(self):
        builders.staff_login(self.client, self.reporter)
        response = self.client.get(reverse("wagtailadmin_explore", args=[builders.directive_index().pk]))
        self.assertContains(response, self.shared.title)
        self.assertNotContains(response, self.other_only.title)

    def test_read_view_shows_internal_narrative_to_permitted_users_only(self):
        url = reverse("pm1_page_read", args=[self.own_update.pk])
        builders.staff_login(self.client, self.executive)
        self.assertContains(self.client.get(url), "รายละเอียดภายใน")
        builders.staff_login(self.client, self.reporter)
        self.assertContains(self.client.get(url), "รายละเอียดภายใน")
        self.assertDenied(self.client.get(reverse("pm1_page_read", args=[self.other_only.pk])))

    def test_executive_reads_everything_and_edits_nothing(self):
        builders.staff_login(self.client, self.executive)
        self.assertEqual(self.client.get(reverse("pm1_page_read", args=[self.other_only.pk])).status_code, 200)
        self.assertDenied(self.client.get(reverse("wagtailadmin_pages:edit", args=[self.other_only.pk])))
        self.assertDenied(self.client.get(reverse("wagtailadmin_pages:edit", args=[self.own_update.pk])))

    def test_tracked_items_list_shows_each_user_what_they_may_read(self):
        url = reverse("pm1_items")
        builders.staff_login(self.client, self.executive)
        response = self.client.get(url)
        self.assertContains(response, reverse("pm1_page_read", args=[self.other_only.pk]))
        self.assertContains(response, reverse("pm1_page_read", args=[self.shared.pk]))
        builders.staff_login(self.client, self.reporter)
        response = self.client.get(url)
        self.assertContains(response, reverse("pm1_page_read", args=[self.shared.pk]))
        self.assertNotContains(response, reverse("pm1_page_read", args=[self.other_only.pk]))

    def test_tracked_items_list_filters_by_overdue_and_rejects_bad_input(self):
        builders.staff_login(self.client, self.executive)
        import time_machine

        response = self.client.get(reverse("pm1_items"), {"status": "nonsense", "track": "x" * 5000})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "nonsense")
        # Last: the session's idle expiry moves with the travelled clock.
        with time_machine.travel("2026-07-01"):
            response = self.client.get(reverse("pm1_items"), {"overdue": "1"})
        self.assertContains(response, reverse("pm1_page_read", args=[self.shared.pk]))

    def test_reporter_publish_request_does_not_publish(self):
        builders.staff_login(self.client, self.reporter)
        url = reverse("wagtailadmin_pages:edit", args=[self.own_update.pk])
        self.client.get(url)
        response = self.client.post(url, self.own_update_form_data() | {"action-publish": "publish"})
        self.assertIn(response.status_code, (200, 302, 403))
        self.assertFalse(ProgressUpdatePage.objects.get(pk=self.own_update.pk).live)

    def own_update_form_data(self):
        from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

        return nested_form_data(
            {
                "title": "รายงาน OWN",
                "slug": self.own_update.slug,
                "agency": self.own.pk,
                "period_start": "2026-01-01",
                "period_end": "2026-03-31",
                "status_claim": "on_track",
                "percent_complete": 40,
                "status_reason": "เริ่มดำเนินการ",
                "narrative": rich_text("<p>รายละเอียดภายใน</p>"),
                "public_summary": "สรุป",
                "evidence": inline_formset([]),
                "indicator_values": inline_formset([]),
            }
        )


class AdminSearchRightsTests(TestCase):
    """The admin's page search and admin API list only what the user may read."""

    @classmethod
    def setUpTestData(cls):
        cls.own = builders.agency("OWN")
        cls.other = builders.agency("OTHER")
        cls.reporter = builders.user("reporter", agency=cls.own, membership="reporter")
        cls.mine = builders.directive("นร 60/2569", cls.own, visibility=Visibility.INTERNAL)
        cls.secret = builders.directive("นร 61/2569", cls.other, visibility=Visibility.INTERNAL)

    def test_admin_page_search_hides_other_agencies_internal_items(self):
        builders.staff_login(self.client, self.reporter)
        response = self.client.get(reverse("wagtailadmin_pages:search"), {"q": "ข้อสั่งการ"})
        self.assertContains(response, "นร 60/2569")
        self.assertNotContains(response, "นร 61/2569")

    def test_admin_api_hides_other_agencies_internal_items(self):
        builders.staff_login(self.client, self.reporter)
        response = self.client.get(
            "/admin/api/main/pages/", {"child_of": builders.directive_index().pk, "for_explorer": 1}
        )
        titles = [item["title"] for item in response.json()["items"]]
        self.assertIn(self.mine.title, titles)
        self.assertNotIn(self.secret.title, titles)


class UpdateFormAgencyChoiceTests(TestCase):
    def test_reporter_is_offered_only_their_own_agency_on_a_shared_item(self):
        own, other = builders.agency("OWN"), builders.agency("OTHER")
        reporter = builders.user("reporter", agency=own, membership="reporter")
        coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        outsider = builders.agency("OUT")
        directive = builders.directive("นร 90/2569", own, other)
        url = reverse("wagtailadmin_pages:add", args=("updates", "progressupdatepage", directive.pk))

        builders.staff_login(self.client, reporter)
        field = self.client.get(url).context["form"].fields["agency"]
        self.assertEqual(list(field.queryset), [own])
        self.assertEqual(field.initial, own.pk)

        builders.staff_login(self.client, coordinator)
        choices = set(self.client.get(url).context["form"].fields["agency"].queryset)
        self.assertEqual(choices, {own, other})
        self.assertNotIn(outsider, choices)
