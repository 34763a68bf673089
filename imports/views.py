"""The admin's import and export screens, for PMO administrators only."""

import zipfile

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.roles import is_pmo_admin
from core.views import PM1AdminView
from security.documents import archive_check

from .models import ImportJob
from .services import ImportResult, item_files, items_export, items_import, problems_csv
from .tasks import import_job_run

MAX_UPLOAD = 20 * 1024 * 1024
#: Problems listed on the page; the CSV report has them all.
SHOWN_PROBLEMS = 2000


def kind_choices() -> list[tuple[str, str]]:
    """What a file can hold: the registered kinds that have a file format, and progress updates."""
    return [(name, reader.label) for name, reader in item_files().items()]


class ImportForm(forms.Form):
    # A callable: read when the form is made, so a kind registered after start-up is offered too.
    kind = forms.ChoiceField(label=_("What the file holds"), choices=kind_choices)
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8 or Windows-874) or Excel (.xlsx), with a header row.")
    )
    publish = forms.BooleanField(label=_("Publish the imported items"), required=False)
    create_agencies = forms.BooleanField(label=_("Create agencies PM1 does not know"), required=False)
    strict = forms.BooleanField(
        label=_("Strict: reject rows without a date, an agency or a reference"),
        help_text=_("Otherwise such rows are imported and marked with what is missing, for staff to complete."),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        reader = item_files().get(cleaned.get("kind"))
        if reader is not None and not reader.creates_agencies and cleaned.get("create_agencies"):
            self.add_error("create_agencies", reader.no_new_agencies)
        return cleaned

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        # An Excel workbook is a zip archive: none that unpacks to far more than it weighs.
        is_archive = zipfile.is_zipfile(upload)
        upload.seek(0)
        if is_archive:
            archive_check(upload)
        return upload


class PMOAdminOnly:
    def dispatch(self, request, *args, **kwargs):
        if not is_pmo_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportIndexView(PMOAdminOnly, PM1AdminView):
    """Upload a file to check it; the latest imports; exports."""

    template_name = "imports/index.html"
    page_title = _("Import and export")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        context["jobs"] = ImportJob.objects.defer("content").select_related("created_by")[:20]
        context["exports"] = [(label, kind) for kind, label in kind_choices()]
        return context

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        data = upload.read()
        options = {key: form.cleaned_data[key] for key in ("publish", "create_agencies", "strict")}
        preview = items_import(kind=form.cleaned_data["kind"], data=data, filename=upload.name, dry_run=True, **options)
        job = ImportJob.objects.create(
            kind=form.cleaned_data["kind"],
            filename=upload.name,
            content=data,
            created_by=request.user,
            preview=preview.as_json(),
            rows_total=preview.rows,
            **options,
        )
        return redirect("imports_job", job.pk)


class ImportJobView(PMOAdminOnly, PM1AdminView):
    """The preview of an uploaded file with every row's problems, the confirmation, then the progress."""

    template_name = "imports/job.html"
    header_icon = "upload"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.job = get_object_or_404(ImportJob.objects.defer("content"), pk=kwargs["pk"])

    def get_page_title(self):
        return _("Import of %(file)s") % {"file": self.job.filename}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("imports_index"), "label": _("Import and export")},
            {"url": "", "label": self.job.filename},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        done = job.state == ImportJob.State.DONE
        report = ImportResult.from_json(job.result if done else job.preview)
        context.update(
            job=job,
            report=report,
            problems=report.problems[:SHOWN_PROBLEMS],
            more_problems=max(0, len(report.problems) - SHOWN_PROBLEMS),
            in_progress=job.state in (ImportJob.State.QUEUED, ImportJob.State.RUNNING),
            can_confirm=job.state == ImportJob.State.PREVIEWED
            and not report.failed
            and (report.created or report.updated),
            percent=int(100 * job.rows_done / job.rows_total) if job.rows_total else 0,
        )
        if job.started_at and job.rows_done:
            seconds = ((job.finished_at or timezone.now()) - job.started_at).total_seconds()
            context["rows_per_second"] = round(job.rows_done / max(seconds, 0.001))
        return context

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            queued = ImportJob.objects.filter(pk=self.job.pk, state=ImportJob.State.PREVIEWED).update(
                state=ImportJob.State.QUEUED
            )
        if queued:
            import_job_run.enqueue(self.job.pk)
        return redirect("imports_job", self.job.pk)


class ImportReportView(PMOAdminOnly, View):
    """The job's problems as CSV: row, column, value, problem, in the user's language."""

    def get(self, request, pk):
        job = get_object_or_404(ImportJob.objects.defer("content"), pk=pk)
        report = ImportResult.from_json(job.result if job.state == ImportJob.State.DONE else job.preview)
        response = HttpResponse(problems_csv(report.problems), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-problems.csv"'
        return response


class ExportView(PMOAdminOnly, View):
    """Every item of a kind in the import format, as CSV or XLSX."""

    def get(self, request, kind, file_format):
        if kind not in item_files() or file_format not in ("csv", "xlsx"):
            raise Http404
        data = items_export(kind=kind, file_format=file_format)
        content_type = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if file_format == "xlsx"
            else "text/csv; charset=utf-8"
        )
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{kind}-{timezone.localdate():%Y%m%d}.{file_format}"'
        return response
