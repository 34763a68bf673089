"""
Export writes the import format: export, import into an empty database, export again gives the same
bytes; and an import killed half-way leaves whole directives only and is simply run again.
"""

import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Page

from agencies.models import Agency
from agencies.reference import agencies_load, reference_agencies
from core.choices import Visibility
from directives.models import DirectivePage, Occasion
from imports.services import items_export, items_import
from policies.models import PolicyPage
from tests import builders
from updates.models import ProgressUpdatePage

from .helpers import POLICY_HEADER, UPDATE_HEADER, agencies, csv_bytes, policy_row, row, update_row

ROOT = Path(__file__).resolve().parents[2]


def _empty_the_database():
    for model in (ProgressUpdatePage, PolicyPage, DirectivePage):
        for page in model.objects.order_by("-depth"):
            page.delete()
    Occasion.objects.all().delete()
    # A fresh database has the government's agency list, from its migration, and nothing else.
    while Agency.objects.exists():
        Agency.objects.filter(children__isnull=True).delete()
    agencies_load(rows=reference_agencies())


@pytest.mark.django_db
def test_export_import_into_an_empty_database_export_is_identical():
    found = agencies()
    occasion = builders.occasion("ตรวจราชการจังหวัดเชียงใหม่", date=datetime.date(2021, 3, 2))
    builders.directive(
        "นร 0505/2564-002",
        found["MOI"],
        found["DDC"],
        occasion=occasion,
        issued_on=datetime.date(2021, 3, 2),
        deadline=datetime.date(2021, 9, 30),
    )
    internal = builders.directive(
        "นร 0505/2564-001",
        found["MOPH"],
        title='ข้อสั่งการภายใน, มี "เครื่องหมาย"',
        body="<h2>หัวข้อ</h2><p>บรรทัดแรก<br/>บรรทัดที่สอง &amp; <b>ตัวหนา</b></p><ul><li>ข้อหนึ่ง</li></ul>",
        visibility=Visibility.INTERNAL,
        issued_on=datetime.date(2021, 1, 5),
    )
    builders.translate(internal, title="An internal directive", body="<p>In English</p>")
    items_import(
        kind="directives",
        data=csv_bytes([row("นร 0505/2564-003", agencies="สธ.; คร.; มท.", deadline="31/03/2565; ; 30/04/2565")]),
        filename="x.csv",
        publish=True,
    )
    first = items_export(kind="directives")

    _empty_the_database()
    assert not DirectivePage.objects.exists() and Agency.objects.count() == len(reference_agencies())
    result = items_import(kind="directives", data=first, filename="export.csv", publish=True, create_agencies=True)
    assert (result.created, result.rejected) == (3, 0), [p.as_json() for p in result.problems]
    second = items_export(kind="directives")
    assert second == first
    assert (
        DirectivePage.objects.get(reference="นร 0505/2564-001", locale__language_code="th").visibility
        == Visibility.INTERNAL
    )
    assert items_import(kind="directives", data=second, filename="export.csv", publish=True).unchanged == 3


@pytest.mark.django_db
def test_policies_and_updates_export_import_into_an_empty_database_export_is_identical():
    found = agencies()
    builders.directive_index()
    items_import(kind="directives", data=csv_bytes([row(agencies="สธ.; มท.")]), filename="d.csv", publish=True)
    area = builders.policy("ด้านสาธารณสุข", found["MOPH"], number="1", summary="สรุป\n\nย่อหน้าสอง")
    builders.translate(area, title="Public health", summary="Summary")
    policies = [
        policy_row("1.2", parent="1", title_en="Water", agencies="มท.; คร.", deadline="31/03/2565; 30/04/2565"),
        policy_row("1.1", parent="1", category="urgent", visibility="internal", indicators=""),
        policy_row("1.1.1", parent="1.1", indicators="ก|คน|0.5|1,000|; ข||||", period_end=""),
    ]
    result = items_import(
        kind="policies", data=csv_bytes(policies, header=POLICY_HEADER), filename="p.csv", publish=True
    )
    assert result.created == 3, result.problems
    updates = [
        update_row(),
        update_row(period_start="01/04/2565", period_end="30/06/2565", status="completed", percent_complete="100"),
        update_row("1.2", agency="คร.", status="at_risk", title='รายงาน, มี "เครื่องหมาย"', narrative=""),
    ]
    result = items_import(kind="updates", data=csv_bytes(updates, header=UPDATE_HEADER), filename="u.csv", publish=True)
    assert result.created == 3, result.problems
    first = {kind: items_export(kind=kind) for kind in ("directives", "policies", "updates")}

    _empty_the_database()
    assert not PolicyPage.objects.exists() and not ProgressUpdatePage.objects.exists()
    for kind in ("directives", "policies", "updates"):
        options = {"create_agencies": True} if kind != "updates" else {}
        result = items_import(kind=kind, data=first[kind], filename=f"{kind}.csv", publish=True, **options)
        assert result.rejected == 0, [p.as_json() for p in result.problems]
    assert {kind: items_export(kind=kind) for kind in first} == first
    for kind in first:
        assert items_import(kind=kind, data=first[kind], filename="again.csv").updated == 0
    assert Page.find_problems() == ([], [], [], [], [])


@pytest.mark.django_db
def test_the_export_command_writes_csv_and_xlsx(tmp_path):
    agencies()
    builders.directive_index()
    items_import(kind="directives", data=csv_bytes([row()]), filename="x.csv", publish=True)
    out = StringIO()
    call_command("export_directives", stdout=out)
    assert out.getvalue().splitlines()[0].startswith("ref,title_th,body_th,title_en,body_en,issued_on")
    call_command("export_directives", str(tmp_path / "d.xlsx"))
    result = items_import(kind="directives", data=(tmp_path / "d.xlsx").read_bytes(), filename="d.xlsx")
    assert result.unchanged == 1 and not result.problems


class _Stop(Exception):
    pass


# Serialized rollback: the flush after this test must not leave the next ones without the migrations' data.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_interrupted_import_keeps_whole_batches_and_is_run_again():
    agencies()
    builders.directive_index()
    data = csv_bytes([row(f"R-{n:03d}", title_en=f"Directive {n}") for n in range(25)])

    def stop_after_two_batches(done, total):
        if done >= 20:
            raise _Stop

    with pytest.raises(_Stop):
        items_import(
            kind="directives", data=data, filename="x.csv", publish=True, batch_size=10, progress=stop_after_two_batches
        )
    assert DirectivePage.objects.filter(locale__language_code="th").count() == 20
    assert Page.find_problems() == ([], [], [], [], [])
    result = items_import(kind="directives", data=data, filename="x.csv", publish=True, batch_size=10)
    assert (result.created, result.unchanged) == (5, 20)
    assert DirectivePage.objects.filter(locale__language_code="th").count() == 25
    assert DirectivePage.objects.filter(locale__language_code="en").count() == 25


# Serialized rollback: as above.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_interrupted_policy_and_update_import_keeps_whole_batches_and_is_run_again():
    found = agencies()
    builders.directive_index()
    builders.policy_index()
    # Children first in the file: written after their parents, across batches.
    policies = [policy_row(f"1.{n}", parent="1", title_en=f"Policy {n}") for n in range(14)]
    policies.append(policy_row("1", title_en="Area"))
    data = csv_bytes(policies, header=POLICY_HEADER)

    def stop_after_two_batches(done, total):
        if done >= 10:
            raise _Stop

    with pytest.raises(_Stop):
        items_import(
            kind="policies", data=data, filename="p.csv", publish=True, batch_size=5, progress=stop_after_two_batches
        )
    assert PolicyPage.objects.filter(locale__language_code="th").count() == 10
    assert Page.find_problems() == ([], [], [], [], [])
    result = items_import(kind="policies", data=data, filename="p.csv", publish=True, batch_size=5)
    assert (result.created, result.unchanged) == (5, 10)
    assert PolicyPage.objects.filter(locale__language_code="en").count() == 15

    rows = [update_row("1", period_start=f"01/{m:02d}/2565", period_end=f"28/{m:02d}/2565") for m in range(1, 13)]
    data = csv_bytes(rows, header=UPDATE_HEADER)
    with pytest.raises(_Stop):
        items_import(
            kind="updates", data=data, filename="u.csv", publish=True, batch_size=5, progress=stop_after_two_batches
        )
    assert ProgressUpdatePage.objects.count() == 10
    result = items_import(kind="updates", data=data, filename="u.csv", publish=True, batch_size=5)
    assert (result.created, result.unchanged) == (2, 10)
    assert (
        PolicyPage.objects.get(number="1", locale__language_code="th").assignments.get(agency=found["MOPH"]).status
        == "on_track"
    )
    assert Page.find_problems() == ([], [], [], [], [])


def _manage(database: Path, *args, **kwargs):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env, **kwargs)


def _count(database: Path, sql: str) -> int:
    with sqlite3.connect(database, timeout=20) as connection:
        return connection.execute(sql).fetchone()[0]


def test_a_killed_import_leaves_whole_directives_and_can_be_run_again(tmp_path):
    """A real process killed with SIGKILL between batches: SQLite on disk, as `make run` uses."""
    database = tmp_path / "pm1.sqlite3"
    assert _manage(database, "migrate", "--noinput", stdout=subprocess.DEVNULL).wait() == 0
    # The directive index pages come from migrate itself.
    setup = "from tests.imports.helpers import agencies; agencies()"
    assert _manage(database, "shell", "-c", setup).wait() == 0
    path = tmp_path / "big.csv"
    path.write_bytes(csv_bytes([row(f"K-{n:05d}") for n in range(3000)]))
    process = _manage(database, "import_directives", str(path), "--publish", "--batch-size", "100", "--no-progress")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if _count(database, "SELECT count(*) FROM directives_directivepage") >= 300:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the import finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    written = _count(database, "SELECT count(*) FROM directives_directivepage")
    assert 0 < written < 3000 and written % 100 == 0
    for sql in (
        # Every directive has its revision, its assignments, its audit entries and its search document.
        "SELECT count(*) FROM directives_directivepage d JOIN wagtailcore_page p ON p.id = d.page_ptr_id "
        "WHERE p.latest_revision_id IS NULL OR p.live_revision_id IS NULL",
        "SELECT count(*) FROM directives_directivepage d WHERE NOT EXISTS "
        "(SELECT 1 FROM directives_directiveassignment a WHERE a.page_id = d.page_ptr_id)",
        "SELECT count(*) FROM directives_directivepage d WHERE NOT EXISTS "
        "(SELECT 1 FROM pm1search_searchdocument s WHERE s.page_id = d.page_ptr_id)",
        "SELECT count(*) FROM directives_directivepage d WHERE 3 != "
        "(SELECT count(*) FROM wagtailcore_pagelogentry l WHERE l.page_id = d.page_ptr_id)",
    ):
        assert _count(database, sql) == 0, sql
    thai_index_children = (
        "SELECT p.numchild FROM wagtailcore_page p JOIN directives_directiveindexpage i ON i.page_ptr_id = p.id "
        "JOIN wagtailcore_locale l ON l.id = p.locale_id WHERE l.language_code = 'th'"
    )
    assert _count(database, thai_index_children) == written
    assert _manage(database, "import_directives", str(path), "--publish", "--no-progress").wait() == 0
    assert _count(database, "SELECT count(*) FROM directives_directivepage") == 3000
    assert _count(database, "SELECT count(DISTINCT reference) FROM directives_directivepage") == 3000
