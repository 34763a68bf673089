"""
Reminders before deadlines and escalation after them, for ``manage.py send_reminders``.

Each reminder is an event whose key names the assignment, its deadline and the step (the 3-day
reminder, the second overdue notice to the PMO…): cron may run the command any number of times a day
and each step is sent once; a deadline moved gets reminders of its own.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from agencies.models import Membership
from core.models import tracked_item_models
from core.roles import Role

from .kinds import EventKind
from .services import Audience, agency_names, deliveries_dispatch, deliveries_resume, event_record, titles


@dataclass
class ReminderRun:
    """What one run of ``send_reminders`` recorded."""

    deadlines: int = 0
    overdue_approver: int = 0
    overdue_pmo: int = 0
    resumed: int = 0
    event_ids: list[int] = field(default_factory=list)

    @property
    def events(self) -> int:
        return self.deadlines + self.overdue_approver + self.overdue_pmo


def _assignment_models():
    """The assignments of every kind of tracked item: directives, policies, complaints, foreign affairs."""
    return [model._meta.get_field("assignments").related_model for model in tracked_item_models()]


def _reminder_step(days_left: int) -> int | None:
    """The reminder due with ``days_left`` to go: the nearest configured one not yet past."""
    steps = sorted(d for d in settings.NOTIFY_DEADLINE_DAYS if d >= days_left)
    return steps[0] if steps else None


def _escalation_round(days_over: int, start: int) -> int | None:
    """Which notice of an escalation level is due ``days_over`` days past the deadline, if any yet."""
    if days_over < start:
        return None
    return (days_over - start) // settings.NOTIFY_OVERDUE_REPEAT_DAYS


def reminders_send(*, today: date, progress=None) -> ReminderRun:
    """
    Record the deadline reminders and overdue escalations due ``today`` and queue their messages:
    the assigned agency before the deadline; its approvers from the day after it, then the PMO
    coordinators too from ``NOTIFY_OVERDUE_PMO_AFTER_DAYS``, again every ``NOTIFY_OVERDUE_REPEAT_DAYS``.
    """
    run = ReminderRun(resumed=deliveries_resume())
    audience = Audience()
    approvers: dict[int, list] = {}
    pmo = list(get_user_model().objects.filter(groups__name=Role.PMO_COORDINATOR, is_active=True).distinct())
    horizon = max(settings.NOTIFY_DEADLINE_DAYS, default=0)
    default_locale = Locale.get_default()

    def approvers_of(agency_id):
        if agency_id not in approvers:
            approvers[agency_id] = [
                m.user
                for m in Membership.objects.filter(agency_id=agency_id, role=Membership.Role.APPROVER).select_related(
                    "user"
                )
            ]
        return approvers[agency_id]

    page_titles = {}

    def record(kind, key, assignment, recipients, counter, **context):
        page = assignment.page
        if page.pk not in page_titles:
            page_titles[page.pk] = titles(page)
        event = event_record(
            kind=kind,
            key=key,
            target=page,
            recipients=recipients,
            page=page,
            context={
                "title": page_titles[page.pk],
                "agency": agency_names(assignment.agency),
                "deadline": assignment.deadline.isoformat(),
                **context,
            },
            audience=audience,
            dispatch=False,
        )
        if event is not None:
            setattr(run, counter, getattr(run, counter) + 1)
            run.event_ids.append(event.pk)
            if progress is not None:
                progress()

    for model in _assignment_models():
        assignments = (
            model.objects.open()
            .filter(page__live=True, page__locale=default_locale, deadline__isnull=False)
            .filter(deadline__lte=date.fromordinal(today.toordinal() + horizon))
            .select_related("page", "agency")
            .order_by("pk")
        )
        label = model._meta.label_lower
        for assignment in assignments.iterator(chunk_size=500):
            days_left = (assignment.deadline - today).days
            stem = f"{label}:{assignment.page_id}:{assignment.agency_id}:{assignment.deadline.isoformat()}"
            if days_left > 0:
                step = _reminder_step(days_left)
                if step is not None:
                    record(
                        EventKind.DEADLINE,
                        f"deadline:{stem}:{step}",
                        assignment,
                        [assignment.agency],
                        "deadlines",
                        days=days_left,
                    )
                continue
            days_over = -days_left
            level = _escalation_round(days_over, 1)
            if level is not None:
                record(
                    EventKind.OVERDUE,
                    f"overdue:approver:{stem}:{level}",
                    assignment,
                    approvers_of(assignment.agency_id),
                    "overdue_approver",
                    days=days_over,
                )
            level = _escalation_round(days_over, settings.NOTIFY_OVERDUE_PMO_AFTER_DAYS)
            if level is not None:
                record(
                    EventKind.OVERDUE,
                    f"overdue:pmo:{stem}:{level}",
                    assignment,
                    pmo,
                    "overdue_pmo",
                    days=days_over,
                )
    for start in range(0, len(run.event_ids), 500):
        deliveries_dispatch(event_ids=run.event_ids[start : start + 500])
    return run
