"""The Thai catalogue is complete, and the compiled catalogues match their sources (GNU gettext tools)."""

import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def gettext_tool(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("selection", ["--untranslated", "--only-fuzzy"])
def test_every_thai_string_is_translated_and_none_is_fuzzy(selection):
    po = LOCALE / "th" / "LC_MESSAGES" / "django.po"
    left = gettext_tool("msgattrib", selection, "--no-obsolete", str(po))
    msgids = [line for line in left.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    assert msgids == []


@pytest.mark.parametrize("language", ["th", "en"])
def test_compiled_catalogue_matches_its_source(language, tmp_path):
    folder = LOCALE / language / "LC_MESSAGES"
    gettext_tool("msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(folder / "django.po"))
    assert (tmp_path / "django.mo").read_bytes() == (folder / "django.mo").read_bytes()
