"""The Thai catalogue is complete, and the compiled catalogues match their sources (GNU gettext tools)."""

import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def msgfmt(*args):
    return subprocess.run(["msgfmt", *args], check=True, capture_output=True, text=True)


def test_every_thai_string_is_translated_and_none_is_fuzzy():
    statistics = msgfmt("--statistics", "-o", "/dev/null", str(LOCALE / "th" / "LC_MESSAGES" / "django.po")).stderr
    assert "translated message" in statistics
    assert "untranslated" not in statistics and "fuzzy" not in statistics, statistics


@pytest.mark.parametrize("language", ["th", "en"])
def test_compiled_catalogue_matches_its_source(language, tmp_path):
    folder = LOCALE / language / "LC_MESSAGES"
    msgfmt("--check", "-o", str(tmp_path / "django.mo"), str(folder / "django.po"))
    assert (tmp_path / "django.mo").read_bytes() == (folder / "django.mo").read_bytes()
