"""Reads about agencies and who belongs to them."""

from .models import Membership

_CACHE = "_pm1_agency_ids"


def agency_ids_for_user(user, *, role: str | None = None) -> frozenset[int]:
    """
    The agencies the user belongs to (optionally in one membership role), cached on the user object
    for the request so permission checks across a listing cost one query.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = getattr(user, _CACHE, None)
    if cache is None:
        cache = {}
        for agency_id, member_role in Membership.objects.filter(user=user).values_list("agency_id", "role"):
            cache.setdefault(member_role, set()).add(agency_id)
        setattr(user, _CACHE, cache)
    if role is not None:
        return frozenset(cache.get(role, ()))
    return frozenset().union(*cache.values())


def agency_public_assignments(*, agency, locale) -> list:
    """
    The agency's assignments on the public, published directives and policies of ``locale`` (view
    restrictions respected), the item updated last first, each with its page (``assignment.page``).
    """
    from wagtail.models import Page

    from directives.models import DirectiveAssignment
    from policies.models import PolicyAssignment

    public = Page.objects.live().public().filter(locale=locale).values("pk")
    found = []
    for model in (DirectiveAssignment, PolicyAssignment):
        found += list(
            model.objects.filter(agency=agency, page__visibility="public", page__in=public).select_related("page")
        )
    return sorted(found, key=lambda a: a.page.last_published_at, reverse=True)


def on_time_rate(assignments, *, today) -> float | None:
    """
    Of the assignments that are due (deadline passed) or completed, the share completed by their
    deadline; ``None`` when none is due yet. Completed work without a deadline counts as on time.
    """
    from core.choices import Status

    due = on_time = 0
    for assignment in assignments:
        completed = assignment.status == Status.COMPLETED
        if completed:
            due += 1
            deadline, done = assignment.deadline, assignment.completed_on
            on_time += deadline is None or done is None or done <= deadline
        elif assignment.status != Status.NOT_PURSUED and assignment.deadline and assignment.deadline < today:
            due += 1
    return on_time / due if due else None
