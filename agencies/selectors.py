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
