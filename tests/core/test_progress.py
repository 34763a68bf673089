"""
Progress bars are for people watching a terminal: a log, a pipe or a cron mail gets none, where tqdm's
``\\r`` updates would make one endless line (core.progress and the commands that use it). Long loads
keep the per-save log lines out of it too.
"""

import logging
from io import StringIO

import pytest
from django.core.management import call_command

from core.progress import progress_callback, quiet_logs
from tests import builders

pytestmark = pytest.mark.django_db


class Terminal(StringIO):
    """A stream that says it is a terminal, as a developer's shell is."""

    def isatty(self):
        return True


def _count_to_three(stream, **options):
    with progress_callback("counting", unit="step", file=stream, **options) as progress:
        for done in range(1, 4):
            progress(done, 3)
    return stream.getvalue()


def test_a_terminal_gets_a_bar_that_redraws_itself():
    drawn = _count_to_three(Terminal())
    assert "\r" in drawn and "counting" in drawn


def test_a_log_gets_no_bar_at_all():
    assert _count_to_three(StringIO()) == ""


def test_show_false_hides_the_bar_on_a_terminal_too():
    assert _count_to_three(Terminal(), show=False) == ""


def _rebuild_facts(stderr, *args):
    stdout = StringIO()
    call_command("rebuild_reporting_facts", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_rebuild_reporting_facts_draws_its_bar_on_a_terminal_and_leaves_a_log_clean():
    builders.directive("นร 0505/2569-001", builders.agency("MOPH"))
    out, bar = _rebuild_facts(Terminal())
    assert "\r" in bar and "reporting facts" in bar
    assert "\r" not in out

    out, log = _rebuild_facts(StringIO())
    assert log == "" and "\r" not in out
    assert "Wrote the facts of 1 items" in out


def test_verbosity_zero_hides_the_bar_of_rebuild_reporting_facts():
    builders.directive("นร 0505/2569-001", builders.agency("MOPH"))
    _out, bar = _rebuild_facts(Terminal(), "--verbosity", "0")
    assert bar == ""


def test_quiet_logs_silence_info_lines_while_loading_and_restore_the_levels_after(caplog):
    wagtail = logging.getLogger("wagtail")
    wagtail.setLevel(logging.INFO)
    with caplog.at_level(logging.INFO, logger="wagtail"), quiet_logs():
        logging.getLogger("wagtail.pages").info("Page published")
        logging.getLogger("wagtail.pages").warning("Page locked")
    assert [record.getMessage() for record in caplog.records] == ["Page locked"]
    assert wagtail.level == logging.INFO
    wagtail.setLevel(logging.NOTSET)


def test_quiet_logs_never_lower_a_stricter_level_and_restore_it_after_an_error():
    tasks = logging.getLogger("django_tasks")
    tasks.setLevel(logging.ERROR)
    with pytest.raises(RuntimeError), quiet_logs():
        assert tasks.level == logging.ERROR
        raise RuntimeError
    assert tasks.level == logging.ERROR
    tasks.setLevel(logging.NOTSET)
