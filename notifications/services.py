"""
Telling people what happened: events, their deliveries, and sending them.

Every source of notifications calls ``event_record``: it records the event
once under its key, works out who may be told (``core.rights``: nobody hears of an item they may not
read) and on which channels each recipient chose, and records one ``Delivery`` per recipient and channel.
Once the transaction commits, background tasks (``deliveries_send_task``) send them; ``deliveries_send``
claims each delivery before sending and marks it after, retries temporary failures with backoff and
gives up at once on permanent ones. An e-mail is recorded as handed over before its end goes to the
SMTP server (``notifications.smtp``), so a worker killed mid-batch leaves nothing to send twice.
"""

import logging
import queue
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from wagtail.models import Page
from wagtail.users.models import UserProfile

from agencies.models import Agency, Membership
from core.rights import can_read

from .channels import PermanentFailure, TemporaryFailure, channel_senders, line_configured
from .kinds import EventKind
from .messages import message_render
from .models import Channel, Delivery, Event, LineLink, Preference
from .smtp import HandOverRefused

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EmailRecipient:
    """
    Someone without an account who asked to be told by e-mail: a citizen who asked or follows.
    ``unsubscribe_url``: a follower's one-click way out, at the foot of the message and in its
    RFC 8058 ``List-Unsubscribe`` headers.
    """

    address: str
    language: str = "th"
    unsubscribe_url: str = ""


class Audience:
    """
    Who is told, worked out once per batch: users' languages, channel preferences and LINE links,
    agencies' members and LINE groups. ``send_reminders`` records thousands of events with the same
    few recipients.
    """

    def __init__(self):
        self._agency_members: dict[int, list] = {}
        self._agency_groups: dict[int, list[str]] = {}
        self._languages: dict[int, str] = {}
        self._preferences: dict[tuple[int, str], frozenset[str]] = {}
        self._line_ids: dict[int, str | None] = {}

    def members(self, agency_id: int) -> list:
        if agency_id not in self._agency_members:
            user_ids = Membership.objects.filter(agency_id=agency_id).values("user_id")
            self._agency_members[agency_id] = list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))
        return self._agency_members[agency_id]

    def line_groups(self, agency_id: int) -> list[str]:
        if agency_id not in self._agency_groups:
            self._agency_groups[agency_id] = list(
                LineLink.objects.filter(agency_id=agency_id, kind=LineLink.Kind.GROUP, active=True).values_list(
                    "line_id", flat=True
                )
            )
        return self._agency_groups[agency_id]

    def _load_users(self, user_ids: set[int]) -> None:

        missing = user_ids - self._languages.keys()
        if not missing:
            return
        for user_id in missing:
            self._languages[user_id] = settings.LANGUAGE_CODE
            self._line_ids[user_id] = None
        for user_id, language in UserProfile.objects.filter(user_id__in=missing).values_list(
            "user_id", "preferred_language"
        ):
            self._languages[user_id] = language or settings.LANGUAGE_CODE
        for preference in Preference.objects.filter(user_id__in=missing):
            self._preferences[(preference.user_id, preference.kind)] = preference.channels()
        for user_id, line_id in LineLink.objects.filter(
            user_id__in=missing, kind=LineLink.Kind.USER, active=True
        ).values_list("user_id", "line_id"):
            self._line_ids[user_id] = line_id

    def language(self, user) -> str:
        self._load_users({user.pk})
        return self._languages[user.pk]

    def channels(self, user, kind: str) -> frozenset[str]:
        self._load_users({user.pk})
        return self._preferences.get((user.pk, kind), frozenset(Channel.values))

    def line_id(self, user) -> str | None:
        self._load_users({user.pk})
        return self._line_ids[user.pk]


def _page_of(target, page):
    if page is not None:
        return page
    return target.specific if isinstance(target, Page) else None


def _deliveries_for(*, event, recipients, page, audience: Audience) -> list[Delivery]:
    """One delivery per recipient and chosen channel, for the recipients who may read ``page``."""
    now = timezone.now()
    line_on = line_configured()
    found: dict[tuple[str, str], Delivery] = {}

    def add(channel, recipient, **fields):
        found.setdefault((recipient, channel), Delivery(event=event, channel=channel, recipient=recipient, **fields))

    def add_user(user):
        if not user.is_active or (page is not None and not can_read(user, page)):
            return
        chosen = audience.channels(user, event.kind)
        language = audience.language(user)
        recipient = f"user:{user.pk}"
        if Channel.EMAIL in chosen and user.email:
            add(Channel.EMAIL, recipient, user=user, address=user.email, language=language)
        if line_on and Channel.LINE in chosen and (line_id := audience.line_id(user)):
            add(Channel.LINE, recipient, user=user, address=line_id, language=language)
        if Channel.IN_APP in chosen:
            add(Channel.IN_APP, recipient, user=user, language=language, status=Delivery.Status.SENT, sent_at=now)

    for recipient in recipients:
        if isinstance(recipient, Agency):
            for member in audience.members(recipient.pk):
                add_user(member)
            # A group's members are not known: tell it only what its agency may read.
            if line_on and (
                page is None or page.is_published_publicly() or recipient.pk in page.readable_by_agencies()
            ):
                for line_id in audience.line_groups(recipient.pk):
                    add(Channel.LINE, f"line-group:{line_id}", address=line_id, language=settings.LANGUAGE_CODE)
        elif isinstance(recipient, EmailRecipient):
            if page is None or page.is_published_publicly():
                address = recipient.address.strip()
                add(
                    Channel.EMAIL,
                    f"email:{address.lower()}",
                    address=address,
                    language=recipient.language,
                    unsubscribe_url=recipient.unsubscribe_url,
                )
        else:
            add_user(recipient)
    return list(found.values())


def _event_create(*, kind, key, target, recipients, page, url, context, audience) -> Event | None:
    """The event and its deliveries, or ``None`` when an event with this key was recorded before."""
    if Event.objects.filter(key=key).exists():
        return None
    page = _page_of(target, page)
    try:
        with transaction.atomic():
            event = Event.objects.create(
                kind=kind,
                key=key,
                target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
                target_id=str(target.pk),
                url=url or _default_url(page),
                context=context or {},
            )
            Delivery.objects.bulk_create(
                _deliveries_for(event=event, recipients=recipients, page=page, audience=audience)
            )
    except IntegrityError:
        if Event.objects.filter(key=key).exists():
            return None
        raise
    return event


def _default_url(page) -> str:
    if page is None:
        return ""

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_pages:edit", args=[page.pk])


def event_record(
    *,
    kind: EventKind,
    key: str,
    target,
    recipients: Iterable,
    page: Page | None = None,
    url: str = "",
    context: dict | None = None,
    audience: Audience | None = None,
    dispatch: bool = True,
) -> Event | None:
    """
    Record that ``kind`` happened to ``target`` and tell ``recipients`` (users, agencies — their
    members and LINE groups — and ``EmailRecipient`` for citizens), each on the channels they chose.

    ``key`` names this occurrence: a second call with the same key records and sends nothing and
    returns ``None``. ``page`` is the item whose reading rights decide who may be told (by default
    ``target`` when it is a page); citizens are told only about pages the public may read.
    ``url`` is the message's deep link (by default the page in the admin). ``context`` fills the
    message's placeholders (``notifications.kinds``): strings, ``{"th": …, "en": …}`` per language,
    ``deadline`` as an ISO date. The messages go out once the transaction commits; callers that
    record many events share one ``audience`` and pass ``dispatch=False``, then ``deliveries_dispatch``.
    """
    event = _event_create(
        kind=kind,
        key=key,
        target=target,
        recipients=recipients,
        page=page,
        url=url,
        context=context,
        audience=audience or Audience(),
    )
    if event is not None and dispatch:
        transaction.on_commit(lambda: deliveries_dispatch(event_ids=[event.pk]))
    return event


def titles(page) -> dict[str, str]:
    """The page's title in each language it is translated to, for a message's ``title`` placeholder."""
    found = {page.locale.language_code: page.title}
    for translation in page.get_translations().live().select_related("locale"):
        found.setdefault(translation.locale.language_code, translation.title)
    return found


def agency_names(agency) -> dict[str, str]:
    return {"th": agency.name_th, "en": agency.name_en or agency.name_th}


def deliveries_dispatch(*, event_ids: Iterable[int] | None = None, delivery_ids: Iterable[int] | None = None):
    """Queue the sending of the given events' (or deliveries') unsent messages, in batches."""

    pending = Delivery.objects.filter(status=Delivery.Status.PENDING).exclude(channel=Channel.IN_APP)
    if event_ids is not None:
        pending = pending.filter(event_id__in=list(event_ids))
    if delivery_ids is not None:
        pending = pending.filter(pk__in=list(delivery_ids))
    ids = list(pending.order_by("pk").values_list("pk", flat=True))
    size = settings.NOTIFY_BATCH_SIZE
    for start in range(0, len(ids), size):
        deliveries_send_task.enqueue(delivery_ids=ids[start : start + size])


def _abandoned(now) -> Q:
    """Claimed by a worker that did not record how sending went within ``NOTIFY_CLAIM_SECONDS``."""
    return Q(status=Delivery.Status.SENDING, claimed_at__lt=now - timedelta(seconds=settings.NOTIFY_CLAIM_SECONDS))


def _claimable(now):
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    abandoned = _abandoned(now) & Q(handed_over_at__isnull=True)
    return (Q(status__in=[Delivery.Status.PENDING, Delivery.Status.RETRYING]) & due) | abandoned


def _settle_handed_over(deliveries) -> int:
    """
    Record as sent the abandoned e-mails that were handed over: their end went to the server after
    the record, so they are on their way, and sending them again would deliver them twice.
    """
    return deliveries.filter(_abandoned(timezone.now()), handed_over_at__isnull=False).update(
        status=Delivery.Status.SENT, sent_at=F("handed_over_at"), claimed_at=None
    )


def _claim(delivery_ids) -> list[Delivery]:
    """
    Mark the deliveries that are still to send as being sent by this worker, so no other worker
    sends them too; a worker killed mid-batch leaves its claims to expire (``deliveries_resume``).
    """
    now = timezone.now()
    with transaction.atomic():
        _settle_handed_over(Delivery.objects.filter(pk__in=delivery_ids))
        claimed = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(pk__in=delivery_ids)
            .filter(_claimable(now))
            .values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=claimed).update(
            status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    return list(Delivery.objects.filter(pk__in=claimed).select_related("event").order_by("pk"))


def _retry_delay(delivery, failure: TemporaryFailure) -> float | None:
    """Seconds before the next attempt, or ``None`` when the attempts are used up."""
    delays = settings.NOTIFY_RETRY_DELAYS
    if delivery.attempts > len(delays):
        return None
    if failure.retry_after is not None:
        return min(failure.retry_after, settings.NOTIFY_RETRY_AFTER_MAX_SECONDS)
    return delays[delivery.attempts - 1]


class _Senders:
    """One set of channel senders per sending thread: an SMTP connection is not shared between threads."""

    def __init__(self):
        self._local = threading.local()
        self._all = []
        self._lock = threading.Lock()

    def send(self, delivery, message, hand_over) -> None:
        senders = getattr(self._local, "senders", None)
        if senders is None:
            senders = self._local.senders = channel_senders()
            with self._lock:
                self._all.append(senders)
        senders[delivery.channel].send(delivery, message, hand_over)

    def close(self) -> None:
        for senders in self._all:
            for sender in senders.values():
                sender.close()


class _HandOvers:
    """
    The sending threads' requests to record a message as handed over (``notifications.smtp``), kept
    in the inbox that the thread holding the database connection reads; each sender waits for the
    answer before it sends the message's end. Once closed, every request is refused, so no sender
    waits for a thread that no longer answers.
    """

    def __init__(self, inbox: queue.SimpleQueue):
        self._inbox = inbox
        self._lock = threading.Lock()
        self._waiting: list[_HandOverRequest] = []
        self._closed = False

    def request(self, delivery) -> None:
        """In a sending thread: return once the hand-over is recorded; ``HandOverRefused`` if it is not."""
        request = _HandOverRequest(delivery)
        with self._lock:
            if self._closed:
                raise HandOverRefused("the batch is over")
            self._waiting.append(request)
            self._inbox.put(("hand_over", delivery, request))
        request.answered.wait()
        if not request.granted:
            raise HandOverRefused("the hand-over was not recorded")

    def record(self, requests: list) -> None:
        """In the database's thread: record these hand-overs at once and let their senders go on."""
        Delivery.objects.filter(pk__in=[request.delivery.pk for request in requests]).update(
            handed_over_at=timezone.now()
        )
        for request in requests:
            request.answer(granted=True)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            waiting, self._waiting = self._waiting, []
        for request in waiting:
            request.answer(granted=False)


class _HandOverRequest:
    def __init__(self, delivery):
        self.delivery = delivery
        self.granted = False
        self.answered = threading.Event()

    def answer(self, *, granted: bool) -> None:
        if not self.answered.is_set():
            self.granted = granted
            self.answered.set()


def _outcome(delivery, future, retrying: list) -> dict:
    """The fields that record how sending ``delivery`` went."""
    fields = {"claimed_at": None}
    try:
        future.result()
    except TemporaryFailure as failure:
        # A message the server refused at its end is not on its way after all.
        fields["handed_over_at"] = None
        delay = _retry_delay(delivery, failure)
        fields["last_error"] = str(failure)[:2000]
        if delay is None:
            fields["status"] = Delivery.Status.FAILED
        else:
            fields["status"] = Delivery.Status.RETRYING
            fields["next_attempt_at"] = timezone.now() + timedelta(seconds=delay)
            delivery.next_attempt_at = fields["next_attempt_at"]
            retrying.append(delivery)
    except PermanentFailure as failure:
        fields.update(status=Delivery.Status.FAILED, last_error=str(failure)[:2000], handed_over_at=None)
    else:
        fields.update(status=Delivery.Status.SENT, sent_at=timezone.now(), last_error="")
    return fields


def _send_claimed(deliveries: list[Delivery]) -> list[Delivery]:
    """
    Send the claimed deliveries, a few at a time (``NOTIFY_SEND_THREADS``: the time goes in waiting
    for the servers), and record each outcome as soon as it is known; the ones to try again later.
    """
    retrying = []
    rendered = {}
    for delivery in deliveries:
        message_key = (delivery.event_id, delivery.language)
        if message_key not in rendered:
            rendered[message_key] = message_render(delivery.event, delivery.language)
    senders = _Senders()
    inbox = queue.SimpleQueue()
    hand_overs = _HandOvers(inbox)
    try:
        with ThreadPoolExecutor(max_workers=settings.NOTIFY_SEND_THREADS) as pool:
            try:
                for delivery in deliveries:
                    message = rendered[(delivery.event_id, delivery.language)]
                    future = pool.submit(senders.send, delivery, message, partial(hand_overs.request, delivery))
                    future.add_done_callback(partial(_report_done, inbox, delivery))
                # Database writes stay in this thread: the hand-overs waiting in the inbox at once,
                # each outcome as soon as it is known.
                remaining = len(deliveries)
                while remaining:
                    items = [inbox.get()]
                    while not inbox.empty():
                        items.append(inbox.get())
                    if waiting := [request for kind, _, request in items if kind == "hand_over"]:
                        hand_overs.record(waiting)
                    for kind, delivery, future in items:
                        if kind == "done":
                            remaining -= 1
                            _outcome_record(delivery, _outcome(delivery, future, retrying))
            finally:
                hand_overs.close()
    finally:
        senders.close()
    return retrying


def _report_done(inbox: queue.SimpleQueue, delivery, future) -> None:
    inbox.put(("done", delivery, future))


def _outcome_record(delivery, fields: dict) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    if fields["status"] == Delivery.Status.FAILED:
        logger.warning("Delivery %s failed: %s", delivery.pk, fields["last_error"])


def deliveries_send(*, delivery_ids: list[int]) -> None:
    """
    Send these deliveries, those not already sent or being sent. Temporary failures (timeouts, 429,
    5xx) are tried again after a backoff (``NOTIFY_RETRY_DELAYS``, or the server's ``Retry-After``):
    by a deferred task with a queue that has a worker, in this call otherwise.
    """

    retrying = _send_claimed(_claim(delivery_ids))
    while retrying:
        run_after = min(d.next_attempt_at for d in retrying)
        ids = [d.pk for d in retrying]
        if deliveries_send_task.get_backend().supports_defer:
            deliveries_send_task.using(run_after=run_after).enqueue(delivery_ids=ids)
            return
        time.sleep(max(0.0, (run_after - timezone.now()).total_seconds()))
        retrying = _send_claimed(_claim(ids))


def deliveries_resume() -> int:
    """
    Queue again what a worker left: deliveries claimed by a worker that died before it marked them,
    and deliveries due whose task is lost. Sending claims each one, so what is queued twice is sent once.
    E-mails the dead worker had handed over are on their way: they are recorded as sent, not queued.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.NOTIFY_CLAIM_SECONDS)
    _settle_handed_over(Delivery.objects.filter(channel=Channel.EMAIL))
    ids = list(
        Delivery.objects.exclude(channel=Channel.IN_APP)
        .filter(
            (_abandoned(now) & Q(handed_over_at__isnull=True))
            | Q(status=Delivery.Status.PENDING, created_at__lt=stale)
            | Q(status=Delivery.Status.RETRYING, next_attempt_at__lt=stale)
        )
        .values_list("pk", flat=True)
    )

    size = settings.NOTIFY_BATCH_SIZE
    for start in range(0, len(ids), size):
        deliveries_send_task.enqueue(delivery_ids=ids[start : start + size])
    return len(ids)


def notifications_mark_read(*, user, delivery_ids: Iterable[int] | None = None) -> int:
    """Mark the user's in-app notifications read (all of them without ``delivery_ids``)."""
    unread = Delivery.objects.filter(user=user, channel=Channel.IN_APP, read_at__isnull=True)
    if delivery_ids is not None:
        unread = unread.filter(pk__in=list(delivery_ids))
    return unread.update(read_at=timezone.now())


def preferences_save(*, user, choices: dict[str, Iterable[str]]) -> None:
    """The user's channels for each kind of event: ``{kind: channels}``."""
    with transaction.atomic():
        for kind, channels in choices.items():
            channels = set(channels)
            Preference.objects.update_or_create(
                user=user,
                kind=kind,
                defaults={channel: channel in channels for channel in Channel.values},
            )


def line_link_record(*, line_id: str, kind: str, active: bool = True) -> LineLink:
    """A LINE user who followed (or a group that invited) PM1's account, or one that left."""
    link, _ = LineLink.objects.update_or_create(line_id=line_id, defaults={"kind": kind, "active": active})
    return link


@task()
def deliveries_send_task(delivery_ids: list[int]) -> None:
    """
    ``deliveries_send`` as background work (django-tasks: in the request by default, ``db_worker``
    in production), defined beside the service it runs and those that enqueue it.
    """
    deliveries_send(delivery_ids=delivery_ids)
