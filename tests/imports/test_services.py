"""What can be imported is what the registered kinds declare: ``item_files`` reads the registry."""

import pytest
from django.utils import translation

from core.kinds import kinds
from directives.models import DirectivePage
from imports.services import item_file_named, item_files, items_export, items_import
from imports.updates import UpdateFile
from tests import builders

from .helpers import HEADER, agencies, csv_bytes, row
from .kinds import NoteFile

pytestmark = pytest.mark.django_db


def test_the_files_are_the_registered_kinds_importers_then_progress_updates():
    importers = [kind.importer for kind in kinds() if kind.importer is not None]
    assert list(item_files().values()) == [*importers, UpdateFile]
    assert [kind.item_type for kind in kinds() if kind.importer is None] == ["foreign"]
    assert "foreign" not in item_files()


def test_a_kind_registered_with_a_file_is_imported_and_exported_by_its_files_name(note_kind):
    agencies()
    builders.directive_index()
    assert item_file_named("notes") is NoteFile
    result = items_import(kind="notes", data=csv_bytes([row()]), filename="notes.csv", publish=True)
    assert (result.kind, result.created) == ("notes", 1)
    assert DirectivePage.objects.filter(locale__language_code="th").count() == 1
    exported = items_export(kind="notes")
    assert exported.decode("utf-8-sig").startswith(",".join(HEADER))
    assert items_import(kind="notes", data=exported, filename="notes.csv").unchanged == 1


def test_a_name_no_registered_kind_gives_its_file_is_refused_with_what_can_be_imported():
    refused = "Nothing called “foreign” can be imported or exported: only directives"
    with translation.override("en"), pytest.raises(LookupError, match=refused):
        items_import(kind="foreign", data=b"", filename="f.csv")
    with pytest.raises(LookupError, match="“notes”"):
        items_export(kind="notes")


def test_the_report_names_a_missing_start_date_by_the_kinds_own_column():
    agencies()
    builders.directive_index()
    result = items_import(kind="directives", data=csv_bytes([row(issued_on="")]), filename="d.csv", dry_run=True)
    assert result.gaps == {"issued_on": 1}
    with translation.override("en"):
        assert result.gap_counts() == [("Date not recorded", 1)]
