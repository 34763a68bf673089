"""
The import's report, in the commands and the admin alike: rows to create, to update, unchanged,
imported with gaps (by gap), refused (by reason); progress on a terminal only.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.translation import override

from imports.problems import Problem
from imports.services import ImportResult, items_import

from .helpers import UPDATE_HEADER, agencies, csv_bytes, update_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_file():
    """A directive with two agencies, one update already imported, and a file with a known mix of rows."""
    from tests import builders

    found = agencies()
    builders.directive("นร 0505/2565-001", found["MOPH"], found["MOI"])
    first = update_row()
    second = update_row(agency="มท.", period_end="30/06/2565", status_reason="เริ่มงาน")
    items_import(kind="updates", data=csv_bytes([first, second], header=UPDATE_HEADER), filename="u.csv", publish=True)
    rows = [
        first,  # unchanged
        update_row(agency="มท.", period_end="30/06/2565", status_reason="เริ่มงาน", percent_complete="45"),  # update
        update_row(period_start="01/04/2565", period_end="30/06/2565", status="completed", percent_complete="100"),
        update_row(agency="มท.", period_end="30/09/2565", status="completed", status_reason="", percent_complete="100"),
        update_row(agency="มท.", period_end="31/12/2565", status="delayed", status_reason="", percent_complete="90"),
        update_row("นร 0505/2565-999"),  # refused: no such item
        update_row("นร 0505/2565-998"),  # refused: no such item
        update_row(agency="คร."),  # refused: not assigned
    ]
    return csv_bytes(rows, header=UPDATE_HEADER)


def test_the_report_counts_rows_by_outcome_gap_and_reason(mixed_file):
    result = items_import(kind="updates", data=mixed_file, filename="u.csv", dry_run=True)
    assert (result.rows, result.created, result.updated, result.unchanged, result.rejected) == (8, 3, 1, 1, 3)
    # Rows 4 and 5 are completions with no evidence; 5 and 6 change the status without a reason (6 from
    # the completion on row 5 to delayed).
    assert result.with_gaps == 3
    assert result.gaps == {"evidence": 2, "reason": 2}
    by_reason = {(refusal["column"], refusal["rows"]) for refusal in result.refusals}
    assert by_reason == {("item", 2), ("agency", 1)}
    with override("en"):
        assert dict(result.outcomes())["To be created"] == 3
        assert ("Evidence not recorded", 2) in result.gap_counts()
        reasons = {reason: rows for _column, reason, rows in result.refusal_counts()}
    assert reasons["… is not assigned to this item."] == 1  # the agency's name differs row by row: elided


def test_strict_refuses_the_rows_with_gaps_and_counts_them_by_reason(mixed_file):
    result = items_import(kind="updates", data=mixed_file, filename="u.csv", dry_run=True, strict=True)
    # Row 6 is checked against row 3 then, since row 5 is refused: from on track to delayed, no reason.
    assert (result.created, result.updated, result.rejected, result.with_gaps, result.gaps) == (0, 1, 6, 0, {})
    reasons = {(refusal["column"], refusal["rows"]) for refusal in result.refusals}
    assert reasons == {("item", 2), ("agency", 1), ("status", 2), ("status_reason", 2)}


def test_the_result_is_read_back_from_json_and_from_json_stored_before_the_report(mixed_file):
    result = items_import(kind="updates", data=mixed_file, filename="u.csv", dry_run=True)
    assert ImportResult.from_json(result.as_json()) == result
    old = {
        "kind": "updates",
        "dry_run": True,
        "rows": 2,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
        "done": 1,
        "seconds": 0.1,
        "new_agencies": [],
        "new_occasions": [],
        "problems": [
            {"row": 3, "column": "agency", "value": "x", "message": "Required.", "params": {}, "level": "error"}
        ],
    }
    read = ImportResult.from_json(old)
    assert (read.created, read.with_gaps, read.gaps, read.refusals) == (1, 0, {}, [])
    assert read.problems == [Problem(3, "agency", "x", "Required.")]


def test_the_command_prints_the_report_and_no_progress_bar_into_a_log(mixed_file, tmp_path):
    path = tmp_path / "u.csv"
    path.write_bytes(mixed_file)
    out, err = StringIO(), StringIO()
    with override("en"):
        call_command("import_updates", str(path), "--dry-run", stdout=out, stderr=err)
    output = out.getvalue()
    assert "\r" not in output and "\r" not in err.getvalue()
    assert "Dry run of u.csv: nothing was changed." in output
    for line in ("      3  To be created", "      1  To be updated", "      1  Unchanged", "      3  Rejected rows"):
        assert line in output
    assert "      2  Evidence not recorded" in output
    assert "      2  item: No directive" in output


def test_reading_and_checking_tell_their_progress_as_writing_does(mixed_file):
    checked, written = [], []
    items_import(
        kind="updates",
        data=mixed_file,
        filename="u.csv",
        checking=lambda done, total: checked.append((done, total)),
        progress=lambda done, total: written.append((done, total)),
    )
    assert checked[-1] == (8, 8) and written[-1] == (5, 5)
