"""
Issue 20's acceptance on real records: the archive sample (tests/imports/fixtures/archive, 128 public Thai
government texts with their sources) into a database made by ``migrate`` alone.
"""

import csv
import io
from pathlib import Path

import pytest
from wagtail.models import Page

from directives.models import DirectivePage
from imports.services import items_export, items_import

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "fixtures" / "archive" / "directives_archive.csv"


def _rows_with_title_and_text() -> int:
    rows = csv.DictReader(io.StringIO(SAMPLE.read_bytes().decode("utf-8-sig"), newline=""))
    return sum(1 for row in rows if row["title_th"].strip() and row["body_th"].strip())


def test_every_record_with_a_title_and_a_text_is_imported_and_its_export_imports_as_the_same_items():
    result = items_import(kind="directives", data=SAMPLE.read_bytes(), filename=SAMPLE.name, publish=True)
    expected = _rows_with_title_and_text()
    assert expected >= 100
    assert result.created == expected
    assert result.rejected == result.rows - expected
    assert DirectivePage.objects.filter(locale__language_code="th", live=True).count() == expected

    exported = items_export(kind="directives")
    again = items_import(kind="directives", data=SAMPLE.read_bytes(), filename=SAMPLE.name, publish=True)
    assert (again.created, again.updated) == (0, 0)

    for page in DirectivePage.objects.all():
        Page.objects.get(pk=page.pk).delete()
    reimported = items_import(kind="directives", data=exported, filename="export.csv", publish=True)
    assert (reimported.created, reimported.rejected) == (expected, 0)
    assert items_export(kind="directives") == exported
