"""``manage.py executive_summary``: its progress, one line per part, for the logs of scheduled jobs."""

from io import StringIO

import pytest
from django.core.management import call_command

from .world import build_world

pytestmark = pytest.mark.django_db


def test_the_command_writes_its_progress_one_line_per_part(tmp_path):
    build_world()
    stderr = StringIO()
    call_command(
        "executive_summary", "--out", str(tmp_path / "s.pdf"), "--fiscal-year", "2569", stdout=StringIO(), stderr=stderr
    )
    lines = stderr.getvalue().splitlines(keepends=True)
    assert "\r" not in stderr.getvalue()
    assert len(lines) > 3 and all(line.endswith("\n") for line in lines)
    total = lines[0].split()[-1]
    assert lines == [f"PDF: part {number} of {total}\n" for number in range(1, len(lines) + 1)]


def test_the_command_is_silent_at_verbosity_zero(tmp_path):
    build_world()
    stderr = StringIO()
    call_command(
        "executive_summary", "--out", str(tmp_path / "s.pdf"), "--verbosity", "0", stdout=StringIO(), stderr=stderr
    )
    assert stderr.getvalue() == ""
