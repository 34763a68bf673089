from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_document_serve

from core.roles import is_pmo_admin

from . import audit
from .forms import TokenForm
from .twofactor import (
    has_authenticator,
    must_use_two_factor,
    totp_confirm,
    totp_pending,
    totp_qr_svg,
    totp_reset,
    totp_secret_text,
    totp_verify,
)


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


class TwoFactorMixin:
    """The login's second step, after the password (Wagtail sends anyone not logged in to its login)."""

    form_class = TokenForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_next_url(self.request), **kwargs)


class TwoFactorVerifyView(TwoFactorMixin, FormView):
    """Enter the code from the authenticator app to finish logging in."""

    template_name = "security/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if not has_authenticator(request.user):
            return redirect(f"{reverse('pm1_two_factor_setup')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        if not totp_verify(request=self.request, token=form.cleaned_data["token"]):
            form.add_error("token", _("That code is not right, or it has expired. Wait for a new code and try again."))
            return self.form_invalid(form)
        return redirect(_next_url(self.request))


class TwoFactorSetupView(TwoFactorMixin, FormView):
    """
    Set up (or move to a new phone) the authenticator app: scan the QR code, type its first code.
    Replacing an authenticator needs the current one first.
    """

    template_name = "security/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if has_authenticator(user) and not user.is_verified():
            return redirect(f"{reverse('pm1_two_factor_verify')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = totp_pending(self.request.user)
        return super().get_context_data(
            qr_svg=totp_qr_svg(device),
            secret=totp_secret_text(device),
            mandatory=must_use_two_factor(self.request.user),
            enabled=has_authenticator(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        device = totp_pending(self.request.user)
        if not totp_confirm(request=self.request, device=device, token=form.cleaned_data["token"]):
            form.add_error("token", _("That code is not right. Check the phone's clock and type the code shown now."))
            return self.form_invalid(form)
        messages.success(self.request, _("Two-step verification is on."))
        return redirect(_next_url(self.request))


class AccountSecurityView(WagtailAdminTemplateMixin, TemplateView):
    """
    For PMO administrators: accounts locked out after failed logins (unlock them), and who uses
    two-step verification (reset it for someone who lost their phone).
    """

    template_name = "security/account_security.html"
    page_title = _("Account security")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not is_pmo_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        User = get_user_model()
        authenticators = TOTPDevice.objects.filter(confirmed=True).values("user_id")
        return super().get_context_data(
            lockouts=AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).order_by(
                "-attempt_time"
            ),
            failure_limit=settings.AXES_FAILURE_LIMIT,
            users=User.objects.filter(pk__in=authenticators).order_by("username"),
            **kwargs,
        )

    def post(self, request):
        if "unlock" in request.POST:
            attempt = get_object_or_404(AccessAttempt, pk=request.POST["unlock"])
            axes_reset(username=attempt.username)
            account = get_user_model().objects.filter(username=attempt.username).first()
            if account is not None:
                audit.log_security_event(user=account, action=audit.UNLOCKED, request=request, by=request.user)
            messages.success(request, _("%(username)s can log in again.") % {"username": attempt.username})
        elif "reset_two_factor" in request.POST:
            account = get_object_or_404(get_user_model(), pk=request.POST["reset_two_factor"])
            totp_reset(user=account, by=request.user)
            messages.success(
                request,
                _("%(username)s sets up two-step verification again at their next login.")
                % {"username": account.get_username()},
            )
        return redirect("pm1_account_security")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login of a locked-out account (HTTP 429), in the user's language."""
    return render(
        request,
        "security/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
            if settings.AXES_COOLOFF_TIME
            else None,
        },
        status=429,
    )


def document_serve(request, document_id, document_filename):
    """
    Wagtail's document view with right headers. A document stored by code (an executive summary's PDF)
    has no file hash until one is asked for, and Wagtail's view reads the field as it is: its ETag was
    empty. Wagtail also sends the encoding it guesses from the name, ``None`` for an ordinary file, as
    the text "None" in ``Content-Encoding``, which clients would take for a compression.
    """
    unhashed = get_document_model().objects.filter(pk=document_id, file_hash="").first()
    if unhashed is not None:
        unhashed.get_file_hash()
    response = wagtail_document_serve(request, document_id, document_filename)
    if response.get("Content-Encoding") == "None":
        del response["Content-Encoding"]
    return response
