"""The admin's dashboard, exports, PDF jobs and rounds: who may see what."""

import csv
import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.roles import Role
from reports.models import ReportingRound, ReportJob
from tests import builders

from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _login(client, account):
    builders.staff_login(client, account)
    return client


def test_executives_see_every_agency_on_the_dashboard(client, world):
    _login(client, builders.user("executive", role=Role.EXECUTIVE))
    response = client.get(reverse("reports_dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    for code in ("MOPH", "DDC", "MOI"):
        assert f"<td>{code}</td>" in html
    assert 'src="/static/reports/vendor/chartjs/chart.umd.js"' in html
    assert 'id="chart-data-status"' in html


def test_agency_staff_see_only_their_agency_with_its_departments(client, world):
    _login(client, builders.user("reporter", agency=world.ministry, membership="reporter"))
    html = client.get(reverse("reports_dashboard")).content.decode()
    assert "<td>MOPH</td>" in html and "<td>DDC</td>" in html and "<td>MOI</td>" not in html
    refused = client.get(reverse("reports_dashboard"), {"agency": world.other.pk, "export": "csv", "chart": "agencies"})
    rows = list(csv.reader(io.StringIO(refused.content.decode("utf-8-sig"))))
    # Another agency is not a choice: the filter falls back to the user's own agencies.
    assert {row[0] for row in rows[1:]} == {"MOPH", "DDC"}


def test_users_without_an_agency_or_a_reading_role_get_no_dashboard(client, world):
    _login(client, builders.user("translator", role=Role.TRANSLATOR))
    response = client.get(reverse("reports_dashboard"))
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))


def test_every_chart_exports_as_csv_and_xlsx_with_its_table_rows(client, world):
    _login(client, builders.user("executive", role=Role.EXECUTIVE))
    for chart in ("status", "agencies", "overdue", "not_reported", "monthly", "indicators"):
        as_csv = client.get(reverse("reports_dashboard"), {"fiscal_year": 2569, "export": "csv", "chart": chart})
        assert as_csv.status_code == 200 and as_csv["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
        as_xlsx = client.get(reverse("reports_dashboard"), {"fiscal_year": 2569, "export": "xlsx", "chart": chart})
        sheet = [list(row) for row in load_workbook(io.BytesIO(as_xlsx.content)).active.iter_rows(values_only=True)]
        assert sheet[0] == rows[0] and len(sheet) == len(rows)
        assert [str(row[0] or "") for row in sheet[1:]] == [row[0] for row in rows[1:]]
    refused = client.get(reverse("reports_dashboard"), {"export": "pdf", "chart": "status"}, follow=True)
    assert refused.status_code == 404


def test_a_summary_pdf_is_built_by_a_background_job_with_its_progress(
    client, world, django_capture_on_commit_callbacks
):
    account = builders.user("executive", role=Role.EXECUTIVE)
    _login(client, account)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports_job_request"), {"fiscal_year": 2569, "language": "th"})
    job = ReportJob.objects.get()
    assert response.url == reverse("reports_job", args=[job.pk])
    assert (job.state, job.steps_done, job.steps_total) == ("done", 9, 9)
    download = client.get(reverse("reports_job", args=[job.pk]), {"download": 1})
    assert download["Content-Type"] == "application/pdf" and download.content.startswith(b"%PDF")
    _login(client, builders.user("coordinator", role=Role.PMO_COORDINATOR))
    assert client.get(reverse("reports_job", args=[job.pk]), follow=True).status_code == 404


def test_pmo_staff_open_and_close_rounds_and_agencies_cannot(client, world):
    _login(client, builders.user("reporter", agency=world.ministry, membership="reporter"))
    assert client.get(reverse("reports_rounds")).status_code == 302
    _login(client, builders.user("coordinator", role=Role.PMO_COORDINATOR))
    response = client.post(
        reverse("reports_rounds"),
        {"title": "รอบกุมภาพันธ์", "kind": "monthly", "period_start": "1/2/2569", "period_end": "28/2/2569"}
        | {"due_on": "5/3/2569", "track": ""},
    )
    reporting_round = ReportingRound.objects.get()
    assert response.url == reverse("reports_round", args=[reporting_round.pk])
    # Every item with open work, of every kind: all but the directive completed in 2568 and the
    # complaint the department has answered.
    assert reporting_round.items.count() == 8
    assert "MOI" in client.get(response.url).content.decode()
    client.post(response.url)
    reporting_round.refresh_from_db()
    # One frozen row per assignment of those items, the department's completed one included.
    assert reporting_round.state == "closed" and reporting_round.snapshots.count() == 11


def test_performance_reports_on_screen_and_as_pdf_follow_the_agency_scope(client, world):
    _login(client, builders.user("reporter", agency=world.ministry, membership="reporter"))
    period = {"start": "1/10/2568", "end": "30/9/2569"}
    screen = client.get(reverse("reports_performance"), {"kind": "directive", **period}).content.decode()
    assert "นร 2569/003" in screen and "นร 2569/002" not in screen
    pdf = client.get(
        reverse("reports_performance"), {"kind": "policy", "policy": world.policy.pk, "format": "pdf"} | period
    )
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, check=True, capture_output=True).stdout.decode()
    assert "นโยบายเร่งด่วนด้านสาธารณสุข" in text and "MOI" not in text


def test_agency_staff_cannot_choose_a_policy_they_may_not_read(client, world):
    hidden = builders.policy("นโยบายภายในของกระทรวงอื่น", world.other, visibility="internal")
    _login(client, builders.user("reporter", agency=world.ministry, membership="reporter"))
    screen = client.get(reverse("reports_performance")).content.decode()
    assert world.policy.title in screen and hidden.title not in screen
    asked = {"kind": "policy", "policy": hidden.pk, "start": "1/10/2568", "end": "30/9/2569", "format": "pdf"}
    response = client.get(reverse("reports_performance"), asked)
    assert response["Content-Type"].startswith("text/html") and hidden.title not in response.content.decode()


def test_a_round_opened_for_one_track_takes_that_tracks_complaints(client, world):
    _login(client, builders.user("coordinator", role=Role.PMO_COORDINATOR))
    client.post(
        reverse("reports_rounds"),
        {"title": "รอบเรื่องร้องเรียน", "kind": "ad_hoc", "period_start": "1/2/2569", "period_end": "28/2/2569"}
        | {"due_on": "5/3/2569", "track": "secretary"},
    )
    # The complaint the department has answered owes nothing; the 2568 one is still open.
    assert list(ReportingRound.objects.get().items.values_list("pk", flat=True)) == [
        world.complaints["secretary_2568"].pk
    ]


def test_the_dashboard_filtered_by_track_shows_that_tracks_items(client, world):
    _login(client, builders.user("executive", role=Role.EXECUTIVE))
    for track, agencies in (("parliament", {"MOI"}), ("secretary", {"DDC", "MOPH"}), ("foreign", {"MOPH", "MOI"})):
        exported = client.get(reverse("reports_dashboard"), {"track": track, "export": "csv", "chart": "agencies"})
        rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
        assert {row[0] for row in rows[1:]} == agencies
    overdue = client.get(reverse("reports_dashboard"), {"track": "parliament", "export": "csv", "chart": "overdue"})
    rows = list(csv.reader(io.StringIO(overdue.content.decode("utf-8-sig"))))
    assert [row[:2] for row in rows[1:]] == [["สผ 2569/001", world.complaints["parliament"].title]]
