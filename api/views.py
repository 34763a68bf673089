from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button

from agencies.fields import AgencyTreeChoiceField
from agencies.models import Agency
from core.thai import local_date
from core.viewsets import PMOAdminOnly, RolesOnlyViewSet

from .models import ApiKey
from .services import apikey_issue, apikey_revoke


def _field_label(name):
    return capfirst(ApiKey._meta.get_field(name).verbose_name)


def apikey_state(api_key, now=None):
    """Whether the key works, as shown to administrators."""
    now = now or timezone.now()
    if api_key.revoked_at is not None:
        return _("Revoked")
    if api_key.expires_at is not None and api_key.expires_at <= now:
        return _("Expired")
    return _("Usable")


class ApiKeyFilterSet(WagtailFilterSet):
    class Meta:
        model = ApiKey
        fields = ["agency"]


class ApiKeyFormMixin:
    """An expiry, when one is set or changed, must lie ahead: an already expired key is of no use."""

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at is not None and "expires_at" in self.changed_data and expires_at <= timezone.now():
            raise forms.ValidationError(_("The expiry must be in the future."))
        return expires_at


class ApiKeyIssueForm(ApiKeyFormMixin, WagtailAdminModelForm):
    """
    What the administrator chooses for a new key; the key itself is made by ``apikey_issue``. The
    agencies are listed as the government's list reads them, departments under their ministry.
    """

    class Meta:
        model = ApiKey
        fields = ["name", "agency", "expires_at"]
        field_classes = {"agency": AgencyTreeChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)


class ApiKeyEditForm(ApiKeyFormMixin, WagtailAdminModelForm):
    """Only the label and the expiry of an issued key can change; its secret and agency never do."""

    class Meta:
        model = ApiKey
        fields = ["name", "expires_at"]


class ApiKeyIndexView(generic.IndexView):
    """Every key, revoked ones included, with a way to revoke those still live."""

    revoke_url_name = None

    @cached_property
    def add_item_label(self):
        return _("Issue an API key")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("agency")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.revoked_at is None and self.user_has_permission("revoke"):
            url = reverse(self.revoke_url_name, args=[instance.pk])
            buttons.append(Button(_("Revoke"), url=url, icon_name="lock", priority=30))
        return buttons


class ApiKeyIssueView(generic.CreateView):
    """Issues a key through ``apikey_issue`` and shows its text, this once."""

    page_title = _("Issue an API key")
    submit_button_label = _("Issue key")
    submit_button_active_label = _("Issuing…")
    issued_template_name = "api/apikey_issued.html"
    key_text = None

    def get_page_title(self):
        return _("API key issued") if self.key_text else self.page_title

    def get_page_subtitle(self):
        return ""

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items()[:-1] + [{"url": "", "label": self.get_page_title()}]

    def save_instance(self):
        data = self.form.cleaned_data
        api_key, self.key_text = apikey_issue(
            agency=data["agency"], name=data["name"], created_by=self.request.user, expires_at=data["expires_at"]
        )
        return api_key

    def save_action(self):
        # The key is rendered straight away rather than redirected to: it must never pass through a
        # message, a URL or the session, and this response is the only time it exists in clear.
        context = self.get_context_data(
            api_key=self.object,
            key_text=self.key_text,
            key_label=capfirst(ApiKey._meta.verbose_name),
            details=[
                (_field_label("name"), self.object.name),
                (_field_label("agency"), self.object.agency),
                (_field_label("prefix"), self.object.prefix),
                (_field_label("expires_at"), local_date(self.object.expires_at, "medium") or _("Never")),
            ],
            index_url=reverse(self.index_url_name),
        )
        response = TemplateResponse(self.request, self.issued_template_name, context)
        add_never_cache_headers(response)
        return response


class ApiKeyEditView(generic.EditView):
    """Relabels a key or changes its expiry; the secret cannot be seen or changed."""

    revoke_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.object.revoked_at is None and self.user_has_permission("revoke"):
            url = reverse(self.revoke_url_name, args=[self.object.pk])
            buttons.append(Button(_("Revoke"), url=url, icon_name="lock", priority=20))
        return buttons


class ApiKeyRevokeView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirms, then revokes a key: it stops working at once and stays listed as revoked."""

    model = ApiKey
    permission_required = "revoke"
    template_name = "api/apikey_confirm_revoke.html"
    page_title = _("Revoke API key")
    header_icon = "key"
    index_url_name = None
    revoke_url_name = None
    success_message = _("API key '%(name)s' revoked. It no longer works.")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(ApiKey.objects.select_related("agency"), pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": capfirst(ApiKey._meta.verbose_name_plural)},
            {"url": "", "label": self.get_header_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["details"] = [
            (_field_label("name"), self.object.name),
            (_field_label("agency"), self.object.agency),
            (_field_label("prefix"), self.object.prefix),
            (_("Status"), apikey_state(self.object)),
        ]
        context["revoke_url"] = reverse(self.revoke_url_name, args=[self.object.pk])
        context["index_url"] = reverse(self.index_url_name)
        return context

    def post(self, request, *args, **kwargs):
        apikey_revoke(api_key=self.object)
        messages.success(request, self.success_message % {"name": self.object.name})
        return redirect(self.index_url_name)


class ApiKeyViewSet(RolesOnlyViewSet):
    """
    The PMO administrator's screens for issuing, relabelling and revoking agency API keys. Keys are
    revoked, never deleted, so that the list stays an audit trail.
    """

    model = ApiKey
    name = "api_keys"
    icon = "key"
    add_to_settings_menu = True
    permission_policy = PMOAdminOnly(ApiKey, {"add", "change", "revoke"})
    index_view_class = ApiKeyIndexView
    add_view_class = ApiKeyIssueView
    edit_view_class = ApiKeyEditView
    revoke_view_class = ApiKeyRevokeView
    copy_view_enabled = False
    filterset_class = ApiKeyFilterSet
    search_fields = ["name", "prefix"]
    list_display = [
        "name",
        "agency",
        "prefix",
        DateColumn("created_at", label=_field_label("created_at"), sort_key="created_at"),
        Column(
            "expires_at",
            label=_field_label("expires_at"),
            accessor=lambda api_key: local_date(api_key.expires_at, "medium"),
            sort_key="expires_at",
        ),
        DateColumn("last_used_at", label=_field_label("last_used_at"), sort_key="last_used_at"),
        StatusTagColumn("state", label=_("Status"), accessor=apikey_state, primary=lambda api_key: api_key.is_usable()),
    ]

    def get_common_view_kwargs(self, **kwargs):
        # No delete, history or usage views: keys are revoked, not deleted, and nothing refers to them.
        return super().get_common_view_kwargs(
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            revoke_url_name=self.get_url_name("revoke"),
            **kwargs,
        )

    def get_form_class(self, for_update=False):
        return ApiKeyEditForm if for_update else ApiKeyIssueForm

    @property
    def revoke_view(self):
        return self.construct_view(self.revoke_view_class)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("edit/<int:pk>/", self.edit_view, name="edit"),
            path("revoke/<int:pk>/", self.revoke_view, name="revoke"),
        ]
