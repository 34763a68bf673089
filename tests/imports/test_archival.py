"""
Archival import (issue 20, point 3): a row with a title and a text is imported whatever else its record
lacks, marked with what is missing; ``--strict`` keeps the old refusals.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import get_commands, load_command_class
from django.urls import reverse

from complaints.models import ComplaintPage
from core.choices import DatePrecision, Gap
from core.roles import Role
from core.thai import partial_date
from directives.importing import DirectiveFile
from directives.models import DirectivePage, Occasion
from imports.models import ImportJob
from imports.problems import WARNING
from imports.reading import RawRow
from imports.services import items_export, items_import
from policies.models import PolicyPage
from tests import builders
from tests.complaints import helpers as complaint_helpers

from .helpers import HEADER, POLICY_HEADER, agencies, csv_bytes, policy_row, row, run, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    return agencies(), builders.directive_index()


def _import(data, filename="directives.csv", **options):
    return items_import(kind="directives", data=data, filename=filename, **options)


def _problems(result):
    return {(problem.row, problem.column): problem for problem in result.problems}


def _errors(result):
    return {(problem.row, problem.column) for problem in result.problems if problem.level != WARNING}


def _parsed(**values):
    """A directive row as the importer reads it (``DirectiveFile.parse``), from ``helpers.row`` values."""
    raw = RawRow(number=2, cells={column: [value] for column, value in zip(HEADER, row(**values), strict=True)})
    parsed, problems = DirectiveFile(create_agencies=False).parse(raw)
    return parsed, problems


def test_a_directive_without_an_issue_date_is_imported_and_marked_date_not_recorded(setup):
    result = _import(csv_bytes([row(issued_on="")]), publish=True)
    assert (result.created, result.rejected) == (1, 0)
    warning = _problems(result)[(2, "issued_on")]
    assert warning.level == WARNING and "date not recorded" in warning.message
    page = DirectivePage.objects.get()
    assert page.issued_on is None and page.gaps == (Gap.DATE,)
    assert page.assignments.count() == 2


def test_a_directive_without_agencies_is_imported_and_marked_agency_not_recorded(setup):
    result = _import(csv_bytes([row(agencies="", deadline="")]), publish=True)
    assert (result.created, result.rejected) == (1, 0)
    assert _problems(result)[(2, "agencies")].level == WARNING
    page = DirectivePage.objects.get()
    assert not page.assignments.exists() and page.gaps == (Gap.AGENCIES,)


def test_a_deadline_without_an_agency_to_hold_it_is_a_row_error(setup):
    result = _import(csv_bytes([row(agencies="", deadline="31/03/2565")]))
    assert (2, "deadline") in _errors(result) and result.rejected == 1


@pytest.mark.parametrize("text", ["30 ก.ย.", "22 มีนาคม", "7ธ.ค.", "๑๓ ธ.ค.", "5 January"])
def test_a_day_and_month_without_a_year_is_imported_as_date_not_recorded(setup, text):
    result = _import(csv_bytes([row(issued_on=text, deadline="")]))
    assert (result.created, result.rejected) == (1, 0)
    warning = _problems(result)[(2, "issued_on")]
    assert warning.level == WARNING and warning.value == text and "no year" in warning.message
    page = DirectivePage.objects.get()
    assert page.issued_on is None and page.gaps == (Gap.DATE,)
    strict = _import(csv_bytes([row("R-2", issued_on=text, deadline="")]), strict=True)
    assert (2, "issued_on") in _errors(strict) and strict.rejected == 1


@pytest.mark.parametrize(
    "text, day",
    [
        ("Tuesday January 5, 2021", datetime.date(2021, 1, 5)),
        ("March 28, 2025", datetime.date(2025, 3, 28)),
        ("Wednesday, 24 July 2024 16:31", datetime.date(2024, 7, 24)),
        ("25 สิงหาคม 2563 เวลา 10.30 น.", datetime.date(2020, 8, 25)),
        ("14 01 2019", datetime.date(2019, 1, 14)),
    ],
)
def test_dates_as_news_sites_print_them_are_read(setup, text, day):
    result = _import(csv_bytes([row(issued_on=text, deadline="")]))
    assert (result.created, result.problems) == (1, [])
    assert DirectivePage.objects.get().issued_on == day


def test_a_date_that_needs_a_guess_is_still_a_row_error(setup):
    result = _import(csv_bytes([row(issued_on="31/02/2565"), row("R-2", issued_on="13/2565")]))
    assert {(2, "issued_on"), (3, "issued_on")} <= _errors(result) and result.rejected == 2


def test_each_parsed_row_names_its_gaps_with_a_warning_for_each():
    agencies()
    parsed, problems = _parsed(ref="", issued_on="มีนาคม 2565", agencies="", deadline="")
    assert parsed.gaps == ("ref", "date_precision", "agencies")
    assert [problem.column for problem in problems] == ["ref", "issued_on", "agencies"]
    assert all(problem.level == WARNING for problem in problems)
    undated, _warnings = _parsed(issued_on="")
    assert undated.gaps == ("issued_on",)
    complete, problems = _parsed()
    assert complete.gaps == () and problems == []


@pytest.mark.parametrize(
    "text, day, precision, shown_th, shown_en",
    [
        ("มีนาคม 2565", datetime.date(2022, 3, 1), DatePrecision.MONTH, "มีนาคม 2565", "March 2022"),
        ("มี.ค. 65", datetime.date(2022, 3, 1), DatePrecision.MONTH, "มีนาคม 2565", "March 2022"),
        ("03/2565", datetime.date(2022, 3, 1), DatePrecision.MONTH, "มีนาคม 2565", "March 2022"),
        ("March 2022", datetime.date(2022, 3, 1), DatePrecision.MONTH, "มีนาคม 2565", "March 2022"),
        ("2564", datetime.date(2021, 1, 1), DatePrecision.YEAR, "พ.ศ. 2564", "2021"),
        ("พ.ศ. ๒๕๖๔", datetime.date(2021, 1, 1), DatePrecision.YEAR, "พ.ศ. 2564", "2021"),
        ("2021", datetime.date(2021, 1, 1), DatePrecision.YEAR, "พ.ศ. 2564", "2021"),
    ],
)
def test_a_date_known_to_the_month_or_year_is_kept_at_that_precision(
    setup, client, text, day, precision, shown_th, shown_en
):
    result = _import(csv_bytes([row(issued_on=text, deadline="")]), publish=True)
    assert result.created == 1, [problem.as_json() for problem in result.problems]
    warning = _problems(result)[(2, "issued_on")]
    assert warning.level == WARNING
    page = DirectivePage.objects.get()
    assert (page.issued_on, page.date_precision, page.gaps) == (day, precision, (Gap.DATE_PRECISION,))
    # The occasion the directive names is new: it is not dated by a day nobody recorded.
    assert Occasion.objects.get().date is None
    thai = client.get(page.url).content.decode()
    assert shown_th in thai and f"1 {shown_th}" not in thai
    assert partial_date(page.issued_on, page.date_precision, language="en") == shown_en


def test_a_directive_without_a_reference_gets_one_derived_from_its_text_the_same_on_every_import(setup):
    data = csv_bytes([row(""), row("", title_th="ข้อสั่งการอีกเรื่อง")])
    first = _import(data)
    assert (first.created, first.rejected) == (2, 0)
    refs = sorted(DirectivePage.objects.values_list("reference", flat=True))
    assert all(ref.startswith("ARC-") for ref in refs) and refs[0] != refs[1]
    warning = _problems(first)[(2, "ref")]
    assert warning.level == WARNING and warning.value in refs and "again" in warning.message
    # Spacing is not content: the same text typed with other spaces is the same record.
    again = _import(csv_bytes([row("", title_th="  เร่งรัดการฉีดวัคซีนในพื้นที่ภาคใต้ "), row("", title_th="ข้อสั่งการอีกเรื่อง")]))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert sorted(DirectivePage.objects.values_list("reference", flat=True)) == refs
    assert all(page.gaps == (Gap.REFERENCE,) for page in DirectivePage.objects.all())


def test_an_archive_without_a_reference_column_is_read_by_its_title_column(setup):
    header = ["title_th", "body_th", "issued_on", "agencies"]
    result = _import(xlsx_bytes([["ข้อสั่งการ", "ให้ดำเนินการ", "", ""]], header=header), filename="archive.xlsx")
    assert (result.created, result.rejected) == (1, 0)
    assert DirectivePage.objects.get().gaps == (Gap.DATE, Gap.AGENCIES, Gap.REFERENCE)


def test_a_row_without_a_title_or_a_text_is_still_refused(setup):
    result = _import(csv_bytes([row("", title_th=""), row("", body_th="")]))
    assert result.rejected == 2 and not DirectivePage.objects.exists()
    assert {(2, "title_th"), (3, "body_th"), (3, "ref")} <= _errors(result)


@pytest.mark.parametrize("heading", ["source_url", "source", "URL", "ลิงก์", "ที่มา", "แหล่งที่มา"])
def test_the_source_link_is_read_from_its_column_or_the_usual_headings(setup, client, heading):
    header = [*HEADER, heading]
    data = csv_bytes([[*row(), "https://www.thaigov.go.th/news/contents/details/12345"]], header=header)
    result = _import(data, publish=True)
    assert (result.created, result.problems) == (1, [])
    page = DirectivePage.objects.get()
    assert page.source_url == "https://www.thaigov.go.th/news/contents/details/12345"
    html = client.get(page.url).content.decode()
    assert 'href="https://www.thaigov.go.th/news/contents/details/12345" rel="noopener' in html


def test_a_source_link_must_be_a_web_address(setup):
    header = [*HEADER, "source_url"]
    rows = [
        [*row("R-1"), "javascript:alert(1)"],
        [*row("R-2"), "data:text/html,<script>alert(1)</script>"],
        [*row("R-3"), "ftp://example.com/a"],
        [*row("R-4"), "www.thaigov.go.th/news/1"],
    ]
    result = _import(csv_bytes(rows, header=header))
    assert {(2, "source_url"), (3, "source_url"), (4, "source_url")} <= _errors(result)
    assert "http://" in _problems(result)[(2, "source_url")].text
    assert list(DirectivePage.objects.values_list("source_url", flat=True)) == ["https://www.thaigov.go.th/news/1"]


def test_an_unknown_column_is_reported_by_name_in_the_dry_run(setup):
    header = [*HEADER, "หมายเหตุ", "ที่มา"]
    result = _import(csv_bytes([[*row(), "ตามมติ ครม.", "https://www.soc.go.th/"]], header=header), dry_run=True)
    problem = _problems(result)[(1, "หมายเหตุ")]
    assert problem.level == WARNING and "หมายเหตุ" in problem.text
    assert (1, "ที่มา") not in _problems(result)
    assert result.created == 1 and not DirectivePage.objects.exists()


def test_strict_refuses_what_an_archival_import_marks(setup, tmp_path):
    rows = [
        row("R-1", issued_on=""),
        row("R-2", agencies="", deadline=""),
        row("", title_th="ไม่มีเลขที่"),
        row("R-4", issued_on="มีนาคม 2565", deadline=""),
        row("R-5"),
    ]
    strict = _import(csv_bytes(rows), strict=True, dry_run=True)
    assert (strict.created, strict.rejected) == (1, 4)
    assert {(2, "issued_on"), (3, "agencies"), (4, "ref"), (5, "issued_on")} <= _errors(strict)
    assert not DirectivePage.objects.exists()
    path = tmp_path / "d.csv"
    path.write_bytes(csv_bytes(rows))
    run("import_directives", path, "--strict")
    assert list(DirectivePage.objects.values_list("reference", flat=True)) == ["R-5"]
    run("import_directives", path)
    assert DirectivePage.objects.count() == 5


def test_the_admin_import_screen_offers_strict_and_its_import_keeps_to_it(client):
    agencies()
    builders.directive_index()
    builders.staff_login(client, builders.user("pmo_admin", role=Role.PMO_ADMIN))
    assert 'name="strict"' in client.get(reverse("imports_index")).content.decode()
    data = csv_bytes([row("R-1"), row("R-2", issued_on="")])
    for strict, rejected, imported in ((True, 1, ["R-1"]), (False, 0, ["R-1", "R-2"])):
        upload = SimpleUploadedFile("d.csv", data, content_type="text/csv")
        options = {"strict": "on"} if strict else {}
        client.post(reverse("imports_index"), {"kind": "directives", "file": upload, **options})
        job = ImportJob.objects.first()
        assert job.strict is strict and job.preview["rejected"] == rejected
        client.post(reverse("imports_job", args=[job.pk]))
        assert sorted(DirectivePage.objects.values_list("reference", flat=True)) == imported


def test_policies_without_a_number_get_one_and_keep_a_partial_period_start(setup):
    builders.policy_index()
    rows = [
        policy_row("", period_start="ตุลาคม 2564", agencies="", deadline=""),
        policy_row("2", period_start="2565"),
    ]
    header = [*POLICY_HEADER, "source"]
    rows[1].append("https://www.soc.go.th/")
    rows[0].append("")
    result = items_import(kind="policies", data=csv_bytes(rows, header=header), filename="p.csv")
    assert (result.created, result.rejected) == (2, 0), [problem.as_json() for problem in result.problems]
    derived = PolicyPage.objects.exclude(number="2").get()
    assert derived.number.startswith("ARC-")
    assert (derived.period_start, derived.date_precision) == (datetime.date(2021, 10, 1), DatePrecision.MONTH)
    assert set(derived.gaps) == {Gap.REFERENCE, Gap.DATE_PRECISION}
    second = PolicyPage.objects.get(number="2")
    assert (second.period_start, second.date_precision) == (datetime.date(2022, 1, 1), DatePrecision.YEAR)
    assert second.source_url == "https://www.soc.go.th/"
    strict = items_import(kind="policies", data=csv_bytes(rows, header=header), filename="p.csv", strict=True)
    assert {(2, "number"), (2, "period_start"), (3, "period_start")} <= _errors(strict)


def test_complaints_without_a_received_date_are_imported_and_still_need_their_case_number():
    agencies()
    complaint_helpers.complaint_index()
    header = ["ref", "title_th", "received_on", "details", "agencies"]
    rows = [
        ["ร 2563/0001", "ร้องเรียนน้ำประปาไม่ไหล", "", "น้ำไม่ไหลมาสามวัน", ""],
        ["ร 2563/0002", "ร้องเรียนถนนชำรุด", "ก.ค. 2563", "ถนนเป็นหลุม", "มท."],
        ["", "ร้องเรียนไฟฟ้าดับ", "2563", "ไฟดับทุกคืน", ""],
    ]
    result = items_import(kind="complaints", data=csv_bytes(rows, header=header), filename="c.csv")
    assert (result.created, result.rejected) == (2, 1)
    assert (4, "ref") in _errors(result)
    # The complainant's account is never echoed into the report as a derived reference.
    assert not any(problem.column == "ref" and problem.level == WARNING for problem in result.problems)
    undated = ComplaintPage.objects.get(reference="ร 2563/0001")
    assert undated.received_on is None and undated.gaps == (Gap.DATE,)
    month = ComplaintPage.objects.get(reference="ร 2563/0002")
    assert (month.received_on, month.date_precision) == (datetime.date(2020, 7, 1), DatePrecision.MONTH)
    strict = items_import(kind="complaints", data=csv_bytes(rows, header=header), filename="c.csv", strict=True)
    assert {(2, "received_on"), (3, "received_on")} <= _errors(strict)


def test_every_import_command_takes_strict(tmp_path):
    for command in ("import_directives", "import_policies", "import_complaints", "import_updates"):
        # Each kind's app declares its commands: found where Django finds them.
        parser = load_command_class(get_commands()[command], command).create_parser("manage.py", command)
        assert parser.parse_args(["file.csv", "--strict"]).strict is True
        assert parser.parse_args(["file.csv"]).strict is False


def test_archival_items_export_and_import_into_an_empty_database_as_the_same_items(setup):
    rows = [
        row("", issued_on="", agencies="", deadline=""),
        row("R-2", issued_on="มีนาคม 2565", deadline="30/04/2565"),
        row("R-3", issued_on="2564", agencies="มท.", deadline=""),
        row("R-4"),
    ]
    header = [*HEADER, "ที่มา"]
    data = csv_bytes([[*r, "https://www.thaigov.go.th/"] for r in rows], header=header)
    assert _import(data, publish=True).created == 4
    before = _items()
    first = items_export(kind="directives")
    assert "03/2565" in first.decode("utf-8-sig") and ",2564," in first.decode("utf-8-sig")

    for page in DirectivePage.objects.order_by("-depth"):
        page.delete()
    Occasion.objects.all().delete()
    result = _import(first, filename="export.csv", publish=True)
    assert (result.created, result.rejected) == (4, 0), [problem.as_json() for problem in result.problems]
    assert _items() == before
    assert items_export(kind="directives") == first
    assert _import(first, filename="export.csv").unchanged == 4


def _items():
    return sorted(
        (page.reference, page.issued_on, page.date_precision, page.source_url, page.gaps)
        for page in DirectivePage.objects.filter(locale__language_code="th")
    )


def test_an_agency_the_list_does_not_know_is_a_warning_and_the_directive_keeps_the_others(setup):
    result = _import(csv_bytes([row(agencies="สธ.; กระทรวงสาธารณะสุข; ทุกกระทรวง")]), publish=True)
    assert (result.created, result.rejected) == (1, 0)
    warnings = [problem for problem in result.problems if problem.column == "agencies"]
    assert {problem.level for problem in warnings} == {WARNING}
    assert any("กระทรวงสาธารณสุข" in problem.text for problem in warnings if problem.value == "กระทรวงสาธารณะสุข")
    directive = DirectivePage.objects.get()
    assert [assignment.agency.short_name_th for assignment in directive.assignments.all()] == ["สธ."]
    assert Gap.AGENCIES not in directive.gaps


def test_a_directive_naming_only_unknown_agencies_is_marked_agency_not_recorded(setup):
    result = _import(csv_bytes([row(agencies="ทุกกระทรวง", deadline="")]), publish=True)
    assert (result.created, result.rejected) == (1, 0)
    assert result.gaps == {"agencies": 1}
    assert Gap.AGENCIES in DirectivePage.objects.get().gaps


def test_strict_refuses_an_agency_the_list_does_not_know(setup):
    result = _import(csv_bytes([row(agencies="สธ.; ทุกกระทรวง")]), strict=True)
    assert (result.created, result.rejected) == (0, 1)
    assert (2, "agencies") in _errors(result)


def test_a_two_digit_year_after_a_thai_month_is_read_as_buddhist_era_and_the_dry_run_says_so(setup):
    result = _import(csv_bytes([row(issued_on="15 มี.ค. 65", deadline="")]), dry_run=True)
    assert (result.created, result.rejected) == (1, 0)
    note = _problems(result)[(2, "issued_on")]
    assert note.level == WARNING and note.params == {"date": "15 มีนาคม 2565"}
    _import(csv_bytes([row(issued_on="15 มี.ค. 65", deadline="")]), publish=True)
    assert DirectivePage.objects.get().issued_on == datetime.date(2022, 3, 15)
