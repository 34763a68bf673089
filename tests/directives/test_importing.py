"""
``import_directives``: every rule of issue 6 with files as officials send them (fixtures in
``fixtures/``: a Windows-874 CSV, a UTF-8 CSV typed by many hands; workbooks built here).
"""

import datetime
from pathlib import Path

import pytest
from django.utils.translation import override
from wagtail.models import Locale, Page, PageLogEntry, ReferenceIndex, Revision

from agencies.models import Agency
from core.choices import Status, Track
from directives.models import DirectiveAssignment, DirectivePage, Occasion
from imports.services import items_import, problems_csv
from search.models import SearchDocument
from tests import builders
from tests.imports.helpers import HEADER, agencies, csv_bytes, row, run, xlsx_bytes

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def setup():
    index = builders.directive_index()
    return agencies(), index


def _import(data, filename="directives.csv", **options):
    return items_import(kind="directives", data=data, filename=filename, **options)


def _problems(result):
    return {(problem.row, problem.column): problem for problem in result.problems}


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Page,
            Revision,
            PageLogEntry,
            DirectiveAssignment,
            Agency,
            Occasion,
            SearchDocument,
            ReferenceIndex,
        )
    }


def test_a_directive_is_imported_with_its_agencies_deadline_and_occasion(setup):
    result = _import(csv_bytes([row()]), publish=True)
    assert (result.created, result.rejected, result.problems) == (1, 0, [])
    page = DirectivePage.objects.get(reference="นร 0505/2565-001")
    assert page.live and page.title == "เร่งรัดการฉีดวัคซีนในพื้นที่ภาคใต้"
    assert page.issued_on == datetime.date(2022, 1, 25)
    assert page.track == Track.POLICY
    assert str(page.body) == "<p>ให้กระทรวงสาธารณสุขเร่งรัดการฉีดวัคซีน</p><p>รายงานผลทุกสัปดาห์</p>"
    assert page.occasion.title_th == "การประชุมคณะรัฐมนตรี" and page.occasion.date == page.issued_on
    assignments = [(a.agency.code, a.role, a.deadline) for a in page.assignments.order_by("sort_order")]
    assert assignments == [
        ("MOPH", "lead", datetime.date(2022, 3, 31)),
        ("MOI", "supporting", datetime.date(2022, 3, 31)),
    ]


def test_imported_directives_are_as_if_made_by_hand(setup):
    agency_map, index = setup
    by_hand = DirectivePage(
        title="ทำด้วยมือ",
        slug="by-hand",
        reference="มือ-1",
        issued_on=datetime.date(2022, 1, 25),
        body="<p>เร่งรัดการฉีดวัคซีน</p>",
        live=False,
    )
    by_hand.assignments.add(DirectiveAssignment(agency=agency_map["MOPH"], role="lead"))
    index.add_child(instance=by_hand)
    by_hand.save_revision(log_action=True).publish()
    _import(csv_bytes([row(body_th="เร่งรัดการฉีดวัคซีน")]), publish=True)
    imported = DirectivePage.objects.get(reference="นร 0505/2565-001")
    by_hand = DirectivePage.objects.get(pk=by_hand.pk)

    def history(page):
        entries = PageLogEntry.objects.filter(page=page).order_by("pk").values_list("action", "revision_id")
        return [(action, revision is None) for action, revision in entries]

    assert (
        history(imported)
        == history(by_hand)
        == [
            ("wagtail.create", True),
            ("wagtail.edit", False),
            ("wagtail.publish", False),
        ]
    )
    for page in (imported, by_hand):
        assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 1
        assert page.live_revision_id == page.latest_revision_id
        assert not page.has_unpublished_changes and page.first_published_at and page.draft_title == page.title
        assert page.url_path == f"{index.url_path}{page.slug}/"
        assert page.get_latest_revision_as_object().assignments.count() == page.assignments.count()
    assert Page.find_problems() == ([], [], [], [], [])
    assert index.specific.get_children().count() == Page.objects.get(pk=index.pk).numchild == 2

    def document(page):
        return SearchDocument.objects.filter(page=page).values(
            "live", "item_public", "kind", "track", "status", "fiscal_year", "locale"
        )[0]

    assert document(imported) == document(by_hand)
    assert {p.pk for p in DirectivePage.objects.search("วัคซีน")} >= {imported.pk, by_hand.pk}
    assert ReferenceIndex.objects.filter(object_id=str(imported.pk)).exists()
    # The admin edits and republishes it like any page.
    draft = imported.get_latest_revision_as_object()
    draft.title = "แก้ไขแล้ว"
    draft.save_revision(log_action=True).publish()
    assert DirectivePage.objects.get(pk=imported.pk).title == "แก้ไขแล้ว"


def test_without_publish_directives_are_drafts(setup):
    _import(csv_bytes([row()]))
    page = DirectivePage.objects.get()
    assert not page.live and page.has_unpublished_changes and page.first_published_at is None
    assert list(PageLogEntry.objects.filter(page=page).order_by("pk").values_list("action", flat=True)) == [
        "wagtail.create",
        "wagtail.edit",
    ]
    assert not SearchDocument.objects.get(page=page).live


def test_english_columns_make_the_english_translation(setup):
    _import(csv_bytes([row(title_en="Speed up vaccination", body_en="Vaccinate\n\nReport weekly")]), publish=True)
    thai = DirectivePage.objects.get(locale__language_code="th")
    english = thai.get_translation(Locale.objects.get(language_code="en"))
    assert english.live and english.title == "Speed up vaccination"
    assert str(english.body) == "<p>Vaccinate</p><p>Report weekly</p>"
    assert [a.agency.code for a in english.assignments.order_by("sort_order")] == ["MOPH", "MOI"]
    assert english.get_parent().specific.locale.language_code == "en"
    assert "wagtail.copy_for_translation" in PageLogEntry.objects.filter(page=english).values_list("action", flat=True)
    assert {p.pk for p in DirectivePage.objects.search("vaccination")} == {english.pk}


def test_a_dry_run_changes_nothing(setup):
    before = _counts()
    result = _import(csv_bytes([row(agencies="สธ.; กรมใหม่")]), dry_run=True, create_agencies=True)
    assert result.created == 1 and result.new_agencies == ["กรมใหม่"] and result.new_occasions == ["การประชุมคณะรัฐมนตรี"]
    assert _counts() == before


def test_importing_the_same_file_again_creates_nothing_new(setup):
    data = csv_bytes([row(), row("นร 0505/2565-002", title_en="In English")])
    _import(data, publish=True)
    before = _counts()
    result = _import(data, publish=True)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert _counts() == before


def test_a_changed_row_updates_the_directive_with_a_new_revision_and_an_audit_entry(setup):
    _import(csv_bytes([row()]), publish=True)
    page = DirectivePage.objects.get()
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    result = _import(csv_bytes([row(title_th="ชื่อใหม่", agencies="มท.", deadline="30/06/2565")]), publish=True)
    assert (result.created, result.updated) == (0, 1)
    page = DirectivePage.objects.get()
    assert page.title == "ชื่อใหม่"
    assert [(a.agency.code, a.role, a.deadline) for a in page.assignments.all()] == [
        ("MOI", "lead", datetime.date(2022, 6, 30))
    ]
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions + 1
    actions = list(PageLogEntry.objects.filter(page=page).order_by("pk").values_list("action", flat=True))
    assert actions[3:] == ["wagtail.edit", "wagtail.rename", "wagtail.publish"]
    assert SearchDocument.objects.get(page=page).live


def test_the_status_column_is_checked_not_written(setup):
    result = _import(csv_bytes([row(status="ดำเนินการแล้วเสร็จ")]), publish=True)
    assert result.created == 1
    warning = _problems(result)[(2, "status")]
    assert warning.level == "warning" and "derived" in warning.message
    assert DirectivePage.objects.get().status == Status.NOT_STARTED


def test_thai_spreadsheet_realities_are_normalised(setup):
    result = _import((FIXTURES / "many-hands.csv").read_bytes(), filename="many-hands.csv", publish=True)
    pages = {p.reference: p for p in DirectivePage.objects.all()}
    assert set(pages) == {"นร 0505/2563-001", "นร 0505/2563-002", "นร 0505/2563-003", "นร 0505/2563-004"}
    first = pages["นร 0505/2563-001"]
    # Thai digits, a decomposed ำ, a zero-width space and extra spaces around "กระทรวงมหาดไทย".
    assert first.title == "การบริหารจัดการน้ำในฤดูฝน"
    assert first.issued_on == datetime.date(2020, 6, 10)
    assert [(a.agency.code, a.deadline) for a in first.assignments.all()] == [("MOI", datetime.date(2020, 9, 30))]
    assert pages["นร 0505/2563-002"].issued_on == datetime.date(2020, 7, 1)  # Excel serial 44013
    third = pages["นร 0505/2563-003"]
    assert third.issued_on == datetime.date(2020, 7, 1)  # "1 July 2020"
    assert [a.agency.code for a in third.assignments.order_by("sort_order")] == ["MOPH", "DDC"]
    # The government's agency list knows กระทรวงการคลัง.
    assert [a.agency.code for a in pages["นร 0505/2563-004"].assignments.all()] == ["MOF"]
    problems = _problems(result)
    assert (5, "agencies") not in problems
    assert problems[(6, "title_th")].params == {"length": 2000, "max": 255}
    assert problems[(7, "ref")].level == "warning"  # the same row twice: imported once
    assert "four-digit year" in problems[(8, "issued_on")].message
    assert "ambiguous" in problems[(9, "status")].message
    assert problems[(10, "ref")].params == {"rows": "11"} and problems[(11, "ref")].params == {"rows": "10"}
    assert (result.created, result.rejected) == (4, 5)


def test_windows_874_csv_is_read(setup):
    result = _import((FIXTURES / "windows-874.csv").read_bytes(), filename="windows-874.csv", publish=True)
    pages = {p.reference: p for p in DirectivePage.objects.all()}
    assert set(pages) == {"นร 0505/2562-001", "นร 0505/2562-002"}
    second = pages["นร 0505/2562-002"]
    assert second.issued_on == datetime.date(2019, 7, 16)
    assert [(a.agency.code, a.deadline) for a in second.assignments.order_by("sort_order")] == [
        ("MOI", datetime.date(2019, 12, 31)),
        ("MOPH", datetime.date(2019, 12, 31)),
    ]
    problems = _problems(result)
    assert problems[(1, "หมายเหตุ")].level == "warning"  # an unknown column, reported and ignored
    assert "four-digit year" in problems[(5, "deadline")].message  # 20/07/62
    assert result.rejected == 1  # the blank row 4 is no row at all


def test_values_that_would_need_a_guess_are_row_errors(setup):
    rows = [
        row("R-1", track="ด้านอื่น"),
        row("R-2", agencies="สธ.; สธ."),
        row("R-3", deadline="01/01/2565"),
        row("R-4", deadline="31/03/2565; 30/04/2565; 31/05/2565"),
        row("R-5", issued_on="2250"),
        row("R-6", body_th="", title_th=""),
        row("R-7", title_en="", body_en="English only"),
        row("R-8", track="ด้านประสานงานการเมือง", agencies="Ministry of Interior", status="on_track"),
    ]
    result = _import(csv_bytes(rows))
    problems = _problems(result)
    assert "policy, parliament, foreign, secretary" in problems[(2, "track")].text
    assert "twice" in problems[(3, "agencies")].message
    assert "before the issue date" in problems[(4, "deadline")].message
    assert problems[(5, "deadline")].params == {"deadlines": 3, "agencies": 2}
    assert "Not a date" in problems[(6, "issued_on")].message
    assert {(7, "title_th"), (7, "body_th")} <= set(problems)
    assert "English title" in problems[(8, "title_en")].message
    assert result.created == 1 and DirectivePage.objects.get().track == Track.PARLIAMENT


def test_an_agency_name_that_fits_several_agencies_is_an_error(setup):
    builders.agency("MOI2", "กรมมหาดไทย", short_name_th="มท.")
    result = _import(csv_bytes([row(agencies="มท.")]), strict=True)
    problem = _problems(result)[(2, "agencies")]
    assert "several agencies" in problem.message and "กรมมหาดไทย" in problem.params["names"]


def test_unknown_agencies_are_created_when_allowed(setup):
    result = _import(csv_bytes([row(agencies="กรมใหม่; สธ.")]), create_agencies=True)
    assert result.created == 1 and result.new_agencies == ["กรมใหม่"]
    created = Agency.objects.get(name_th="กรมใหม่")
    assert created.code == "IMP-0001"
    assert DirectivePage.objects.get().assignments.get(role="lead").agency == created


def test_an_xlsx_with_title_rows_merged_headings_formulas_and_blank_rows(setup):
    header = ["ref", "title_th", "body_th", "issued_on", "agencies", None, "deadline"]
    rows = [
        ["X-1", "ข้อสั่งการแรก", "เนื้อหา", datetime.datetime(2022, 1, 25), "สธ.", "มท.", "=DATE(2022,3,31)"],
        [None] * 7,
        ["X-2", "ข้อสั่งการที่สอง", "เนื้อหา", datetime.datetime(2565, 2, 1), "มท.", None, None],
        ["X-3", "=A2", "เนื้อหา", "๑ ก.พ. ๒๕๖๕", "มท.", None, None],
    ]
    data = xlsx_bytes(rows, header=header, before=[["ข้อสั่งการนายกรัฐมนตรี ปี 2565"]], merge=["A1:G1", "E2:F2"])
    result = _import(data, filename="directives.xlsx")
    pages = {p.reference: p for p in DirectivePage.objects.all()}
    # "agencies" spans E and F: both columns are agencies. The formula has no saved value: an error.
    assert "formula" in _problems(result)[(3, "deadline")].message
    assert set(pages) == {"X-2"}
    assert pages["X-2"].issued_on == datetime.date(2022, 2, 1)  # a BE year typed into a date cell
    assert "formula" in _problems(result)[(6, "title_th")].message
    assert result.rejected == 2


def test_an_xlsx_with_computed_formulas_and_merged_cells_down_a_column(setup):
    header = ["ref", "title_th", "body_th", "issued_on", "occasion", "agencies"]
    rows = [
        ["M-1", "ข้อสั่งการแรก", "เนื้อหา", "25/01/2565", "การประชุมคณะรัฐมนตรี", "สธ."],
        ["M-2", "ข้อสั่งการที่สอง", "เนื้อหา", "25/01/2565", None, "มท."],
    ]
    data = xlsx_bytes(rows, header=header, merge=["E2:E3"])
    result = _import(data, filename="directives.xlsx")
    assert result.created == 2
    assert {p.occasion.title_th for p in DirectivePage.objects.all()} == {"การประชุมคณะรัฐมนตรี"}


def test_a_file_without_a_header_row_is_refused(setup, tmp_path):
    result = _import(b"a,b\r\n1,2\r\n")
    assert result.failed and "header" in result.problems[0].message
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\r\n")
    with pytest.raises(Exception, match="could not be imported"):
        run("import_directives", path)


def test_the_error_report_lists_row_column_value_and_problem(setup):
    result = _import(csv_bytes([row(agencies="กรมลึกลับ")]), strict=True)
    report = problems_csv(result.problems).decode("utf-8-sig").splitlines()
    assert report[0] == "row,column,value,problem,level"
    assert report[1].startswith("2,agencies,กรมลึกลับ,")
    assert report[1].endswith(",error")


def test_the_command_reports_progress_and_writes_the_report(setup, tmp_path):
    path = tmp_path / "d.csv"
    path.write_bytes(csv_bytes([row(), row("R-2", agencies="กรมลึกลับ")]))
    with override("en"):
        output = run("import_directives", path, "--publish", "--report", str(tmp_path / "report.csv"))
    assert "      1  Created" in output and "      1  Rejected rows" in output
    assert "กรมลึกลับ" in (tmp_path / "report.csv").read_text(encoding="utf-8-sig")
    assert DirectivePage.objects.get().live
    with override("en"):
        output = run("import_directives", path, "--dry-run")
    assert "Dry run of d.csv: nothing was changed." in output
    assert "      0  To be created" in output and "      1  Unchanged" in output


def test_headers_in_any_order_and_case(setup):
    header = [column.upper() for column in reversed(HEADER)]
    result = _import(csv_bytes([list(reversed(row()))], header=header))
    assert result.created == 1 and not result.problems
