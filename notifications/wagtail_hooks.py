from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_notification_urls():
    return [
        path("notifications/", views.inbox, name="notifications_inbox"),
        path("notifications/read/", views.inbox_mark_read, name="notifications_mark_read"),
        path("notifications/settings/", views.preferences, name="notifications_preferences"),
    ]


@hooks.register("register_admin_menu_item")
def inbox_menu_item():
    return MenuItem(_("Notifications"), reverse("notifications_inbox"), icon_name="mail", order=160)


@hooks.register("construct_homepage_panels")
def inbox_panel(request, panels):
    panels.insert(0, views.InboxPanel(request.user))


@hooks.register("register_admin_viewset")
def register_delivery_log():
    return views.DeliveryViewSet()


@hooks.register("register_admin_viewset")
def register_line_links():
    return views.LineLinkViewSet()
