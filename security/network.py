"""Who is on the other end of a request, when PM1 sits behind proxies."""

from django.conf import settings

__all__ = ["client_address"]


def client_address(request) -> str:
    """
    The client's address: the connection's own, or behind ``NUM_PROXIES`` proxies that append to
    ``X-Forwarded-For``, the address the outermost of them saw (what a client writes there itself is
    not believed). The rule DRF's throttles follow, for lock-outs and the audit log.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not settings.NUM_PROXIES or not forwarded:
        return remote
    addresses = [address.strip() for address in forwarded.split(",")]
    return addresses[-min(settings.NUM_PROXIES, len(addresses))]
