"""Agency systems authenticate with an API key: ``Authorization: Bearer pm1_…`` (or ``X-API-Key``)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from security.audit import log_api_key_use

from .services import apikey_authenticate

__all__ = ["ApiKeyAuthentication"]


class ApiKeyAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if parts and parts[0].lower() == self.keyword:
            if len(parts) != 2:
                raise AuthenticationFailed(_("Send the API key as: Authorization: Bearer <key>."))
            key = parts[1]
        elif request.META.get("HTTP_X_API_KEY"):
            key = request.META["HTTP_X_API_KEY"].encode("latin-1", "replace")
        else:
            return None
        api_key = apikey_authenticate(key.decode("ascii", "replace"))
        if api_key is None:
            raise AuthenticationFailed(_("The API key is not valid, or it was revoked or has expired."))
        log_api_key_use(api_key=api_key, request=request)
        # The request acts as the key's own account, a reporter of its agency (``api.models``).
        return api_key.user, api_key

    def authenticate_header(self, request):
        return 'Bearer realm="PM1 agency API"'
