from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey

__all__ = ["ApiKeyRateThrottle"]


class ApiKeyRateThrottle(SimpleRateThrottle):
    """
    Requests per API key (``API_KEY_RATE``), or per staff member using their session; over the
    rate, 429 with ``Retry-After``. Anonymous requests are not counted here.
    """

    scope = "api_key"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            return self.cache_format % {"scope": self.scope, "ident": f"key-{request.auth.pk}"}
        if request.user and request.user.is_authenticated and request.user.pk:
            return self.cache_format % {"scope": self.scope, "ident": f"user-{request.user.pk}"}
        return None
