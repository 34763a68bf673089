"""The admin's import screen: PMO administrators only, a preview in the user's language; confirm; export."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.users.models import UserProfile

from core.roles import Role
from directives.models import DirectivePage
from imports.models import ImportJob
from policies.models import PolicyPage
from tests import builders
from updates.models import ProgressUpdatePage

from .helpers import POLICY_HEADER, UPDATE_HEADER, agencies, csv_bytes, policy_row, row, update_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    agencies()
    builders.directive_index()
    builders.staff_login(client, builders.user("pmo_admin", role=Role.PMO_ADMIN))
    return client


def _upload(client, data, **options):
    upload = SimpleUploadedFile("directives.csv", data, content_type="text/csv")
    return client.post(reverse("imports_index"), {"kind": "directives", "file": upload, **options})


@pytest.mark.parametrize("role", [Role.PMO_COORDINATOR, Role.EXECUTIVE, Role.AGENCY_REPORTER])
def test_only_pmo_administrators_may_import_or_export(client, role):
    builders.staff_login(client, builders.user("someone", role=role))
    # Wagtail's admin answers a refusal with a redirect to its dashboard.
    for url in (reverse("imports_index"), reverse("imports_export", args=["directives", "csv"])):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert "imports_index" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_preview_shows_every_problem_in_thai_and_changes_nothing(admin_client):
    response = _upload(admin_client, csv_bytes([row(), row("R-2", agencies="กรมลึกลับ"), row("R-3", issued_on="1/2/65")]))
    job = ImportJob.objects.get()
    assert response.url == reverse("imports_job", args=[job.pk])
    assert not DirectivePage.objects.exists()
    page = admin_client.get(response.url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "กรมลึกลับ" in page and "ไม่รู้จักส่วนราชการ" in page
    assert "ปีสี่หลัก" in page
    report = admin_client.get(reverse("imports_report", args=[job.pk])).content.decode("utf-8-sig")
    assert report.splitlines()[0] == "row,column,value,problem,level"
    assert "3,agencies,กรมลึกลับ,ไม่รู้จักส่วนราชการ" in report


def test_the_preview_is_in_english_for_an_english_admin(admin_client):
    user = builders.user("english_admin", role=Role.PMO_ADMIN)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    builders.staff_login(admin_client, user)
    response = _upload(admin_client, csv_bytes([row(agencies="กรมลึกลับ")]))
    page = admin_client.get(response.url).content.decode()
    assert "Unknown agency" in page and "ไม่รู้จักส่วนราชการ" not in page


def test_confirming_imports_in_a_background_task_and_shows_the_outcome(admin_client):
    response = _upload(admin_client, csv_bytes([row(), row("R-2")]), publish="on")
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.PREVIEWED
    admin_client.post(response.url)
    job.refresh_from_db()
    # The tests' task backend runs tasks at once; a worker would run it in the background.
    assert job.state == ImportJob.State.DONE and (job.rows_done, job.rows_total) == (2, 2)
    assert DirectivePage.objects.filter(live=True).count() == 2
    page = admin_client.get(response.url).content.decode()
    assert "rows/s" in page or "แถว/วินาที" in page
    # Confirming twice runs nothing twice.
    admin_client.post(response.url)
    assert DirectivePage.objects.count() == 2


def test_export_downloads_the_import_format(admin_client):
    _upload(admin_client, csv_bytes([row()]))
    admin_client.post(reverse("imports_job", args=[ImportJob.objects.get().pk]))
    response = admin_client.get(reverse("imports_export", args=["directives", "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").splitlines()[1].startswith("นร 0505/2565-001,")
    response = admin_client.get(reverse("imports_export", args=["directives", "xlsx"]))
    assert response.content[:2] == b"PK"


def test_policies_and_updates_are_previewed_confirmed_and_exported_too(admin_client):
    builders.policy_index()
    upload = SimpleUploadedFile(
        "p.csv", csv_bytes([policy_row("1.1", parent="1"), policy_row("1")], header=POLICY_HEADER)
    )
    response = admin_client.post(reverse("imports_index"), {"kind": "policies", "file": upload, "publish": "on"})
    admin_client.post(response.url)
    assert PolicyPage.objects.filter(live=True).count() == 2
    upload = SimpleUploadedFile("u.csv", csv_bytes([update_row("1.1")], header=UPDATE_HEADER))
    response = admin_client.post(reverse("imports_index"), {"kind": "updates", "file": upload, "create_agencies": "on"})
    assert response.status_code == 200 and not ImportJob.objects.filter(kind="updates").exists()
    upload = SimpleUploadedFile("u.csv", csv_bytes([update_row("1.1")], header=UPDATE_HEADER))
    response = admin_client.post(reverse("imports_index"), {"kind": "updates", "file": upload})
    admin_client.post(response.url)
    assert ProgressUpdatePage.objects.get().has_unpublished_changes
    for kind, first in (("policies", "1,"), ("updates", "1.1,")):
        response = admin_client.get(reverse("imports_export", args=[kind, "csv"]))
        assert response.content.decode("utf-8-sig").splitlines()[1].startswith(first)
    index = admin_client.get(reverse("imports_index")).content.decode()
    assert reverse("imports_export", args=["updates", "xlsx"]) in index


def test_the_preview_and_the_job_page_show_the_report(admin_client):
    from django.utils.translation import override

    from agencies.models import Agency
    from updates.models import UpdateGap

    builders.directive("นร 0505/2565-001", Agency.objects.get(code="MOPH"))
    rows = [
        update_row(status="completed", percent_complete="100"),
        update_row(agency="คร.", period_end="30/06/2565"),
        update_row("นร 0505/2565-999"),
    ]
    upload = SimpleUploadedFile("u.csv", csv_bytes(rows, header=UPDATE_HEADER))
    response = admin_client.post(reverse("imports_index"), {"kind": "updates", "file": upload, "publish": "on"})
    page = admin_client.get(response.url).content.decode()
    with override("th"):
        expected = [
            str(UpdateGap.EVIDENCE.label),
            "จะสร้างใหม่",  # to be created
            "แถวที่ไม่นำเข้า",  # rejected rows
            "ไม่ได้รับมอบหมายในเรื่องนี้",  # the reason a row was refused, from update_check
        ]
    assert all(text in page for text in expected)
    assert reverse("imports_report", args=[ImportJob.objects.get().pk]) in page
    admin_client.post(response.url)
    page = admin_client.get(response.url).content.decode()
    assert "สร้างใหม่" in page and str(UpdateGap.EVIDENCE.label) in page
    assert ProgressUpdatePage.objects.get().evidence_not_recorded


def test_the_admin_offers_the_files_of_the_registered_kinds_only(admin_client, note_kind):
    page = admin_client.get(reverse("imports_index")).content.decode()
    assert 'value="notes"' in page and reverse("imports_export", args=["notes", "csv"]) in page
    assert 'value="foreign"' not in page
    assert admin_client.get(reverse("imports_export", args=["notes", "csv"])).status_code == 200
    assert admin_client.get(reverse("imports_export", args=["foreign", "csv"])).status_code == 404
    upload = SimpleUploadedFile("foreign.csv", csv_bytes([row()]), content_type="text/csv")
    response = admin_client.post(reverse("imports_index"), {"kind": "foreign", "file": upload})
    assert response.status_code == 200 and not ImportJob.objects.exists()
    assert "foreign" in response.context["form"].errors["kind"][0]


def test_a_file_of_a_kind_registered_with_one_is_previewed_as_a_job_of_its_name(admin_client, note_kind):
    upload = SimpleUploadedFile("notes.csv", csv_bytes([row()]), content_type="text/csv")
    admin_client.post(reverse("imports_index"), {"kind": "notes", "file": upload})
    assert ImportJob.objects.get().kind == "notes"
