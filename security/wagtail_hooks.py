from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.menu import PMOAdminMenuItem
from core.roles import is_pmo_admin

from . import audit
from .documents import serve_to_anonymous_only_if_public
from .views import AccountSecurityView, TwoFactorSetupView, TwoFactorVerifyView

hooks.register("before_serve_document", serve_to_anonymous_only_if_public)


@hooks.register("register_admin_urls")
def register_security_views():
    return [
        path("two-factor/", TwoFactorVerifyView.as_view(), name="pm1_two_factor_verify"),
        path("two-factor/setup/", TwoFactorSetupView.as_view(), name="pm1_two_factor_setup"),
        path("pm1/account-security/", AccountSecurityView.as_view(), name="pm1_account_security"),
    ]


@hooks.register("register_settings_menu_item")
def account_security_menu_item():
    return PMOAdminMenuItem(_("Account security"), reverse("pm1_account_security"), icon_name="lock", order=610)


@hooks.register("register_account_menu_item")
def two_factor_account_menu_item(request):
    return {
        "url": reverse("pm1_two_factor_setup"),
        "label": _("Two-step verification"),
        "help_text": _("Set up or move the authenticator app that gives your login codes."),
    }


@hooks.register("register_log_actions")
def register_security_log_actions(actions):
    for action, (label, message) in audit.ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("construct_reports_menu")
def audit_log_for_administrators_only(request, menu_items):
    if not is_pmo_admin(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]


@hooks.register("before_edit_user")
def log_user_account_read(request, user):
    if request.method == "GET":
        audit.log_personal_data_read(instance=user, request=request, what="user account")
