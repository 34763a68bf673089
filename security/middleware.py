from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from core.roles import is_pmo_admin

from .twofactor import has_authenticator, needs_second_factor

__all__ = ["AdminAccessMiddleware", "ContentSecurityPolicyMiddleware", "PermissionsPolicyMiddleware"]

#: The Wagtail admin's policy: its templates still hold inline scripts and styles, it shows previews
#: of pages in frames of its own, and editors' images may be shown from blob: URLs while uploading.
ADMIN_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "media-src": [SELF, "blob:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}

#: Admin pages a user with only a password may still reach: logging in and out, resetting the
#: password and the two-step verification pages themselves.
OPEN_ADMIN_VIEWS = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
        "pm1_two_factor_verify",
        "pm1_two_factor_setup",
    }
)


#: Admin pages for PMO administrators only: the audit log (Reports → Site history) and its export.
ADMINISTRATOR_VIEWS = frozenset({"wagtailadmin_reports:site_history", "wagtailadmin_reports:site_history_results"})


def _is_admin(request) -> bool:
    return request.path_info.startswith("/admin/")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy from settings, with the admin's own policy under /admin/."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if _is_admin(request) and not report_only and parts.config is None:
            parts.config = ADMIN_POLICY
        return parts


class PermissionsPolicyMiddleware:
    """Sends ``settings.PERMISSIONS_POLICY``: no camera, microphone, location, payment… for any page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class AdminAccessMiddleware:
    """
    No admin page for a password alone: an account that has an authenticator, or must have one,
    is sent to enter its code or to set the authenticator up before anything else. Outside the
    admin (documents, the API with a session, previews) such a half-finished login counts as none.
    The audit log is for PMO administrators only.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_admin(request) and needs_second_factor(request.user):
            request.user = AnonymousUser()
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _is_admin(request) or request.resolver_match.url_name in OPEN_ADMIN_VIEWS:
            return None
        if not needs_second_factor(request.user):
            if request.resolver_match.view_name in ADMINISTRATOR_VIEWS and not is_pmo_admin(request.user):
                raise PermissionDenied
            return None
        target = "pm1_two_factor_verify" if has_authenticator(request.user) else "pm1_two_factor_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
