"""The commands find their kind's file through the registry: a kind without one is refused, saying why."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command, get_commands
from django.utils import translation

from directives.models import DirectivePage
from imports.commands import ExportCommand, ImportCommand
from tests import builders

from .helpers import agencies, csv_bytes, row

pytestmark = pytest.mark.django_db


class ImportForeign(ImportCommand):
    kind = "foreign"


class ExportForeign(ExportCommand):
    kind = "foreign"


class ImportNotes(ImportCommand):
    kind = "notes"


def test_each_kinds_commands_are_declared_by_its_own_app():
    commands = get_commands()
    for name in ("directives", "policies", "complaints"):
        assert commands[f"import_{name}"] == commands[f"export_{name}"] == name
    assert commands["import_updates"] == commands["export_updates"] == "imports"


def test_a_command_for_a_kind_without_a_file_is_refused_with_what_can_be_imported(tmp_path):
    path = tmp_path / "foreign.csv"
    path.write_bytes(b"ref\r\n")
    for command, args in ((ImportForeign(), [str(path)]), (ExportForeign(), [])):
        with translation.override("en"), pytest.raises(CommandError, match="Nothing called “foreign” can be imported"):
            call_command(command, *args, stdout=StringIO(), stderr=StringIO())


def test_a_command_for_a_kind_registered_with_a_file_imports_it(note_kind, tmp_path):
    agencies()
    builders.directive_index()
    path = tmp_path / "notes.csv"
    path.write_bytes(csv_bytes([row()]))
    out = StringIO()
    call_command(ImportNotes(), str(path), "--create-agencies", "--no-progress", stdout=out, stderr=StringIO())
    assert "notes.csv" in out.getvalue()
    assert DirectivePage.objects.filter(locale__language_code="th").count() == 1
