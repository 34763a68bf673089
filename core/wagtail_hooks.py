from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton

from .models import PM1Page
from .views import PageReadView, TrackedItemIndexView


@hooks.register("register_admin_urls")
def register_read_views():
    return [
        path("pm1/items/", TrackedItemIndexView.as_view(), name="pm1_items"),
        path("pm1/read/<int:page_id>/", PageReadView.as_view(), name="pm1_page_read"),
    ]


@hooks.register("register_admin_menu_item")
def tracked_items_menu_item():
    return MenuItem(_("Directives and policies"), reverse("pm1_items"), icon_name="list-ul", order=150)


@hooks.register("register_page_listing_buttons")
def read_button(page, user, next_url=None):
    if isinstance(page.specific_deferred, PM1Page) and page.specific_deferred.permissions_for_user(user).can_read():
        yield ListingButton(_("Read"), reverse("pm1_page_read", args=[page.pk]), priority=5)
