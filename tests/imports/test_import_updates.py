"""
``import_updates``: historical progress reports on every kind of tracked item, published as approved
history (statuses derived at once) or saved as drafts, with files as officials send them.
"""

import datetime
from pathlib import Path

import pytest
from django.utils.translation import override
from wagtail.models import PageLogEntry, Revision, WorkflowState

from core.choices import Status
from core.status import status_rollup
from imports.services import items_export, items_import
from search.models import SearchDocument
from tests import builders
from updates.models import ProgressUpdatePage

from .helpers import UPDATE_HEADER, agencies, csv_bytes, run, update_row

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def setup():
    found = agencies()
    directive = builders.directive("นร 0505/2565-001", found["MOPH"], found["MOI"])
    policy = builders.policy("ด้านสาธารณสุข", found["MOI"], number="1")
    importer = builders.user("pmo_admin")
    return found, directive, policy, importer


def _import(data, filename="updates.csv", **options):
    return items_import(kind="updates", data=data, filename=filename, **options)


def _csv(rows):
    return csv_bytes(rows, header=UPDATE_HEADER)


def _problems(result):
    return {(problem.row, problem.column): problem for problem in result.problems}


def _counts():
    return {model.__name__: model.objects.count() for model in (ProgressUpdatePage, Revision, PageLogEntry)}


def test_published_history_sets_the_statuses_and_is_recorded_as_published_by_the_importer(setup):
    _, directive, _, importer = setup
    rows = [
        update_row(),
        update_row(period_start="01/04/2565", period_end="30/06/2565", status="completed", percent_complete="100"),
    ]
    result = _import(_csv(rows), publish=True, user=importer)
    # History has no evidence files: the completion is imported marked so, with a warning.
    assert result.created == 2
    assert [(p.row, p.column, p.level) for p in result.problems] == [(3, "status", "warning")]
    updates = list(ProgressUpdatePage.objects.child_of(directive).order_by("period_end"))
    assert [u.gaps for u in updates] == [(), ("evidence",)]
    assert [(u.status_claim, u.percent_complete, u.live) for u in updates] == [
        ("on_track", 40, True),
        ("completed", 100, True),
    ]
    assert str(updates[0].narrative) == "<p>ฉีดวัคซีนแล้ว 10 ล้านโดส</p><p>รายละเอียดภายใน</p>"
    assert updates[0].title == "สธ. รายงานความก้าวหน้า ณ 31 มี.ค. 2565"  # named as the admin names it
    for update in updates:
        assert list(PageLogEntry.objects.filter(page=update).order_by("pk").values_list("action", "user_id")) == [
            ("wagtail.create", importer.pk),
            ("wagtail.edit", importer.pk),
            ("wagtail.publish", importer.pk),
        ]
        assert update.live_revision_id == update.latest_revision_id
        assert not WorkflowState.objects.filter(object_id=str(update.pk)).exists()
        assert SearchDocument.objects.filter(page=update, live=True).exists()
    statuses = {a.agency.code: (a.status, a.completed_on) for a in directive.assignments.all()}
    assert statuses["MOPH"][0] == Status.COMPLETED and statuses["MOPH"][1] is not None
    assert statuses["MOI"] == (Status.NOT_STARTED, None)
    directive.refresh_from_db()
    assert directive.status == status_rollup([Status.COMPLETED, Status.NOT_STARTED])


def test_updates_on_policies_are_found_by_number(setup):
    _, _, policy, _ = setup
    result = _import(_csv([update_row("1", agency="มท.")]), publish=True)
    assert result.created == 1
    assert ProgressUpdatePage.objects.child_of(policy).get().agency.code == "MOI"
    assert policy.assignments.get().status == Status.ON_TRACK


def test_without_publish_updates_are_drafts_and_statuses_do_not_move(setup):
    _, directive, _, _ = setup
    _import(_csv([update_row()]))
    update = ProgressUpdatePage.objects.get()
    assert not update.live and update.has_unpublished_changes
    assert {a.status for a in directive.assignments.all()} == {Status.NOT_STARTED}


def test_thai_spreadsheet_realities_and_bad_rows(setup):
    data = (FIXTURES / "updates-windows-874.csv").read_bytes()
    result = _import(data, filename="updates-windows-874.csv", publish=True)
    updates = {(u.agency.code, u.period_end): u for u in ProgressUpdatePage.objects.all()}
    assert set(updates) == {
        ("MOPH", datetime.date(2022, 3, 31)),
        ("MOPH", datetime.date(2022, 6, 30)),
        ("MOI", datetime.date(2021, 12, 31)),
    }
    first = updates[("MOPH", datetime.date(2022, 3, 31))]
    assert (first.status_claim, first.percent_complete, first.period_start) == (
        "on_track",
        40,
        datetime.date(2022, 1, 1),
    )
    assert updates[("MOPH", datetime.date(2022, 6, 30))].title == "รายงานปิดงาน"
    problems = _problems(result)
    assert "No directive" in problems[(6, "item")].message
    assert problems[(7, "agency")].params["agency"] == "กรมควบคุมโรค"  # not assigned to the directive
    assert "cannot end before" in problems[(8, "period_end")].message
    assert "0 to 100" in problems[(8, "percent_complete")].message
    assert "four-digit year" in problems[(9, "period_start")].message
    assert "ambiguous" in problems[(9, "status")].message
    assert (result.created, result.rejected) == (3, 4)


def test_a_dry_run_changes_nothing(setup):
    before = _counts()
    result = _import(_csv([update_row()]), dry_run=True, publish=True)
    assert result.created == 1 and _counts() == before


def test_importing_the_same_file_again_creates_nothing_new(setup):
    data = _csv([update_row(), update_row("1", agency="มท.")])
    _import(data, publish=True)
    before = _counts()
    result = _import(data, publish=True)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert _counts() == before


def test_duplicates_in_one_file(setup):
    result = _import(_csv([update_row(), update_row(), update_row(percent_complete="50", period_start="02/01/2565")]))
    problems = _problems(result)
    # The same key with different values on row 4: none of the three is imported.
    assert problems[(2, "item")].params == {"rows": "3, 4"} and problems[(4, "item")].params == {"rows": "2, 3"}
    assert result.created == 0


def test_a_changed_row_updates_the_update_with_a_new_revision_and_an_audit_entry(setup):
    _, directive, _, _ = setup
    _import(_csv([update_row()]), publish=True)
    update = ProgressUpdatePage.objects.get()
    revisions = Revision.page_revisions.filter(object_id=str(update.pk)).count()
    result = _import(_csv([update_row(status="delayed", percent_complete="30", status_reason="งบล่าช้า")]), publish=True)
    assert (result.created, result.updated) == (0, 1)
    update = ProgressUpdatePage.objects.get()
    assert (update.status_claim, update.percent_complete, update.status_reason) == ("delayed", 30, "งบล่าช้า")
    assert Revision.page_revisions.filter(object_id=str(update.pk)).count() == revisions + 1
    actions = list(PageLogEntry.objects.filter(page=update).order_by("pk").values_list("action", flat=True))
    assert actions[3:] == ["wagtail.edit", "wagtail.publish"]
    assert directive.assignments.get(agency__code="MOPH").status == Status.DELAYED


def test_the_command_has_no_create_agencies_option(setup, tmp_path):
    path = tmp_path / "u.csv"
    path.write_bytes(_csv([update_row(agency="กรมลึกลับ")]))
    output = run("import_updates", path, "--publish")
    assert "ไม่รู้จักส่วนราชการ “กรมลึกลับ”" in output and "อนุญาตให้สร้าง" not in output
    with override("en"):
        output = run("import_updates", path, "--publish")
    assert "      0  Created" in output and "      1  Rejected rows" in output and "row 2, agency" in output
    with pytest.raises(Exception, match="create.agencies"):
        run("import_updates", path, "--create-agencies")


def test_updates_on_complaints_and_foreign_commitments_are_found_by_reference_and_exported(setup):
    from tests.complaints import helpers

    found, directive, _, _ = setup
    complaint = helpers.complaint("ร 2565/0001", found["MOI"])
    commitment = helpers.foreign_commitment("ตท 1/2565", found["MOPH"])
    rows = [
        update_row("ร 2565/0001", agency="มท."),
        update_row("ตท 1/2565", status="completed", percent_complete="100"),
    ]
    result = _import(_csv(rows), publish=True)
    assert result.created == 2 and [p.level for p in result.problems] == ["warning"]  # completed, no evidence
    assert ProgressUpdatePage.objects.child_of(complaint).get().agency.code == "MOI"
    assert ProgressUpdatePage.objects.child_of(commitment).get().agency.code == "MOPH"
    assert complaint.specific_class.objects.get(pk=complaint.pk).assignments.get().status == Status.ON_TRACK
    assert commitment.specific_class.objects.get(pk=commitment.pk).assignments.get().status == Status.COMPLETED

    exported = items_export(kind="updates").decode("utf-8-sig")
    assert "ร 2565/0001" in exported and "ตท 1/2565" in exported
    assert _import(items_export(kind="updates"), publish=True).unchanged == 2
    assert ProgressUpdatePage.objects.count() == 2


def test_an_item_reference_two_kinds_share_is_an_error(setup):
    from tests.complaints import helpers

    found, _, _, _ = setup
    helpers.foreign_commitment("นร 0505/2565-001", found["MOPH"])
    result = _import(_csv([update_row()]), publish=True)
    assert result.created == 0
    assert "Several items" in str(_problems(result)[(2, "item")].message)


# --- one path for updates: update_check, with the archival marking where history lacks what it requires ---


def _update_check_messages(item, agency, *, status, reason, previous, evidence_count=0, **dates) -> dict[str, str]:
    """What ``update_check`` itself says of these values: field -> message (empty: it accepts them)."""
    from django.core.exceptions import ValidationError

    from updates.services import update_check

    try:
        update_check(
            item=type(item).objects.get(pk=item.pk),
            agency=agency,
            period_start=dates.get("period_start", datetime.date(2022, 1, 1)),
            period_end=dates.get("period_end", datetime.date(2022, 3, 31)),
            status_claim=status,
            status_reason=reason,
            evidence_count=evidence_count,
            previous_status=previous,
        )
    except ValidationError as error:
        return {field: messages[0] for field, messages in error.message_dict.items()}
    return {}


#: (status, reason) of a first report, whose previous status is "not started".
FIRST_REPORTS = [
    ("not_started", ""),
    ("on_track", "เริ่มดำเนินการ"),
    ("on_track", ""),
    ("delayed", ""),
    ("completed", "แล้วเสร็จ"),
    ("completed", ""),
]
#: update_check's field -> the file's column and the gap a refusal of that field leaves.
GAP_OF = {"status_reason": ("status_reason", "reason"), "status_claim": ("status", "evidence")}


@pytest.mark.parametrize(("status", "reason"), FIRST_REPORTS)
def test_import_updates_accepts_what_update_check_accepts_and_marks_what_it_refuses(setup, status, reason):
    found, directive, _, _ = setup
    expected = _update_check_messages(directive, found["MOPH"], status=status, reason=reason, previous="not_started")
    data = _csv([update_row(status=status, status_reason=reason, percent_complete="50")])

    result = _import(data, dry_run=True)
    assert result.created == 1 and result.rejected == 0
    assert {p.column for p in result.problems if p.level == "error"} == set()
    assert {(p.column, p.level) for p in result.problems} == {(GAP_OF[field][0], "warning") for field in expected}
    assert result.gaps == {GAP_OF[field][1]: 1 for field in expected}

    strict = _import(data, dry_run=True, strict=True)
    assert strict.rejected == (1 if expected else 0) and strict.created == (0 if expected else 1)
    # Refused with update_check's own messages, in the same language.
    assert {p.column: p.text for p in strict.problems} == {GAP_OF[field][0]: text for field, text in expected.items()}


def test_each_row_is_checked_against_the_update_before_it_in_history(setup):
    found, directive, _, _ = setup
    # Published before: on track in the first quarter. The file goes on: unchanged, then at risk without a reason.
    _import(_csv([update_row()]), publish=True)
    rows = [
        update_row(period_start="01/04/2565", period_end="30/06/2565", status="on_track", status_reason=""),
        update_row(period_start="01/07/2565", period_end="30/09/2565", status="at_risk", status_reason=""),
    ]
    result = _import(_csv(rows), dry_run=True)
    assert (result.created, result.rejected, result.gaps) == (2, 0, {"reason": 1})
    (warning,) = result.problems
    assert (warning.row, warning.column) == (3, "status_reason")
    expected = _update_check_messages(directive, found["MOPH"], status="at_risk", reason="", previous="on_track")
    strict = _import(_csv(rows), dry_run=True, strict=True)
    assert [(p.row, p.text) for p in strict.problems] == [(3, expected["status_reason"])]
    assert (strict.created, strict.rejected) == (1, 1)


def test_rows_update_check_refuses_for_other_reasons_are_refused_with_its_messages(setup):
    found, directive, _, _ = setup
    result = _import(_csv([update_row(agency="คร.")]), dry_run=True)
    expected = _update_check_messages(directive, found["DDC"], status="on_track", reason="x", previous="not_started")
    assert [(p.column, p.level, p.text) for p in result.problems] == [("agency", "error", expected["agency"])]
    assert result.rejected == 1 and not result.gaps


def test_the_marking_is_kept_shown_to_staff_and_on_the_public_timeline(setup, client):
    from django.urls import reverse

    from core.roles import Role
    from updates.models import UpdateGap

    found, directive, _, _ = setup
    _import(_csv([update_row(status="completed", status_reason="", percent_complete="100")]), publish=True)
    update = ProgressUpdatePage.objects.get()
    assert (update.reason_not_recorded, update.evidence_not_recorded) == (True, True)
    assert set(update.gaps) == {UpdateGap.REASON, UpdateGap.EVIDENCE}
    # The completion still counts: the record says so, and no figure reads reasons or evidence.
    assert directive.assignments.get(agency=found["MOPH"]).status == Status.COMPLETED
    with override("th"):
        labels = [str(UpdateGap.REASON.label), str(UpdateGap.EVIDENCE.label)]
    public = client.get(directive.url).content.decode()
    assert all(label in public for label in labels)
    assert all(label in client.get(update.url).content.decode() for label in labels)

    builders.staff_login(client, builders.user("coordinator", role=Role.PMO_COORDINATOR))
    admin = client.get(reverse("pm1_page_read", args=[update.pk])).content.decode()
    assert all(label in admin for label in labels)
    listing = client.get(reverse("pm1_page_read", args=[directive.pk])).content.decode()
    assert labels[1] in listing


def test_an_update_imported_before_the_marking_gets_it_on_the_next_import(setup):
    data = _csv([update_row(status="completed", percent_complete="100")])
    _import(data, publish=True)
    ProgressUpdatePage.objects.update(evidence_not_recorded=False)  # as an import before the marking left it
    result = _import(data, publish=True)
    assert result.updated == 1 and ProgressUpdatePage.objects.get().evidence_not_recorded
    assert _import(data, publish=True).unchanged == 1
