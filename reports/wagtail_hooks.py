from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.roles import agency_ids_for_user, is_pmo, reads_everything

from .views import DashboardView, PerformanceReportView, RoundIndexView, RoundView, SummaryJobView


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return reads_everything(request.user) or bool(agency_ids_for_user(request.user))


class PMOMenuItem(MenuItem):
    def is_shown(self, request):
        return is_pmo(request.user)


@hooks.register("register_admin_urls")
def register_report_views():
    return [
        path("pm1/dashboard/", DashboardView.as_view(), name="reports_dashboard"),
        path("pm1/performance/", PerformanceReportView.as_view(), name="reports_performance"),
        path("pm1/summary-pdf/", SummaryJobView.as_view(), name="reports_job_request"),
        path("pm1/summary-pdf/<int:pk>/", SummaryJobView.as_view(), name="reports_job"),
        path("pm1/rounds/", RoundIndexView.as_view(), name="reports_rounds"),
        path("pm1/rounds/<int:pk>/", RoundView.as_view(), name="reports_round"),
    ]


@hooks.register("register_admin_menu_item")
def dashboard_menu_item():
    return DashboardMenuItem(_("Executive dashboard"), reverse("reports_dashboard"), icon_name="view", order=140)


@hooks.register("register_admin_menu_item")
def rounds_menu_item():
    return PMOMenuItem(_("Reporting rounds"), reverse("reports_rounds"), icon_name="date", order=160)


@hooks.register("register_admin_menu_item")
def performance_menu_item():
    return DashboardMenuItem(_("Performance reports"), reverse("reports_performance"), icon_name="doc-full", order=145)
