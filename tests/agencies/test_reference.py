"""
The government's agency list: loaded by migration, refreshed by ``load_agencies`` (in place, by
code, former names kept); its names are what the resolver (tests/agencies/test_selectors.py) finds.
"""

import csv
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agencies.models import Agency
from agencies.reference import COLUMNS, DEFAULT_FILE, agencies_load, reference_agencies
from agencies.selectors import agency_resolve
from directives.models import DirectiveAssignment, DirectivePage
from imports.services import items_import
from tests import builders
from tests.imports.helpers import csv_bytes, row

pytestmark = pytest.mark.django_db


def _load(*args) -> str:
    out = StringIO()
    call_command("load_agencies", *args, stdout=out)
    return out.getvalue()


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for agency in rows:
            writer.writerow({**agency.__dict__, "aliases": ";".join(agency.aliases)})


def test_the_migration_gives_every_ministry_and_the_main_agencies_with_their_short_names():
    rows = reference_agencies()
    assert len(rows) >= 150
    assert Agency.objects.filter(code__in=[r.code for r in rows]).count() == len(rows)
    assert Agency.objects.filter(kind=Agency.Kind.MINISTRY).count() == 20
    moph = Agency.objects.get(code="MOPH")
    assert (moph.name_th, moph.name_en, moph.short_name_th) == ("กระทรวงสาธารณสุข", "Ministry of Public Health", "สธ.")
    assert Agency.objects.get(short_name_th="ปค.").parent.code == "MOI"
    assert Agency.objects.get(code="NESDC").parent.code == "OPM"
    assert Agency.objects.get(short_name_th="สตง.").kind == Agency.Kind.INDEPENDENT


def test_loading_the_list_again_changes_nothing():
    before = list(Agency.objects.order_by("pk").values())
    output = _load()
    assert f"Created 0, updated 0, unchanged {len(reference_agencies())} agencies." in output
    assert list(Agency.objects.order_by("pk").values()) == before


def test_a_renamed_agency_is_updated_in_place_and_its_old_name_still_finds_it(tmp_path):
    moph = Agency.objects.get(code="MOPH")
    directive = builders.directive("นร 0505/2569-001", moph, title="เร่งรัดการฉีดวัคซีน")
    rows = [
        r.__class__(**{**r.__dict__, "name_th": "กระทรวงสุขภาพแห่งชาติ", "short_name_th": "สข."})
        if r.code == "MOPH"
        else r
        for r in reference_agencies()
    ]
    path = tmp_path / "agencies.csv"
    _write(path, rows)

    dry = _load(str(path), "--dry-run")
    assert "~ MOPH: " in dry and "“กระทรวงสาธารณสุข” → “กระทรวงสุขภาพแห่งชาติ”" in dry
    assert "Would create 0, would update 1" in dry
    assert Agency.objects.get(pk=moph.pk).name_th == "กระทรวงสาธารณสุข"

    assert "Created 0, updated 1" in _load(str(path))
    renamed = Agency.objects.get(pk=moph.pk)
    assert (renamed.code, renamed.name_th, renamed.short_name_th) == ("MOPH", "กระทรวงสุขภาพแห่งชาติ", "สข.")
    assert {"กระทรวงสาธารณสุข", "สธ."} <= set(renamed.alias_list)
    assert DirectiveAssignment.objects.get(page=directive).agency_id == moph.pk
    for name in ("กระทรวงสาธารณสุข", "สธ.", "สธ", "กระทรวงสุขภาพแห่งชาติ", "MOPH"):
        assert agency_resolve(name) == renamed, name
    assert "Created 0, updated 0" in _load(str(path))


def test_an_agency_made_by_hand_is_left_alone_and_one_with_a_listed_name_takes_the_lists_code():
    hand = Agency.objects.create(code="LOCAL-1", name_th="ศูนย์ประสานงานจังหวัด")
    earlier = Agency.objects.get(code="TMD")
    earlier.code = "IMP-0001"
    earlier.save()
    report = agencies_load(rows=reference_agencies())
    assert report.created == [] and list(report.updated) == ["TMD"]
    assert Agency.objects.get(pk=hand.pk).name_th == "ศูนย์ประสานงานจังหวัด"
    adopted = Agency.objects.get(pk=earlier.pk)
    assert adopted.code == "TMD" and "IMP-0001" in adopted.alias_list
    assert Agency.objects.filter(name_th="กรมอุตุนิยมวิทยา").count() == 1


def test_a_file_without_the_lists_columns_is_refused(tmp_path):
    path = tmp_path / "agencies.csv"
    path.write_text("code,name\nX,หน่วยงาน\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing columns"):
        _load(str(path))


def test_the_default_file_is_the_repositorys_list():
    assert DEFAULT_FILE.name == "agencies.csv" and (DEFAULT_FILE.parent / "README.md").exists()


def test_importing_directives_with_officials_spellings_needs_no_new_agencies():
    builders.directive_index()
    before = Agency.objects.count()
    rows = [
        row("นร 0505/2565-001", agencies="สธ.; มท"),
        row("นร 0505/2565-002", agencies="กระทรวงการคลัง"),
        row("นร 0505/2565-003", agencies="Ministry of Education; ส.ธ."),
        row("นร 0505/2565-004", agencies="กระทรวงสาธารณะสุข"),
    ]
    result = items_import(kind="directives", data=csv_bytes(rows), filename="d.csv", publish=True)
    assert (result.created, result.rejected) == (3, 1)
    assert Agency.objects.count() == before
    assigned = {
        page.reference: [a.agency.code for a in page.assignments.order_by("sort_order")]
        for page in DirectivePage.objects.all()
    }
    assert assigned == {
        "นร 0505/2565-001": ["MOPH", "MOI"],
        "นร 0505/2565-002": ["MOF"],
        "นร 0505/2565-003": ["MOE", "MOPH"],
    }
    (problem,) = [p for p in result.problems if p.column == "agencies" and "names" in p.params]
    assert problem.row == 5 and problem.params["names"] == "กระทรวงสาธารณสุข (สธ.)"


def test_create_agencies_applies_only_to_names_that_match_nothing():
    builders.directive_index()
    rows = [row("นร 0505/2565-001", agencies="สธ.; สำนักงานใหม่ของรัฐ")]
    result = items_import(kind="directives", data=csv_bytes(rows), filename="d.csv", publish=True, create_agencies=True)
    assert result.created == 1 and result.new_agencies == ["สำนักงานใหม่ของรัฐ"]
    assert not Agency.objects.filter(name_th="สธ.").exists()
    page = DirectivePage.objects.get()
    assert [a.agency.code for a in page.assignments.order_by("sort_order")][0] == "MOPH"
