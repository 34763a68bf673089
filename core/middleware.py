from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

__all__ = ["LocaleMiddleware"]


class LocaleMiddleware(DjangoLocaleMiddleware):
    """
    Django's, except for the API: Django turns a 404 into a redirect to the same path under the
    language prefix (Wagtail's pages match any path there), but an API client asked for a
    resource, which is missing, not for a page in some language.
    """

    def process_response(self, request, response):
        if request.path_info.startswith("/api/"):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)
