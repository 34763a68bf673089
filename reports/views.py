"""The executive support screens of the Wagtail admin: dashboards, summary PDF jobs, reporting rounds."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from core.choices import CLOSED
from core.kinds import kinds
from core.roles import is_pmo, reads_everything
from core.views import PM1AdminView

from . import selectors, services
from .forms import DashboardFilterForm, PerformanceReportForm, RoundOpenForm, SummaryJobForm
from .models import ReportingRound, ReportJob
from .pdf import performance_pdf
from .tables import dashboard_tables

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DashboardView(PM1AdminView):
    """
    The executive dashboard: every chart with its table view and CSV/XLSX exports
    (``?export=csv&chart=status``). Executives and PMO staff see every agency; agency staff their own.
    """

    template_name = "reports/admin/dashboard.html"
    page_title = _("Executive dashboard")
    header_icon = "view"

    def get(self, request, *args, **kwargs):
        scope = selectors.dashboard_agency_scope(request.user)
        today = timezone.localdate()
        form = DashboardFilterForm(request.GET or None, user=request.user, today=today, agencies=scope)
        values = form.filter_values() if form.is_bound and form.is_valid() else {}
        filters = selectors.dashboard_filters_for(request.user, today=today, **values)
        tables = dashboard_tables(filters)
        export = request.GET.get("export")
        if export:
            return self._export(tables, request.GET.get("chart", ""), export)
        query = request.GET.copy()
        query.pop("export", None)
        query.pop("chart", None)
        context = self.get_context_data(form=form, tables=list(tables.values()), query=query.urlencode())
        context["job_form"] = SummaryJobForm(today=today) if reads_everything(request.user) else None
        return self.render_to_response(context)

    def _export(self, tables, name, export):
        if name not in tables or export not in ("csv", "xlsx"):
            raise Http404
        table = tables[name]
        data, content_type = (table.as_csv(), "text/csv; charset=utf-8") if export == "csv" else (table.as_xlsx(), XLSX)
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.{export}"'
        return response


class PerformanceReportView(PM1AdminView):
    """The policy report and the directive report of a period, on screen or as PDF (``?format=pdf``)."""

    template_name = "reports/admin/performance.html"
    page_title = _("Performance reports")
    header_icon = "doc-full"

    def get(self, request, *args, **kwargs):
        filters = selectors.dashboard_filters_for(request.user, today=timezone.localdate())
        form = PerformanceReportForm(request.GET or None, user=request.user)
        context = self.get_context_data(form=form, query=request.GET.urlencode())
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            period = (data["start"], data["end"])
            if data["kind"] == "policy":
                report = selectors.policy_report(
                    policy_id=data["policy"].pk, start=period[0], end=period[1], filters=filters
                )
                title = _("Policy report: %(policy)s") % {"policy": data["policy"].title}
            else:
                report = selectors.directive_report(start=period[0], end=period[1], filters=filters)
                title = _("Directive report")
            if request.GET.get("format") == "pdf":
                language = translation.get_language() or "th"
                pdf = performance_pdf(kind=data["kind"], report=report, title=title, period=period, language=language)
                response = HttpResponse(pdf, content_type="application/pdf")
                response["Content-Disposition"] = f'attachment; filename="{data["kind"]}-report.pdf"'
                return response
            context.update(report=report, report_title=title, kind=data["kind"])
        return self.render_to_response(context)


class ReadsEverythingOnly:
    def dispatch(self, request, *args, **kwargs):
        if not reads_everything(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SummaryJobView(ReadsEverythingOnly, PM1AdminView):
    """Request an executive summary PDF (POST), follow its progress, download it when ready."""

    template_name = "reports/admin/job.html"
    page_title = _("Executive summary PDF")
    header_icon = "doc-full"

    def post(self, request, *args, **kwargs):
        form = SummaryJobForm(request.POST, today=timezone.localdate())
        if not form.is_valid():
            return redirect("reports_dashboard")
        job = services.report_job_request(
            fiscal_year=form.cleaned_data["fiscal_year"], language=form.cleaned_data["language"], user=request.user
        )
        return redirect("reports_job", job.pk)

    def get(self, request, pk=None):
        if pk is None:
            return redirect("reports_dashboard")
        job = get_object_or_404(ReportJob.objects.defer("pdf"), pk=pk, created_by=request.user)
        if request.GET.get("download") and job.state == ReportJob.State.DONE:
            pdf = ReportJob.objects.values_list("pdf", flat=True).get(pk=pk)
            response = HttpResponse(bytes(pdf), content_type="application/pdf")
            response["Content-Disposition"] = (
                f'attachment; filename="executive-summary-{job.fiscal_year}-{job.language}.pdf"'
            )
            return response
        in_progress = job.state in (ReportJob.State.QUEUED, ReportJob.State.RUNNING)
        percent = int(100 * job.steps_done / job.steps_total) if job.steps_total else 0
        return self.render_to_response(self.get_context_data(job=job, in_progress=in_progress, percent=percent))


class PMOOnly:
    def dispatch(self, request, *args, **kwargs):
        if not is_pmo(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RoundIndexView(PMOOnly, PM1AdminView):
    """The reporting rounds, newest first, and the form that opens one."""

    template_name = "reports/admin/rounds.html"
    page_title = _("Reporting rounds")
    header_icon = "date"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", RoundOpenForm())
        context["rounds"] = ReportingRound.objects.all()[:50]
        return context

    def post(self, request, *args, **kwargs):
        form = RoundOpenForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        items = []
        for kind in kinds():
            model = kind.model
            pages = model.objects.filter(live=True, locale=Locale.get_default())
            if form.cleaned_data["track"]:
                pages = selectors.selected_items(model, selectors.DashboardFilters(track=form.cleaned_data["track"]))
            open_work = kind.assignment_model.objects.exclude(status__in=CLOSED).values("page_id")
            items += pages.filter(pk__in=open_work).values_list("pk", flat=True)
        values = {name: form.cleaned_data[name] for name in RoundOpenForm.Meta.fields}
        reporting_round = services.round_open(items=items, user=request.user, **values)
        return redirect("reports_round", reporting_round.pk)


class RoundView(PMOOnly, PM1AdminView):
    """One round: which assignments owe an update and who has submitted; closing freezes the snapshot."""

    template_name = "reports/admin/round.html"
    header_icon = "date"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.round = get_object_or_404(ReportingRound, pk=kwargs["pk"])

    def get_page_title(self):
        return self.round.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("reports_rounds"), "label": RoundIndexView.page_title},
            {"url": "", "label": self.round.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["round"] = self.round
        if self.round.is_open:
            context["not_reported"] = selectors.agencies_not_reported(selectors.DashboardFilters(), self.round)
        context["compared"] = services.round_compare(rounds=ReportingRound.objects.filter(state="closed"))
        return context

    def post(self, request, *args, **kwargs):
        if self.round.is_open:
            services.round_close(reporting_round=self.round, user=request.user)
        return redirect("reports_round", self.round.pk)
