"""The notification screens: a user's inbox and channel choices, the LINE webhook, the delivery log."""

import logging

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.webhook import WebhookParser
from linebot.v3.webhooks import FollowEvent, GroupSource, JoinEvent, LeaveEvent, UnfollowEvent, UserSource
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn

from core.viewsets import PMOAdminOnly, RolesOnlyViewSet

from .kinds import EventKind
from .messages import message_render
from .models import Channel, Delivery, LineLink
from .selectors import inbox_for_user, unread_count
from .services import line_link_record, notifications_mark_read, preferences_save

logger = logging.getLogger(__name__)


def _messages_of(deliveries):
    """Each in-app delivery with its message in the user's language."""
    return [(delivery, message_render(delivery.event, delivery.language)) for delivery in deliveries]


def inbox(request):
    """The user's in-app notifications, newest first, 25 a page."""
    page = Paginator(inbox_for_user(request.user), 25).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "notifications/inbox.html",
        {"page_obj": page, "notifications": _messages_of(page.object_list), "unread": unread_count(request.user)},
    )


@require_POST
def inbox_mark_read(request):
    """Mark one notification (``id``) or all of them read, then open its link or go back to the inbox."""
    delivery_id = request.POST.get("id", "")
    if delivery_id.isdigit():
        notifications_mark_read(user=request.user, delivery_ids=[int(delivery_id)])
        delivery = inbox_for_user(request.user).filter(pk=int(delivery_id)).first()
        if delivery is not None and delivery.event.url.startswith(settings.WAGTAILADMIN_BASE_URL):
            return redirect(delivery.event.url)
    else:
        notifications_mark_read(user=request.user)
    return redirect("notifications_inbox")


class PreferencesForm(forms.Form):
    """A row of channel boxes per kind of event."""

    def __init__(self, *args, current: dict[str, frozenset[str]], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in EventKind:
            self.fields[kind.value] = forms.MultipleChoiceField(
                label=kind.label,
                choices=Channel.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=sorted(current.get(kind.value, Channel.values)),
            )


def preferences(request):
    """The user's channels for each kind of event."""
    current = {p.kind: p.channels() for p in request.user.notification_preferences.all()}
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications_preferences")
    linked = request.user.line_links.filter(active=True).exists()
    return TemplateResponse(request, "notifications/preferences.html", {"form": form, "line_linked": linked})


@csrf_exempt
@require_POST
def line_webhook(request):
    """
    LINE's webhook: records the users who follow PM1's account and the groups that invite it (and
    those that leave), for a PMO administrator to link to staff users and agencies. Requests
    without LINE's signature (HMAC-SHA256 of the body with the channel secret) are refused.
    """
    if not settings.LINE_CHANNEL_SECRET:
        # No secret, no request can be verified.
        return HttpResponseForbidden()
    signature = request.headers.get("X-Line-Signature", "")
    try:
        events = WebhookParser(settings.LINE_CHANNEL_SECRET).parse(request.body.decode("utf-8"), signature)
    except (InvalidSignatureError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return HttpResponseBadRequest()
    for event in events:
        source = getattr(event, "source", None)
        if isinstance(event, (FollowEvent, UnfollowEvent)) and isinstance(source, UserSource):
            line_link_record(line_id=source.user_id, kind=LineLink.Kind.USER, active=isinstance(event, FollowEvent))
        elif isinstance(event, (JoinEvent, LeaveEvent)) and isinstance(source, GroupSource):
            line_link_record(line_id=source.group_id, kind=LineLink.Kind.GROUP, active=isinstance(event, JoinEvent))
    return HttpResponse(status=200)


class InboxPanel(Component):
    """The dashboard's panel: the user's latest unread notifications."""

    name = "notifications"
    template_name = "notifications/panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        unread = inbox_for_user(self.user).filter(read_at__isnull=True)
        return {"notifications": _messages_of(unread[:5]), "unread": unread.count()}


class DeliveryFilterSet(WagtailFilterSet):
    class Meta:
        model = Delivery
        fields = ["status", "channel", "event__kind"]


class DeliveryViewSet(RolesOnlyViewSet):
    """The delivery log: every message, its status, attempts and last error. Read-only."""

    model = Delivery
    name = "notification_deliveries"
    icon = "mail"
    menu_label = _("Notification log")
    add_to_settings_menu = True
    permission_policy = PMOAdminOnly(Delivery, {"view"})
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = DeliveryFilterSet
    list_display = [
        Column("event", label=_("event"), accessor=lambda d: d.event.get_kind_display()),
        "channel",
        "recipient",
        StatusTagColumn(
            "status",
            label=_("status"),
            accessor="get_status_display",
            primary=lambda d: d.status == Delivery.Status.SENT,
        ),
        "attempts",
        DateColumn("created_at", label=_("created"), sort_key="created_at"),
        Column("last_error", label=_("last error")),
    ]
    inspect_view_fields = [
        "event",
        "channel",
        "recipient",
        "language",
        "status",
        "attempts",
        "next_attempt_at",
        "handed_over_at",
        "sent_at",
        "read_at",
        "last_error",
        "created_at",
    ]
    # Nobody may change a delivery (no "change" right above): the form exists only because Wagtail asks.
    exclude_form_fields = []


class LineLinkViewSet(RolesOnlyViewSet):
    """LINE users and groups recorded by the webhook, linked here to staff users and agencies."""

    model = LineLink
    name = "line_links"
    icon = "link"
    menu_label = _("LINE links")
    add_to_settings_menu = True
    permission_policy = PMOAdminOnly(LineLink, {"change", "delete", "view"})
    copy_view_enabled = False
    form_fields = ["user", "agency", "active"]
    list_display = ["line_id", "kind", "user", "agency", "active", DateColumn("created_at", label=_("recorded"))]
    list_filter = ["kind", "active"]
