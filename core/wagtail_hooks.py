from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import AdminDateInput, ListingButton
from wagtail.models import Page

from .forms import ThaiDateFormField
from .models import PM1Page
from .rights import can_read
from .selectors import pages_readable_by
from .views import PageReadView, SubmitPageTranslationView, TrackedItemIndexView, UpdateTranslationsView

# Every date typed in the admin may be Buddhist Era, with Thai month names or Thai digits.
register_form_field_override(
    models.DateField, override={"widget": AdminDateInput, "form_class": ThaiDateFormField}, exact_class=True
)


@hooks.register("register_admin_urls")
def register_read_views():
    return [
        path("pm1/items/", TrackedItemIndexView.as_view(), name="pm1_items"),
        path("pm1/read/<int:page_id>/", PageReadView.as_view(), name="pm1_page_read"),
    ]


@hooks.register("register_admin_urls", order=-1)
def register_translation_views():
    """
    wagtail-localize's submit and sync views at their own addresses, answered first by PM1's, which
    refuse what the user may not translate (``core.rights.can_translate``).
    """
    return [
        path("localize/submit/page/<int:page_id>/", SubmitPageTranslationView.as_view(), name="pm1_submit_translation"),
        path(
            "localize/update/<int:translation_source_id>/",
            UpdateTranslationsView.as_view(),
            name="pm1_update_translations",
        ),
    ]


@hooks.register("register_admin_menu_item")
def tracked_items_menu_item():
    return MenuItem(_("Tracked items"), reverse("pm1_items"), icon_name="list-ul", order=150)


@hooks.register("register_page_listing_buttons")
def read_button(page, user, next_url=None):
    if isinstance(page.specific_deferred, PM1Page) and page.specific_deferred.permissions_for_user(user).can_read():
        yield ListingButton(_("Read"), reverse("pm1_page_read", args=[page.pk]), priority=5)


def _refuse_unreadable(page, user) -> None:
    """
    Refuse a page the user may not read (``core.rights``), as the read view does: its title is not
    theirs to see either.
    """
    if isinstance(page, PM1Page) and not can_read(user, page):
        raise PermissionDenied


@hooks.register("construct_explorer_page_queryset")
def explore_readable_pages_only(parent_page, pages, request):
    """
    The explorer opens only a page the user may read and lists only those: Wagtail checks only that
    the page is under the user's explorable root, and would show its title and breadcrumbs.
    """
    _refuse_unreadable(parent_page, request.user)
    return pages_readable_by(request.user, pages)


@hooks.register("construct_page_chooser_queryset")
def readable_pages_only(pages, request):
    """
    The page chooser (links, "move" and "copy" destinations) lists and searches only what the user
    may read, and browses into no page they may not read (Wagtail's browsing shows its title).
    """
    parent_page_id = request.resolver_match.kwargs.get("parent_page_id")
    if parent_page_id is not None:
        _refuse_unreadable(Page.objects.get(pk=parent_page_id).specific, request.user)
    return pages_readable_by(request.user, pages)
