from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from .models import ApiKey

__all__ = ["AnonymousRateThrottle", "ApiKeyRateThrottle"]


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


class AnonymousRateThrottle(AnonRateThrottle):
    """
    Requests without a key or session (open data, public search, the pages API), per client
    address (``API_ANON_RATE``; behind proxies, ``NUM_PROXIES`` tells which forwarded address is
    the client's); over the rate, 429 with ``Retry-After``.
    """
