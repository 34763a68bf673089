from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from .models import PM1Page
from .views import PageReadView


@hooks.register("register_admin_urls")
def register_read_view():
    return [path("pm1/read/<int:page_id>/", PageReadView.as_view(), name="pm1_page_read")]


@hooks.register("register_page_listing_buttons")
def read_button(page, user, next_url=None):
    if isinstance(page.specific_deferred, PM1Page) and page.specific_deferred.permissions_for_user(user).can_read():
        yield ListingButton(_("Read"), reverse("pm1_page_read", args=[page.pk]), priority=5)


