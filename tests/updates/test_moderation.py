"""
Two-level moderation of progress updates through the admin: agency approver, then PMO moderator;
rejection sends the update back with a comment; every transition is logged with who and when.
"""

from django.test import TestCase
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from core.choices import Status
from core.roles import Role
from directives.models import DirectivePage
from tests import builders
from updates.models import ProgressUpdatePage


def update_form(agency, **overrides):
    data = {
        "title": "",
        "slug": "",
        "agency": agency.pk,
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "status_claim": "on_track",
        "percent_complete": 25,
        "status_reason": "เริ่มดำเนินการตามแผน",
        "narrative": rich_text("<p>รายละเอียดภายใน</p>"),
        "public_summary": "เริ่มดำเนินการแล้ว",
        "evidence": inline_formset([]),
        "indicator_values": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


class TwoLevelModerationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.own = builders.agency("OWN")
        cls.other = builders.agency("OTHER")
        cls.reporter = builders.user("reporter", agency=cls.own, membership="reporter")
        cls.approver = builders.user("approver", agency=cls.own, membership="approver")
        cls.other_approver = builders.user("other_approver", agency=cls.other, membership="approver")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.directive = builders.directive("นร 20/2569", cls.own, cls.other)

    def submit_new_update(self):
        builders.staff_login(self.client, self.reporter)
        url = reverse("wagtailadmin_pages:add", args=("updates", "progressupdatepage", self.directive.pk))
        response = self.client.post(url, update_form(self.own) | {"action-submit": "submit"})
        self.assertEqual(response.status_code, 302, response.content[:2000])
        return ProgressUpdatePage.objects.get(agency=self.own)

    def act(self, user, update, action, comment=""):
        builders.staff_login(self.client, user)
        task_state = WorkflowState.objects.get(object_id=str(update.pk), status="in_progress").current_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=(update.pk, action, task_state.pk))
        return self.client.post(url, {"comment": comment})

    def current_task_name(self, update):
        return ProgressUpdatePage.objects.get(pk=update.pk).current_workflow_task.name

    def test_update_is_published_only_after_agency_and_pmo_approval(self):
        update = self.submit_new_update()
        self.assertEqual(update.title, "OWN รายงานความก้าวหน้า ณ 31 มี.ค. 2569")
        self.assertEqual(update.slug, "own-2026-03-31")
        self.assertEqual(self.current_task_name(update), "Agency approval")
        self.assertFalse(update.live)

        self.act(self.approver, update, "approve")
        self.assertEqual(self.current_task_name(update), "PMO moderation")
        self.assertFalse(ProgressUpdatePage.objects.get(pk=update.pk).live)

        self.act(self.coordinator, update, "approve")
        update = ProgressUpdatePage.objects.get(pk=update.pk)
        self.assertTrue(update.live)
        self.assertIsNone(update.current_workflow_task)

    def test_pmo_cannot_publish_an_update_the_agency_has_not_approved(self):
        update = builders.update(self.directive, self.own, status="on_track", reason="เริ่มดำเนินการตามแผน")
        builders.staff_login(self.client, self.coordinator)
        url = reverse("wagtailadmin_pages:edit", args=[update.pk])
        self.client.post(url, update_form(self.own, slug=update.slug, title=update.title) | {"action-publish": "1"})
        self.assertFalse(ProgressUpdatePage.objects.get(pk=update.pk).live)

    def test_a_draft_saved_after_publication_needs_approval_again(self):
        update = self.submit_new_update()
        self.act(self.approver, update, "approve")
        self.act(self.coordinator, update, "approve")
        builders.staff_login(self.client, self.reporter)
        url = reverse("wagtailadmin_pages:edit", args=[update.pk])
        self.client.post(url, update_form(self.own, slug=update.slug, title=update.title, percent_complete=90))
        update = ProgressUpdatePage.objects.get(pk=update.pk)
        self.assertTrue(update.has_unpublished_changes)
        self.assertFalse(update.permissions_for_user(self.coordinator).can_publish())
        builders.staff_login(self.client, self.coordinator)
        self.client.post(
            url,
            update_form(self.own, slug=update.slug, title=update.title, percent_complete=90) | {"action-publish": "1"},
        )
        self.assertEqual(ProgressUpdatePage.objects.get(pk=update.pk).percent_complete, 25)

    def test_approver_of_another_agency_cannot_approve(self):
        update = self.submit_new_update()
        self.act(self.other_approver, update, "approve")
        self.assertEqual(self.current_task_name(update), "Agency approval")

    def test_reporter_and_agency_approver_cannot_act_at_pmo_level(self):
        update = self.submit_new_update()
        self.act(self.approver, update, "approve")
        self.act(self.approver, update, "approve")
        self.act(self.reporter, update, "approve")
        self.assertEqual(self.current_task_name(update), "PMO moderation")
        self.assertFalse(ProgressUpdatePage.objects.get(pk=update.pk).live)

    def test_rejection_sends_the_update_back_with_a_comment_and_resubmission_resumes(self):
        update = self.submit_new_update()
        self.act(self.approver, update, "approve")
        self.act(self.coordinator, update, "reject", comment="โปรดแนบหลักฐานเพิ่มเติม")
        state = WorkflowState.objects.get(object_id=str(update.pk))
        self.assertEqual(state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        self.assertEqual(state.current_task_state.get_comment(), "โปรดแนบหลักฐานเพิ่มเติม")
        self.assertFalse(ProgressUpdatePage.objects.get(pk=update.pk).live)

        builders.staff_login(self.client, self.reporter)
        url = reverse("wagtailadmin_pages:edit", args=[update.pk])
        response = self.client.post(
            url,
            update_form(self.own, slug=update.slug, title=update.title, percent_complete=35)
            | {"action-submit": "submit"},
        )
        self.assertEqual(response.status_code, 302)
        # Resubmission resumes at the step that rejected it: the PMO.
        self.assertEqual(self.current_task_name(update), "PMO moderation")
        self.act(self.coordinator, update, "approve")
        update = ProgressUpdatePage.objects.get(pk=update.pk)
        self.assertTrue(update.live)
        self.assertEqual(update.percent_complete, 35)

    def test_every_transition_is_in_the_audit_log_with_who_and_when(self):
        update = self.submit_new_update()
        self.act(self.approver, update, "reject", comment="ตัวเลขไม่ตรง")
        builders.staff_login(self.client, self.reporter)
        self.client.post(
            reverse("wagtailadmin_pages:edit", args=[update.pk]),
            update_form(self.own, slug=update.slug, title=update.title) | {"action-submit": "submit"},
        )
        self.act(self.approver, update, "approve")
        self.act(self.coordinator, update, "approve")
        entries = list(
            PageLogEntry.objects.filter(page=update).order_by("timestamp", "pk").values_list("action", "user__username")
        )
        self.assertIn(("wagtail.workflow.start", "reporter"), entries)
        self.assertIn(("wagtail.workflow.reject", "approver"), entries)
        self.assertIn(("wagtail.workflow.resume", "reporter"), entries)
        self.assertIn(("wagtail.workflow.approve", "approver"), entries)
        self.assertIn(("wagtail.workflow.approve", "coordinator"), entries)
        self.assertIn(("wagtail.publish", "coordinator"), entries)
        self.assertTrue(all(entry.timestamp for entry in PageLogEntry.objects.filter(page=update)))

    def test_publication_rolls_the_status_up_to_assignment_and_directive(self):
        update = self.submit_new_update()
        self.act(self.approver, update, "approve")
        self.act(self.coordinator, update, "approve")
        directive = DirectivePage.objects.get(pk=self.directive.pk)
        statuses = {a.agency_id: a.status for a in directive.assignments.all()}
        self.assertEqual(statuses, {self.own.pk: Status.ON_TRACK, self.other.pk: Status.NOT_STARTED})
        self.assertEqual(directive.status, Status.ON_TRACK)


class ItemReviewTests(TestCase):
    """Directives and policies go through PMO review before publication; scheduling works."""

    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("OWN")
        cls.coordinator = builders.user("coordinator", role=Role.PMO_COORDINATOR)
        cls.reviewer = builders.user("reviewer", role=Role.PMO_COORDINATOR)
        cls.directive = builders.directive("นร 30/2569", cls.agency, live=False)

    def test_directive_submitted_for_review_is_published_on_approval(self):
        directive = DirectivePage.objects.get(pk=self.directive.pk)
        self.assertEqual(directive.get_workflow().name, "Directive and policy: PMO review")
        directive.get_workflow().start(directive, self.coordinator)
        self.assertFalse(DirectivePage.objects.get(pk=directive.pk).live)
        task_state = WorkflowState.objects.get(object_id=str(directive.pk)).current_task_state
        task_state.task.specific.on_action(task_state, self.reviewer, "approve")
        self.assertTrue(DirectivePage.objects.get(pk=directive.pk).live)

    def test_scheduled_publication_goes_live_when_its_time_comes(self):
        import datetime

        from django.core.management import call_command
        from django.utils import timezone

        directive = DirectivePage.objects.get(pk=self.directive.pk)
        go_live = timezone.now() + datetime.timedelta(hours=1)
        directive.go_live_at = go_live
        directive.save_revision(user=self.coordinator).publish(user=self.coordinator)
        self.assertFalse(DirectivePage.objects.get(pk=directive.pk).live)
        import time_machine

        with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
            call_command("publish_scheduled", verbosity=0)
        self.assertTrue(DirectivePage.objects.get(pk=directive.pk).live)


class ModerationEmailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.own = builders.agency("OWN")
        cls.other = builders.agency("OTHER")
        cls.reporter = builders.user("reporter", agency=cls.own, membership="reporter")
        cls.approver = builders.user("approver", agency=cls.own, membership="approver")
        cls.other_approver = builders.user("other_approver", agency=cls.other, membership="approver")
        cls.directive = builders.directive("นร 21/2569", cls.own, cls.other)

    def test_submission_is_announced_to_the_updates_own_agency_approvers_only(self):
        from django.core import mail

        update = builders.update(self.directive, self.own, owner=self.reporter)
        mail.outbox.clear()
        # Notifications are sent once the submission is committed (notifications.services).
        with self.captureOnCommitCallbacks(execute=True):
            update.get_workflow().start(update, self.reporter)
        recipients = {address for message in mail.outbox for address in message.to}
        self.assertIn(self.approver.email, recipients)
        self.assertNotIn(self.other_approver.email, recipients)


class TranslationStatusTests(TestCase):
    def test_publishing_a_translation_keeps_the_statuses_derived_from_thai_updates(self):
        from wagtail.models import Locale

        own = builders.agency("OWN")
        directive = builders.directive("นร 22/2569", own)
        builders.update(directive, own, status="at_risk").get_latest_revision().publish()
        english = directive.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
        english.save_revision().publish()
        for page in DirectivePage.objects.filter(translation_key=directive.translation_key):
            self.assertEqual(page.status, Status.AT_RISK)
            self.assertEqual([a.status for a in page.assignments.all()], [Status.AT_RISK])
