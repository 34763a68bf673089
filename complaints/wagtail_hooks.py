from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from .models import ComplaintPage
from .selectors import may_read_complainant
from .services import ERASED
from .views import ComplainantView, ComplaintListingViewSet


@hooks.register("register_admin_viewset")
def register_complaint_listing():
    return ComplaintListingViewSet("complaints")


@hooks.register("register_admin_urls")
def register_complainant_view():
    return [path("complaints/<int:page_id>/complainant/", ComplainantView.as_view(), name="complaints_complainant")]


@hooks.register("register_page_listing_buttons")
def complainant_button(page, user, next_url=None):
    if isinstance(page.specific_deferred, ComplaintPage) and may_read_complainant(user):
        yield ListingButton(_("Complainant"), reverse("complaints_complainant", args=[page.pk]), priority=6)


@hooks.register("register_page_header_buttons")
def complainant_header_button(page, user, view_name=None, next_url=None):
    if isinstance(page.specific_deferred, ComplaintPage) and may_read_complainant(user):
        yield ListingButton(_("Complainant"), reverse("complaints_complainant", args=[page.pk]), priority=6)


@hooks.register("register_log_actions")
def register_erasure_log_action(actions):
    actions.register_action(ERASED, _("Personal data erased"), _("Erased personal data after the retention period"))
