"""
Events from moderation and publication: assignments made, progress updates submitted, sent back,
approved and published.

For progress updates these receivers replace Wagtail's moderation e-mails: they take Wagtail's own
dispatch uids and are connected first (``notifications`` precedes ``wagtail.admin`` in
``INSTALLED_APPS``), so Django keeps them and skips Wagtail's, which would e-mail every agency's
approvers. Every other page still gets Wagtail's e-mails, handed on unchanged. The citizens who
follow an item hear of its publication from their own app's receiver (``citizens.signals``).
"""

from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from wagtail.admin import signal_handlers as wagtail_mail
from wagtail.models import Locale, TaskState, WorkflowState
from wagtail.signals import (
    page_published,
    task_approved,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from agencies.models import Membership
from core.models import TrackedItemPage
from updates.models import AgencyApprovalTask, ProgressUpdatePage

from .kinds import EventKind
from .services import agency_names, event_record, titles

_muted = False


@contextmanager
def muted():
    """
    Record no events and send no moderation e-mail meanwhile: the demo loader replays hundreds of
    publications and moderations.
    """
    global _muted
    previous, _muted = _muted, True
    try:
        yield
    finally:
        _muted = previous


def is_muted() -> bool:
    """Whether events are muted now (``muted``): the receivers of other apps respect it too."""
    return _muted


def _update_of(workflow_state):
    page = workflow_state.content_object
    page = getattr(page, "specific", page)
    return page if isinstance(page, ProgressUpdatePage) else None


def _update_context(update) -> dict:
    return {"title": {update.locale.language_code: update.title}, "agency": agency_names(update.agency)}


def _agency_members(agency_id, *, role=None):
    memberships = Membership.objects.filter(agency_id=agency_id)
    if role is not None:
        memberships = memberships.filter(role=role)
    return list(get_user_model().objects.filter(pk__in=memberships.values("user_id"), is_active=True))


def on_task_submitted(sender, instance: TaskState, user=None, **kwargs):
    """An update reaches a moderation step: tell who acts on it (its own agency's approvers first)."""
    if _muted:
        return None
    update = _update_of(instance.workflow_state)
    if update is None:
        return wagtail_mail.task_submission_email_notifier(sender=sender, instance=instance, user=user, **kwargs)
    task = instance.task.specific
    reviewers = get_user_model().objects.filter(groups__in=task.groups.all(), is_active=True)
    if isinstance(task, AgencyApprovalTask):
        own_approvers = Q(agency_memberships__agency_id=update.agency_id, agency_memberships__role="approver")
        reviewers = reviewers.filter(own_approvers | Q(is_superuser=True))
    if user is not None:
        reviewers = reviewers.exclude(pk=user.pk)
    event_record(
        kind=EventKind.UPDATE_SUBMITTED,
        key=f"update_submitted:{instance.pk}",
        target=update,
        recipients=list(reviewers.distinct()),
        context=_update_context(update),
    )
    return None


def on_task_approved(sender, instance: TaskState, user=None, **kwargs):
    """The agency's approver approved an update: its reporters learn that it went on to the PMO."""
    update = _update_of(instance.workflow_state)
    if _muted or update is None or not isinstance(instance.task.specific, AgencyApprovalTask):
        return
    recipients = _agency_members(update.agency_id, role=Membership.Role.REPORTER)
    if instance.workflow_state.requested_by is not None:
        recipients.append(instance.workflow_state.requested_by)
    event_record(
        kind=EventKind.UPDATE_APPROVED,
        key=f"update_approved:{instance.pk}",
        target=update,
        recipients=[r for r in recipients if user is None or r.pk != user.pk],
        context=_update_context(update),
    )


def on_workflow_submitted(sender, instance: WorkflowState, **kwargs):
    # For updates the first step's submission says it all (on_task_submitted).
    if not _muted and _update_of(instance) is None:
        return wagtail_mail.workflow_submission_email_notifier(sender=sender, instance=instance, **kwargs)
    return None


def on_workflow_approved(sender, instance: WorkflowState, **kwargs):
    # For updates the last approval publishes: on_page_published tells the agency.
    if not _muted and _update_of(instance) is None:
        return wagtail_mail.workflow_approval_email_notifier(sender=sender, instance=instance, **kwargs)
    return None


def on_workflow_rejected(sender, instance: WorkflowState, user=None, **kwargs):
    """An update is sent back: its agency learns why, to amend and resubmit it."""
    if _muted:
        return None
    update = _update_of(instance)
    if update is None:
        return wagtail_mail.workflow_rejection_email_notifier(sender=sender, instance=instance, user=user, **kwargs)
    rejection = instance.task_states.filter(status=TaskState.STATUS_REJECTED).order_by("-finished_at", "-pk").first()
    recipients = [update.agency]
    if instance.requested_by is not None:
        recipients.append(instance.requested_by)
    event_record(
        kind=EventKind.UPDATE_SENT_BACK,
        key=f"update_sent_back:{rejection.pk if rejection else instance.pk}",
        target=update,
        recipients=recipients,
        context={**_update_context(update), "comment": (rejection.comment if rejection else "") or "—"},
    )
    return None


def on_page_published(sender, instance, revision=None, **kwargs):
    """A published update is announced to its agency; a published item to each agency newly assigned to it."""
    if _muted or instance.locale_id != Locale.get_default().pk:
        return
    revision_id = revision.pk if revision else instance.live_revision_id
    if isinstance(instance, ProgressUpdatePage):
        event_record(
            kind=EventKind.UPDATE_PUBLISHED,
            key=f"update_published:{revision_id}",
            target=instance,
            recipients=[instance.agency],
            context=_update_context(instance),
        )
    elif isinstance(instance, TrackedItemPage):
        today = timezone.localdate()
        label = instance._meta.label_lower
        for assignment in instance.assignments.select_related("agency"):
            # Imported history (closed, or past its deadline) is not news to anyone.
            if assignment.status in ("completed", "not_pursued") or (
                assignment.deadline is not None and assignment.deadline < today
            ):
                continue
            event_record(
                kind=EventKind.ASSIGNED,
                key=f"assigned:{label}:{instance.pk}:{assignment.agency_id}",
                target=instance,
                recipients=[assignment.agency],
                context={
                    "title": titles(instance),
                    "agency": agency_names(assignment.agency),
                    "deadline": assignment.deadline.isoformat() if assignment.deadline else "",
                },
            )


def connect():
    """Connect the receivers, under Wagtail's dispatch uids where they replace Wagtail's e-mails."""
    task_submitted.connect(
        on_task_submitted, sender=TaskState, dispatch_uid="group_approval_task_submitted_email_notification"
    )
    workflow_submitted.connect(
        on_workflow_submitted, sender=WorkflowState, dispatch_uid="workflow_state_submitted_email_notification"
    )
    workflow_rejected.connect(
        on_workflow_rejected, sender=WorkflowState, dispatch_uid="workflow_state_rejected_email_notification"
    )
    workflow_approved.connect(
        on_workflow_approved, sender=WorkflowState, dispatch_uid="workflow_state_approved_email_notification"
    )
    task_approved.connect(on_task_approved, sender=TaskState, dispatch_uid="pm1_update_approved_notification")
    page_published.connect(on_page_published, dispatch_uid="pm1_published_notification")
