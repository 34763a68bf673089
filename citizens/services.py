"""
Writes for the citizens' features: following by e-mail with double opt-in, and questions with their
moderation. The public views, the admin's moderation screens and notifications call these.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.log_actions import log
from wagtail.models import Site

from core.cache import page_tag, tags_invalidate
from notifications.kinds import EventKind
from notifications.services import EmailRecipient, event_record, titles

from .consent import CONSENT_VERSION, consent_text
from .limits import Limit
from .models import Follower, Question
from .selectors import followers_of, source_page, target_fields
from .tokens import CONFIRM_MAX_AGE, confirm_token, unsubscribe_token

QUESTION_PUBLISHED = "pm1.question.published"
QUESTION_REJECTED = "pm1.question.rejected"
QUESTION_ANSWERED = "pm1.question.answered"

#: Confirmation messages per e-mail address, whoever asks for them.
CONFIRMATIONS_PER_ADDRESS = Limit("follow-confirmation", "3/day")


def email_normalise(email: str) -> str:
    """Addresses are compared case-insensitively: Somchai@Example.go.th follows once."""
    return email.strip().lower()


def absolute_url(path: str) -> str:
    """``path`` on the public site's root, as Wagtail makes pages' full URLs (the default site)."""
    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/") + path


def _localised_reverse(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def unsubscribe_url(follower: Follower) -> str:
    """The one-click unsubscribe link for every message to ``follower``."""
    return absolute_url(
        _localised_reverse("citizens:unsubscribe", follower.language, token=unsubscribe_token(follower))
    )


def follower_message(*, follower: Follower, subject: str, body: str) -> EmailMultiAlternatives:
    """
    A plain-text message to a follower, with the unsubscribe link at its foot and the RFC 8058
    headers (``List-Unsubscribe`` with ``List-Unsubscribe-Post``) that let mail programs unsubscribe
    in one click. Render ``subject`` and ``body`` in ``follower.language``.
    """
    link = unsubscribe_url(follower)
    with translation.override(follower.language):
        footer = render_to_string("citizens/email/footer.txt", {"unsubscribe_url": link, "target": follower.target})
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=f"{body.rstrip()}\n\n{footer}",
        to=[follower.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


@transaction.atomic
def follow_request(*, target, email: str, language: str) -> Follower:
    """
    Someone asks to follow ``target`` (a public tracked item or an agency). A new or pending follow gets
    a confirmation message with a signed link, at most ``CONFIRMATIONS_PER_ADDRESS`` a day; nothing
    else is ever sent before it is confirmed. An address that already follows is sent nothing.
    """
    follower, _ = Follower.objects.get_or_create(
        email=email_normalise(email), **target_fields(target), defaults={"language": language}
    )
    if follower.state == Follower.State.CONFIRMED:
        return follower
    if follower.language != language:
        follower.language = language
        follower.save(update_fields=["language"])
    if not CONFIRMATIONS_PER_ADDRESS.exceeded(follower.email):
        CONFIRMATIONS_PER_ADDRESS.count(follower.email)
        transaction.on_commit(lambda: follow_confirmation_message(follower=follower).send())
    return follower


def follow_confirmation_message(*, follower: Follower) -> EmailMultiAlternatives:
    """The message asking ``follower`` to confirm, in their language."""
    link = absolute_url(_localised_reverse("citizens:follow_confirm", follower.language, token=confirm_token(follower)))
    with translation.override(follower.language):
        context = {"target": follower.target, "confirm_url": link}
        subject = render_to_string("citizens/email/confirm_subject.txt", context)
        body = render_to_string("citizens/email/confirm.txt", context)
    return follower_message(follower=follower, subject=subject, body=body)


def follow_confirm(*, follower: Follower) -> Follower:
    """The owner of the address confirmed by its link: from now on ``followers_of`` lists it."""
    if follower.state != Follower.State.CONFIRMED:
        follower.state = Follower.State.CONFIRMED
        follower.confirmed_at = timezone.now()
        follower.save(update_fields=["state", "confirmed_at"])
    return follower


def follow_end(*, follower: Follower) -> None:
    """Unsubscribe: the follow and its address are deleted."""
    follower.delete()


def question_ask(*, item, text: str, name: str, email: str, language: str) -> Question:
    """
    A citizen asks about a public ``item`` and consents to the current PDPA text, which is recorded
    with its version, its words in ``language`` and the time. It waits for moderation.
    """
    with translation.override(language):
        agreed = consent_text(CONSENT_VERSION)
    return Question.objects.create(
        page=source_page(item),
        text=text.strip(),
        name=name.strip(),
        email=email_normalise(email),
        language=language,
        consent_version=CONSENT_VERSION,
        consent_text=agreed,
        consented_at=timezone.now(),
    )


def _moderated(question: Question, *, state: str, user, action: str, **fields) -> Question:
    question.state = state
    question.moderated_at = timezone.now()
    question.moderated_by = user
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    log(instance=question, action=action, user=user)
    # The item's page (each translation of it) shows its questions.
    transaction.on_commit(lambda: tags_invalidate([page_tag(question.page)]))
    return question


@transaction.atomic
def question_publish(*, question: Question, user) -> Question:
    """Show the question on its item's page, before it is answered."""
    return _moderated(question, state=Question.State.PUBLISHED, user=user, action=QUESTION_PUBLISHED)


@transaction.atomic
def question_reject(*, question: Question, user) -> Question:
    """Never show the question (spam, abuse, off-topic); an answer given before is withdrawn."""
    return _moderated(question, state=Question.State.REJECTED, user=user, action=QUESTION_REJECTED)


@transaction.atomic
def question_answer(*, question: Question, answer: str, user) -> Question:
    """
    Publish ``answer`` with the question on its item's page, and tell the asker
    (``question_answered_notify``) once the answer is saved.
    """
    _moderated(
        question,
        state=Question.State.ANSWERED,
        user=user,
        action=QUESTION_ANSWERED,
        answer=answer.strip(),
        answered_at=timezone.now(),
    )
    transaction.on_commit(lambda: question_answered_notify(question=question))
    return question


def question_answered_notify(*, question: Question) -> None:
    """Tell the asker, once and in their language, the answer and where it is published."""
    item = question.page.specific
    with translation.override(question.language):
        url = item.localized.full_url
    event_record(
        kind=EventKind.QUESTION_ANSWERED,
        key=f"question_answered:{question.pk}",
        target=question,
        page=item,
        recipients=[EmailRecipient(question.email, question.language)],
        url=url,
        context={"title": titles(item), "answer": question.answer},
    )


def followers_tell(*, page, key: str, agency=None) -> None:
    """
    Tell the confirmed followers of ``page`` (and of ``agency``, whose update it is) that it changed,
    each in their language with a link to its page in that language and their unsubscribe link.
    ``key`` names the change: telling of it again sends nothing.
    """
    followers = list(followers_of(page)) + (list(followers_of(agency)) if agency is not None else [])
    for language in sorted({follower.language for follower in followers}):
        with translation.override(language):
            url = page.localized.full_url
        event_record(
            kind=EventKind.ITEM_CHANGED,
            key=f"{key}:{language}",
            target=page,
            page=page,
            recipients=[
                EmailRecipient(follower.email, language, unsubscribe_url(follower))
                for follower in followers
                if follower.language == language
            ],
            url=url,
            context={"title": titles(page)},
        )


def followers_prune_unconfirmed() -> int:
    """
    Delete follows never confirmed while their link worked (``tokens.CONFIRM_MAX_AGE``): PM1 keeps no
    address that did not say it wants its messages. Returns how many were deleted.
    """
    cutoff = timezone.now() - CONFIRM_MAX_AGE
    deleted, _ = Follower.objects.filter(state=Follower.State.PENDING, created_at__lt=cutoff).delete()
    return deleted
