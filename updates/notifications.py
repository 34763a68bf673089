"""Moderation e-mail: tell an update's own agency's approvers, not every agency's."""

from django.db.models import Q
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier

from agencies.models import Membership


class AgencyApprovalSubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    def get_recipient_users(self, task_state, **kwargs):
        from .models import AgencyApprovalTask

        recipients = super().get_recipient_users(task_state, **kwargs)
        if not isinstance(task_state.task.specific, AgencyApprovalTask):
            return recipients
        agency_id = task_state.workflow_state.content_object.specific.agency_id
        approvers = Q(agency_memberships__agency_id=agency_id, agency_memberships__role=Membership.Role.APPROVER)
        return recipients.filter(approvers | Q(is_superuser=True)).distinct()


submission_notifier = AgencyApprovalSubmissionNotifier()
