"""Which agency an API request acts for: every agency endpoint authorises against it."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import PermissionDenied, ValidationError

from agencies.models import Agency
from agencies.selectors import agency_resolve
from core.roles import agency_ids_for_user, reads_everything

from .models import ApiKey

__all__ = ["agency_of_request"]


def agency_of_request(request, code: str = "") -> Agency:
    """
    A key acts for its own agency only. Staff using their session act for the agency they name by
    code (one they belong to, or any if they read everything), or for their only agency.
    """
    named = agency_resolve(code) if code else None
    if isinstance(request.auth, ApiKey):
        if code and (named is None or named.pk != request.auth.agency_id):
            raise PermissionDenied(_("This API key belongs to another agency."))
        return request.auth.agency
    user = request.user
    if code:
        agency = named if named is not None and named.is_active else None
        if agency is None:
            raise ValidationError({"agency": [_("No active agency has this code.")]})
        if reads_everything(user) or agency.pk in agency_ids_for_user(user):
            return agency
        raise PermissionDenied(_("You do not act for this agency."))
    own = agency_ids_for_user(user)
    if len(own) == 1:
        return Agency.objects.get(pk=next(iter(own)))
    raise ValidationError({"agency": [_("Name the agency you act for by its code.")]})
