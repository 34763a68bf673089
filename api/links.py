"""Addresses in API answers, on the host the client called (not the Site record's hostname)."""

__all__ = ["page_url"]


def page_url(page, request) -> str | None:
    """
    The page's full address as seen by this request: scheme and host from the request as Django reads
    them (``ALLOWED_HOSTS``, ``USE_X_FORWARDED_HOST``, ``SECURE_PROXY_SSL_HEADER``), the path from
    Wagtail; a page on another site keeps that site's address. None for a page with no address.
    """
    url = page.get_url(request)
    return request.build_absolute_uri(url) if url else None
