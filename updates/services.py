"""
Writes and checks for progress updates, shared by the admin form, the API and the importers so that
an update behaves the same whichever way it arrives.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.models import Locale

from core.choices import Status
from core.richtext import richtext_from_text
from core.status import REASON_NEEDED, status_rollup
from core.thai import local_date
from security.documents import evidence_check

from .evidence import MAX_FILES, evidence_documents
from .models import IndicatorValue, ProgressUpdatePage, UpdateEvidence, UpdateSubmission

#: Sent by ``item_refresh_status``, inside its transaction, with ``items``: the item pages (each
#: translation) whose status or assignments' statuses it changed without a revision (``search`` keeps
#: them in its documents).
statuses_refreshed = Signal()


def update_check(
    *,
    item,
    agency,
    period_start: date | None,
    period_end: date | None,
    status_claim: str | None,
    status_reason: str,
    evidence_count: int,
    indicator_ids: list[int] = (),
    exclude_update=None,
    previous_status: str | None = None,
) -> None:
    """
    Raise a ``ValidationError`` (field -> message) if an update with these values may not be saved
    under ``item``: the agency must be assigned, the period must be in order, a change of status needs
    a reason, and "completed" needs evidence.

    A change of status is a change from the agency's current status (its latest published update,
    ``exclude_update`` left out), or from ``previous_status`` where the caller knows better: an import
    of history gives the status of the agency's update before this one. Each error carries a code
    (``not_assigned``, ``period_order``, ``reason_needed``, ``evidence_needed``, ``foreign_indicator``)
    and its message's parameters, so that a caller can tell the rules apart and keep a message to
    translate when it is shown (the importers).
    """
    errors = {}
    assignment = None
    if agency is not None:
        assignment = next((a for a in item.assignments.all() if a.agency_id == agency.pk), None)
        if assignment is None:
            errors["agency"] = ValidationError(
                _("%(agency)s is not assigned to this item."), code="not_assigned", params={"agency": agency}
            )
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = ValidationError(
            _("The reporting period cannot end before it starts."), code="period_order"
        )
    if status_claim and assignment is not None:
        # The assignment holds the status of the agency's latest published update (item_refresh_status).
        if previous_status is not None:
            current = previous_status
        elif exclude_update is not None:
            current = update_current_status(item=item, agency=agency, exclude_update=exclude_update)
        else:
            current = assignment.status
        if status_claim != current and not (status_reason or "").strip():
            errors["status_reason"] = ValidationError(
                REASON_NEEDED,
                code="reason_needed",
                params={"old": Status(current).label, "new": Status(status_claim).label},
            )
    if status_claim == Status.COMPLETED and evidence_count < 1:
        errors["status_claim"] = ValidationError(
            _("A “completed” status needs at least one evidence document or image."), code="evidence_needed"
        )
    if indicator_ids:
        own = set(item.indicators.values_list("pk", flat=True)) if hasattr(item, "indicators") else set()
        if not set(indicator_ids) <= own:
            errors["indicator_values"] = ValidationError(
                _("Report values only for this policy's own indicators."), code="foreign_indicator"
            )
    if errors:
        raise ValidationError(errors)


def update_current_status(*, item, agency, exclude_update=None) -> str:
    """The agency's status on the item from its latest published update (none yet: not started)."""

    updates = ProgressUpdatePage.objects.live().child_of(item).filter(agency=agency)
    if exclude_update is not None and exclude_update.pk:
        updates = updates.exclude(pk=exclude_update.pk)
    latest = updates.order_by("-period_end", "-last_published_at").values_list("status_claim", flat=True).first()
    return latest or Status.NOT_STARTED


@transaction.atomic
def item_refresh_status(*, item) -> Status:
    """
    Re-derive every assignment's status of the item (and of its translations) from the published
    updates of the item in its source locale, then roll the item's status up (``core.status``).
    Statuses are written with ``update()`` so that no revision is created for derived data.
    """

    source = item.get_translation_or_none(Locale.get_default()) or item
    latest = {}
    for agency_id, status_claim, published_at in (
        ProgressUpdatePage.objects.live()
        .child_of(source)
        .order_by("agency_id", "-period_end", "-last_published_at")
        .values_list("agency_id", "status_claim", "last_published_at")
    ):
        latest.setdefault(agency_id, (status_claim, published_at))

    rolled_up = Status.NOT_STARTED
    refreshed = []
    for translation in type(item).objects.filter(translation_key=item.translation_key):
        statuses = []
        changed = False
        for assignment in translation.assignments.all():
            status, published_at = latest.get(assignment.agency_id, (Status.NOT_STARTED, None))
            completed_on = published_at.date() if status == Status.COMPLETED and published_at else None
            if (assignment.status, assignment.completed_on) != (status, completed_on):
                type(assignment).objects.filter(pk=assignment.pk).update(
                    status=status, completed_on=completed_on, updated_at=timezone.now()
                )
                changed = True
            statuses.append(status)
        rolled_up = status_rollup(statuses)
        if translation.status != rolled_up:
            type(translation).objects.filter(pk=translation.pk).update(status=rolled_up)
            translation.status = rolled_up
            changed = True
        if changed:
            refreshed.append(translation)
    if refreshed:
        statuses_refreshed.send(sender=type(item), items=refreshed)
    return rolled_up


def update_default_title(*, agency, period_end: date, language: str | None = None) -> str:
    """
    The title an update gets when none is typed, in ``language`` (default: the active one): the agency
    reports its progress as of the end of the period, "สธ. รายงานความก้าวหน้า ณ 30 ม.ค. 2568", the way
    Thai government progress reports are headed. The admin form, the API, the importers and the demo
    all name updates here, so that one item's updates never read two ways. ``agency`` is an ``Agency``
    or a row of the agency list (``agencies.reference``): anything with their name fields.
    """
    language = language or get_language() or settings.LANGUAGE_CODE
    if language.lower().startswith("th"):
        name = agency.short_name_th or agency.short_name_en or agency.name_th
    else:
        name = agency.short_name_en or agency.short_name_th or agency.name_en or agency.name_th
    with override(language):
        return str(
            _("%(agency)s progress to %(date)s") % {"agency": name, "date": local_date(period_end, "medium", language)}
        )


def update_free_slug(*, item, agency, period_end: date, instance=None) -> str:
    """An ASCII slug (Django's slugify drops Thai vowel marks) from agency and period, unique under the item."""
    base = f"{slugify(agency.code)}-{period_end:%Y-%m-%d}"
    # One read of the siblings' slugs like it, however many updates the period already has.
    siblings = item.get_children().filter(slug__startswith=base)
    if instance is not None and instance.pk:
        siblings = siblings.exclude(pk=instance.pk)
    taken = set(siblings.values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _submit_check(
    *, item, agency, user, period_start, period_end, status_claim, status_reason, evidence, indicator_values
) -> None:
    """What ``update_submit`` checks before it writes: the right to report, the files, ``update_check``."""

    if not item.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied(_("You may not report on this item."))
    problems = [_("Send at most %(count)s files.") % {"count": MAX_FILES}] if len(evidence) > MAX_FILES else []
    for upload in evidence:
        try:
            evidence_check(upload)
        except ValidationError as error:
            problems += error.messages
    if problems:
        raise ValidationError({"evidence": problems})
    update_check(
        item=item,
        agency=agency,
        period_start=period_start,
        period_end=period_end,
        status_claim=status_claim,
        status_reason=status_reason,
        evidence_count=len(evidence),
        indicator_ids=[value["indicator"] for value in indicator_values],
    )


@transaction.atomic
def update_submit(
    *,
    item,
    agency,
    user,
    period_start: date,
    period_end: date,
    status_claim: str,
    percent_complete: int,
    status_reason: str = "",
    narrative: str = "",
    public_summary: str = "",
    title: str = "",
    evidence=(),
    indicator_values=(),
):
    """
    A new progress update of ``agency`` on ``item`` by ``user``, submitted to moderation at once, as
    the admin's "Submit to moderation" does: the user must be allowed to report under the item and
    ``update_check`` must pass. ``evidence``: uploaded files, checked (``security.documents``) and
    kept as private documents; ``indicator_values``: ``{"indicator": id, "value": Decimal}`` for
    the policy's own indicators. Raises ``PermissionDenied`` or ``ValidationError``.
    """

    # Updates arriving at once under one item would be given the same tree position: one at a time,
    # each reading the item's child count afresh once it holds the lock.
    item = type(item).objects.select_for_update().get(pk=item.pk)
    _submit_check(
        item=item,
        agency=agency,
        user=user,
        period_start=period_start,
        period_end=period_end,
        status_claim=status_claim,
        status_reason=status_reason,
        evidence=evidence,
        indicator_values=indicator_values,
    )
    if not title:
        # Named in the item's language, whatever language the request came in.
        title = update_default_title(agency=agency, period_end=period_end, language=item.locale.language_code)
    update = ProgressUpdatePage(
        title=title,
        slug=update_free_slug(item=item, agency=agency, period_end=period_end),
        agency=agency,
        period_start=period_start,
        period_end=period_end,
        status_claim=status_claim,
        percent_complete=percent_complete,
        status_reason=status_reason,
        narrative=richtext_from_text(narrative),
        public_summary=public_summary,
        live=False,
        owner=user,
    )
    for document in evidence_documents(evidence, user=user):
        update.evidence.add(UpdateEvidence(document=document))
    for value in indicator_values:
        update.indicator_values.add(IndicatorValue(indicator_id=value["indicator"], value=value["value"]))
    item.add_child(instance=update)
    update.save_revision(user=user, log_action="wagtail.create")
    update.get_workflow().start(update, user)
    return update


#: The fields of a submission kept for later, and those of them that are dates.
SUBMISSION_FIELDS = (
    "period_start",
    "period_end",
    "status_claim",
    "percent_complete",
    "status_reason",
    "narrative",
    "public_summary",
    "title",
    "indicator_values",
)
SUBMISSION_DATES = ("period_start", "period_end")


def submission_receive(*, item, agency, user, **values):
    """
    Check at once what ``update_submit`` would (but files: those are sent synchronously), keep the
    update to be made by a background task once this transaction commits, and return the
    ``UpdateSubmission``. Raises ``PermissionDenied`` or ``ValidationError`` as ``update_submit`` does.
    """

    _submit_check(
        item=item,
        agency=agency,
        user=user,
        period_start=values["period_start"],
        period_end=values["period_end"],
        status_claim=values["status_claim"],
        status_reason=values.get("status_reason", ""),
        evidence=(),
        indicator_values=values.get("indicator_values", ()),
    )
    kept = {name: values[name] for name in SUBMISSION_FIELDS if name in values}
    for name in SUBMISSION_DATES:
        kept[name] = kept[name].isoformat()
    if "indicator_values" in kept:
        kept["indicator_values"] = [{**value, "value": str(value["value"])} for value in kept["indicator_values"]]
    submission = UpdateSubmission.objects.create(
        user=user, agency=agency, item=item, values=kept, language=get_language() or settings.LANGUAGE_CODE
    )
    transaction.on_commit(lambda: submission_process_task.enqueue(submission.pk))
    return submission


@transaction.atomic
def submission_process(submission_id: int):
    """
    Make the update a submission holds, checked again as things are now, or record why it cannot be
    made. Once only: a submission already processed (or being processed elsewhere) is left alone, so
    a task run twice (a worker killed before it recorded the result) creates nothing twice.
    """

    submission = (
        UpdateSubmission.objects.select_for_update()
        .filter(pk=submission_id, state=UpdateSubmission.State.RECEIVED)
        .select_related("agency", "user", "item")
        .first()
    )
    if submission is None:
        return None
    values = dict(submission.values)
    for name in SUBMISSION_DATES:
        values[name] = date.fromisoformat(values[name])
    if "indicator_values" in values:
        values["indicator_values"] = [
            {**value, "value": Decimal(value["value"])} for value in values["indicator_values"]
        ]
    with override(submission.language):
        try:
            with transaction.atomic():
                submission.update = update_submit(
                    item=submission.item.specific, agency=submission.agency, user=submission.user, **values
                )
            submission.state = UpdateSubmission.State.DONE
        except PermissionDenied as error:
            submission.state = UpdateSubmission.State.REFUSED
            submission.errors = {"item": [str(error)]}
        except ValidationError as error:
            submission.state = UpdateSubmission.State.REFUSED
            messages = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
            submission.errors = {field: [str(message) for message in texts] for field, texts in messages.items()}
    submission.processed_at = timezone.now()
    submission.save(update_fields=["state", "update", "errors", "processed_at"])
    return submission


class UpdateNotAmendable(Exception):
    """The update is in moderation or published: only a draft or an update sent back can be amended."""


class StaleUpdate(Exception):
    """The update changed since the version the caller read (its ``If-Match``)."""


@transaction.atomic
def update_amend(*, update, user, revision_id: int, values: dict):
    """
    Change a draft or sent-back update of ``user``'s agency and send it (back) to moderation, as
    the admin's "Resubmit" does; ``revision_id`` is the latest revision the caller read, so that no
    one's changes are overwritten unseen. Raises ``StaleUpdate``, ``UpdateNotAmendable``,
    ``PermissionDenied`` or ``ValidationError``.
    """

    update = ProgressUpdatePage.objects.select_for_update().get(pk=update.pk)
    if update.latest_revision_id != revision_id:
        raise StaleUpdate
    if not update.permissions_for_user(user).can_edit():
        raise PermissionDenied(_("You may not change this update."))
    workflow_state = update.current_workflow_state
    sent_back = workflow_state is not None and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES
    if update.live or (workflow_state is not None and not sent_back):
        raise UpdateNotAmendable
    draft = update.get_latest_revision_as_object()
    for name, value in values.items():
        if name == "indicator_values":
            value = [IndicatorValue(indicator_id=row["indicator"], value=row["value"]) for row in value]
        setattr(draft, name, richtext_from_text(value) if name == "narrative" else value)
    item = update.get_parent().specific
    update_check(
        item=item,
        agency=draft.agency,
        period_start=draft.period_start,
        period_end=draft.period_end,
        status_claim=draft.status_claim,
        status_reason=draft.status_reason,
        evidence_count=draft.evidence.count(),
        indicator_ids=[value.indicator_id for value in draft.indicator_values.all()],
        exclude_update=update,
    )
    draft.gaps_close(
        status_reason=draft.status_reason, status_claim=draft.status_claim, evidence_count=draft.evidence.count()
    )
    draft.save_revision(user=user, log_action=True)
    if sent_back:
        workflow_state.resume(user)
    else:
        update.get_workflow().start(update, user)
    return ProgressUpdatePage.objects.get(pk=update.pk)


@task()
def submission_process_task(submission_id: int) -> None:
    """
    ``submission_process`` as background work (django-tasks: in the request in development, a worker
    in production), defined beside the service it runs and the service that enqueues it.
    """
    submission_process(submission_id)
