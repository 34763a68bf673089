from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.menu import PMOAdminMenuItem

from .views import ExportView, ImportIndexView, ImportJobView, ImportReportView


@hooks.register("register_admin_urls")
def register_import_views():
    return [
        path("pm1/imports/", ImportIndexView.as_view(), name="imports_index"),
        path("pm1/imports/<int:pk>/", ImportJobView.as_view(), name="imports_job"),
        path("pm1/imports/<int:pk>/problems.csv", ImportReportView.as_view(), name="imports_report"),
        path(
            "pm1/exports/<str:kind>.<str:file_format>",
            ExportView.as_view(),
            name="imports_export",
        ),
    ]


@hooks.register("register_settings_menu_item")
def import_menu_item():
    return PMOAdminMenuItem(_("Import and export"), reverse("imports_index"), icon_name="upload", order=900)
