"""
``import_policies``: the policy tree rebuilt from parent numbers, with files as officials send them
(``fixtures/policies-many-hands.csv``) and the rules shared with directives.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.translation import override
from wagtail.models import Locale, Page, PageLogEntry, Revision

from imports.services import items_import
from policies.models import PolicyAssignment, PolicyIndicator, PolicyPage
from search.models import SearchDocument
from tests import builders
from tests.imports.helpers import POLICY_HEADER, agencies, csv_bytes, policy_row, run

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def setup():
    return agencies(), builders.policy_index()


def _import(data, filename="policies.csv", **options):
    return items_import(kind="policies", data=data, filename=filename, **options)


def _csv(rows):
    return csv_bytes(rows, header=POLICY_HEADER)


def _problems(result):
    return {(problem.row, problem.column): problem for problem in result.problems}


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, Revision, PageLogEntry, PolicyAssignment, PolicyIndicator, SearchDocument)
    }


def _parent_number(page):
    return page.get_parent().specific.number if isinstance(page.get_parent().specific, PolicyPage) else ""


def test_the_tree_is_rebuilt_from_parent_numbers_whatever_the_row_order(setup):
    _, index = setup
    rows = [policy_row("1.1.1", parent="1.1"), policy_row("1.1", parent="1"), policy_row("1"), policy_row("2")]
    result = _import(_csv(rows), publish=True)
    assert (result.created, result.rejected) == (4, 0), result.problems
    pages = {page.number: page for page in PolicyPage.objects.all()}
    assert {number: _parent_number(page) for number, page in pages.items()} == {
        "1": "",
        "1.1": "1",
        "1.1.1": "1.1",
        "2": "",
    }
    assert pages["1"].get_parent().pk == index.pk and pages["1.1.1"].depth == index.depth + 3
    assert Page.find_problems() == ([], [], [], [], [])
    assert all(page.live and page.url_path.startswith(index.url_path) for page in pages.values())


def test_a_policy_is_imported_with_its_agencies_indicators_and_history(setup):
    row = policy_row(
        "1",
        summary_th="สรุปนโยบาย",
        agencies="สธ.; มท.",
        deadline="31/03/2565",
        indicators="ผู้ได้รับวัคซีน|ล้านคน|10|50|30/09/2565; โรงพยาบาล|แห่ง||1,200.5|",
    )
    result = _import(_csv([row]), publish=True)
    assert (result.created, result.problems) == (1, [])
    page = PolicyPage.objects.get()
    assert (page.summary, str(page.body)) == ("สรุปนโยบาย", "<p>ยกระดับระบบสาธารณสุข</p>")
    assert (page.period_start, page.period_end) == (datetime.date(2021, 10, 1), datetime.date(2022, 9, 30))
    assert [(a.agency.code, a.role, a.deadline) for a in page.assignments.order_by("sort_order")] == [
        ("MOPH", "lead", datetime.date(2022, 3, 31)),
        ("MOI", "supporting", datetime.date(2022, 3, 31)),
    ]
    assert [(i.name, i.unit, i.baseline, i.target, i.target_date) for i in page.indicators.order_by("sort_order")] == [
        ("ผู้ได้รับวัคซีน", "ล้านคน", Decimal("10"), Decimal("50"), datetime.date(2022, 9, 30)),
        ("โรงพยาบาล", "แห่ง", None, Decimal("1200.5"), None),
    ]
    assert list(PageLogEntry.objects.filter(page=page).order_by("pk").values_list("action", flat=True)) == [
        "wagtail.create",
        "wagtail.edit",
        "wagtail.publish",
    ]
    assert page.get_latest_revision_as_object().indicators.count() == 2
    assert SearchDocument.objects.get(page=page).live
    assert {p.pk for p in PolicyPage.objects.search("สาธารณสุข")} == {page.pk}


def test_english_columns_make_english_translations_down_the_tree(setup):
    rows = [policy_row("1.1", parent="1", title_en="Vaccination"), policy_row("1", title_en="Public health")]
    assert _import(_csv(rows), publish=True).created == 2
    english = Locale.objects.get(language_code="en")
    child = PolicyPage.objects.get(number="1.1", locale__language_code="th").get_translation(english)
    assert child.title == "Vaccination" and child.get_parent().specific.title == "Public health"
    assert child.get_parent().get_parent().specific.locale == english
    result = _import(
        _csv(
            [
                policy_row("1.2", parent="1", title_en="Water"),
                policy_row("2.1", parent="2", title_en="X"),
                policy_row("2"),
            ]
        )
    )
    assert result.created == 2 and "no English title" in _problems(result)[(3, "parent")].message


def test_thai_spreadsheet_realities_and_bad_rows(setup):
    data = (FIXTURES / "policies-many-hands.csv").read_bytes()
    result = _import(data, filename="policies-many-hands.csv", publish=True)
    pages = {page.number: page for page in PolicyPage.objects.all()}
    assert set(pages) == {"1", "1.1", "1.2"}
    child = pages["1.1"]
    assert _parent_number(child) == "1"  # the child came before its parent in the file
    assert child.category == "urgent" and child.period_start == datetime.date(2021, 10, 1)
    assert [a.agency.code for a in child.assignments.order_by("sort_order")] == ["MOPH", "DDC"]
    assert [(i.baseline, i.target) for i in child.indicators.order_by("sort_order")] == [
        (Decimal("10"), Decimal("50")),
        (None, Decimal("1200")),
    ]
    assert pages["1"].title == "ด้านสาธารณสุข" and pages["1"].period_end == datetime.date(2022, 9, 30)
    assert pages["1.2"].title == "การบริหารจัดการน้ำในโรงพยาบาล"
    problems = _problems(result)
    assert "Unknown agency" in problems[(6, "agencies")].message
    assert problems[(7, "parent")].params == {"parent": "9"}
    assert "cycle" in problems[(8, "parent")].message and "cycle" in problems[(9, "parent")].message
    assert problems[(10, "parent")].params == {"parent": "1.3"}  # its parent's row was left out
    assert problems[(11, "number")].level == "warning"
    assert problems[(12, "number")].params == {"rows": "13"}
    assert "four-digit year" in problems[(14, "period_start")].message
    assert "two decimals" in problems[(14, "indicators")].message
    assert "ambiguous" in problems[(15, "status")].message
    assert (result.created, result.rejected) == (3, 9)


def test_a_dry_run_changes_nothing(setup):
    before = _counts()
    result = _import(
        _csv([policy_row("1"), policy_row("1.1", parent="1", agencies="กรมใหม่")]), dry_run=True, create_agencies=True
    )
    assert result.created == 2 and result.new_agencies == ["กรมใหม่"]
    assert _counts() == before


def test_importing_the_same_file_again_creates_nothing_new(setup):
    data = _csv([policy_row("1.1", parent="1", title_en="Child"), policy_row("1", title_en="Parent")])
    _import(data, publish=True)
    before = _counts()
    result = _import(data, publish=True)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert _counts() == before


def test_a_changed_row_updates_the_policy_with_a_new_revision_and_an_audit_entry(setup):
    _import(_csv([policy_row("1"), policy_row("2"), policy_row("2.1", parent="2")]), publish=True)
    policy = PolicyPage.objects.get(number="2.1")
    indicator = policy.indicators.get()
    revisions = Revision.page_revisions.filter(object_id=str(policy.pk)).count()
    changed = policy_row(
        "2.1", parent="1", title_th="ชื่อใหม่", indicators="ผู้ได้รับวัคซีน|ล้านคน|10|60|30/09/2565", agencies="มท."
    )
    result = _import(_csv([changed]), publish=True)
    assert (result.created, result.updated) == (0, 1)
    policy = PolicyPage.objects.get(pk=policy.pk)
    assert policy.title == "ชื่อใหม่" and _parent_number(policy) == "1"
    # The indicator is the same one, so that values reported for it stay.
    assert policy.indicators.get().pk == indicator.pk and policy.indicators.get().target == Decimal("60")
    assert [a.agency.code for a in policy.assignments.all()] == ["MOI"]
    assert Revision.page_revisions.filter(object_id=str(policy.pk)).count() == revisions + 1
    actions = list(PageLogEntry.objects.filter(page=policy).order_by("pk").values_list("action", flat=True))
    assert actions[3:] == ["wagtail.move", "wagtail.edit", "wagtail.rename", "wagtail.publish"]
    assert Page.find_problems() == ([], [], [], [], [])


def test_without_publish_policies_are_drafts(setup):
    _import(_csv([policy_row("1")]))
    page = PolicyPage.objects.get()
    assert not page.live and page.has_unpublished_changes


def test_the_command_imports_and_reports(setup, tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(_csv([policy_row("1"), policy_row("2", parent="8")]))
    with override("en"):
        output = run("import_policies", path, "--publish")
    assert "      1  Created" in output and "      1  Rejected rows" in output
    assert "row 3, parent" in output
