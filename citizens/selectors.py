"""Reads for the citizens' features: what may be followed or asked about, who follows what, public Q&A."""

from django.db.models import QuerySet
from wagtail.models import Locale, Page, PageViewRestriction

from agencies.models import Agency
from core.models import TrackedItemPage

from .models import Follower, Question


def source_page(page: Page) -> Page:
    """The page in the default locale that ``page`` translates (``page`` itself when it is the source)."""
    return page.get_translation_or_none(Locale.get_default()) or page


def public_item(page_id: int) -> TrackedItemPage | None:
    """
    The tracked item (directive, policy, …) with this id if the public may read it: live, public,
    without a view restriction; ``None`` otherwise, internal items included.
    """
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None:
        return None
    page = page.specific
    if not isinstance(page, TrackedItemPage) or not page.is_published_publicly():
        return None
    if PageViewRestriction.objects.filter(page__in=page.get_ancestors(inclusive=True)).exists():
        return None
    return page


def public_agency(code: str) -> Agency | None:
    """The active agency with this code, or ``None``."""
    return Agency.objects.filter(code=code, is_active=True).first()


def target_fields(target) -> dict:
    """The follower fields that name ``target``: an agency, or an item by its default-locale page."""
    if isinstance(target, Agency):
        return {"agency": target}
    return {"page": source_page(target)}


def followers_of(target) -> QuerySet[Follower]:
    """
    The confirmed followers of an item (any translation of it) or of an agency: whom to tell about
    its changes. Each row has the ``email`` and the ``language`` to write in; ``tokens.unsubscribe_token``
    and ``services.follower_message`` give every message its unsubscribe link and headers.
    """
    return Follower.objects.filter(state=Follower.State.CONFIRMED, **target_fields(target)).order_by("pk")


def questions_public(page: Page) -> QuerySet[Question]:
    """
    The questions shown on an item's public page, newest first: published ones, answered or not. Only
    the public fields are loaded; the asker's name and e-mail address are left in the database.
    """
    return (
        Question.objects.filter(page=source_page(page), state__in=Question.PUBLIC_STATES)
        .only("pk", "text", "asked_at", "state", "answer", "answered_at")
        .order_by("-asked_at")
    )
