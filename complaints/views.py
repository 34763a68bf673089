"""The complaints listing for PMO staff and the complainant's record (personal data, audit-logged)."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.log_actions import log
from wagtail.permissions import policy_registry

from core.choices import Status
from core.views import PM1AdminView

from .forms import ComplainantForm
from .models import COMPLAINT_TRACKS, ComplaintPage
from .selectors import complainant_for, may_list_complaints, may_read_complainant
from .services import complainant_save


class ComplaintFilterSet(PageFilterSet):
    track = django_filters.ChoiceFilter(label=_("Track"), choices=COMPLAINT_TRACKS)
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=ComplaintPage.Stage.choices)
    item_status = django_filters.ChoiceFilter(label=_("Progress"), field_name="status", choices=Status.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=ComplaintPage.Channel.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=ComplaintPage.Category.choices)
    province = django_filters.CharFilter(label=_("Province"), lookup_expr="icontains")
    received_on = django_filters.DateFromToRangeFilter(label=_("Received"))

    class Meta:
        model = ComplaintPage
        fields = []


class ComplaintIndexView(IndexView):
    """Wagtail's page listing, for those whose work is complaints (``may_list_complaints``)."""

    @classmethod
    def admits(cls, user) -> bool:
        """Whether the listing opens for ``user``: the same question its menu item asks."""
        policy = policy_registry.get_by_type(ComplaintPage)
        return may_list_complaints(user) and policy.user_has_any_permission(user, cls.any_permission_required)

    def user_has_any_permission(self, permissions):
        return may_list_complaints(self.request.user) and super().user_has_any_permission(permissions)


class ComplaintsMenuItem(MenuItem):
    """Shown to those the listing admits, so that nobody sees an item that refuses them."""

    def is_shown(self, request):
        return ComplaintIndexView.admits(request.user)


class ComplaintListingViewSet(PageListingViewSet):
    """Every complaint the user may read (``core.rights``), with filters by track, stage and more."""

    model = ComplaintPage
    icon = "mail"
    menu_label = _("Complaints")
    menu_order = 160
    add_to_admin_menu = True
    menu_item_class = ComplaintsMenuItem
    index_view_class = ComplaintIndexView
    filterset_class = ComplaintFilterSet
    columns = [
        *PageListingViewSet.columns[:2],
        Column("reference", label=_("Case number"), sort_key="reference"),
        Column("track", label=_("Track"), accessor="get_track_display", sort_key="track"),
        Column("stage", label=_("Stage"), accessor="get_stage_display", sort_key="stage"),
        DateColumn("received_on", label=_("Received"), sort_key="received_on"),
        *PageListingViewSet.columns[-1:],
    ]


class ComplainantView(PM1AdminView):
    """
    The complainant of one complaint, to read and correct, for PMO coordinators and administrators
    only. Every showing of the record is an audit-log entry; every change is logged too.
    """

    template_name = "complaints/admin/complainant.html"
    page_title = _("Complainant")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not may_read_complainant(request.user):
            raise PermissionDenied
        self.complaint = get_object_or_404(ComplaintPage, pk=kwargs["page_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.complaint.reference

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_pages:edit", args=[self.complaint.pk]), "label": self.complaint.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        complainant = complainant_for(complaint=self.complaint, request=request)
        return self.render_to_response(self.get_context_data(form=ComplainantForm(instance=complainant)))

    def post(self, request, *args, **kwargs):
        complainant = complainant_for(complaint=self.complaint, request=request)
        if complainant.erased_at:
            raise PermissionDenied
        form = ComplainantForm(request.POST, instance=complainant)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        complainant = complainant_save(complaint=self.complaint, **form.cleaned_data)
        log(instance=complainant, action="wagtail.edit", user=request.user)
        messages.success(request, _("The complainant's record is saved."))
        return redirect("complaints_complainant", page_id=self.complaint.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["complaint"] = self.complaint
        context["complainant"] = kwargs["form"].instance
        return context
