"""
The executive summary PDF, read back with poppler: the Thai text round-trips, lines break between
words and never pass the right margin, metadata is set, and the pages are kept as PNG artifacts
(var/artifacts/reports/) for a person to look at.
"""

import re
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from core.choices import Track
from reports.pdf import PAGE_WIDTH, RIGHT, summary_pdf
from reports.selectors import DashboardFilters
from reports.services import summary_figures
from reports.thaitext import break_opportunities
from tests.complaints.helpers import PERSONAL

from .world import TODAY, build_world

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "artifacts" / "reports"
NARRATIVE = [
    "นายกรัฐมนตรีสั่งการให้กระทรวงสาธารณสุขเร่งรัดการฉีดวัคซีนในพื้นที่ภาคใต้ให้ครอบคลุมประชาชนทุกกลุ่มอายุ"
    "โดยเฉพาะผู้สูงอายุและผู้ป่วยโรคเรื้อรังซึ่งมีความเสี่ยงสูง และให้รายงานความก้าวหน้าต่อที่ประชุมคณะรัฐมนตรีทุกสัปดาห์",
    "กระทรวงมหาดไทยประสานจังหวัดที่ประสบอุทกภัยเพื่อฟื้นฟูพื้นที่ทำกินของเกษตรกร ซ่อมแซมถนนและสะพานที่ชำรุด"
    "และจัดสรรน้ำสะอาดสำหรับอุปโภคบริโภคให้เพียงพอ ทั้งนี้ให้แล้วเสร็จภายในสิ้นปีงบประมาณ",
]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pdf_path(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            build_world()
            with translation.override("th"):
                figures = summary_figures(filters=DashboardFilters(fiscal_year=2569, today=TODAY))
                data = summary_pdf(
                    figures=figures,
                    language="th",
                    title="รายงานสรุปสำหรับผู้บริหาร",
                    narrative="".join(f"<p>{paragraph}</p>" for paragraph in NARRATIVE),
                )
            transaction.set_rollback(True)
    path = tmp_path_factory.mktemp("pdf") / "executive-summary.pdf"
    path.write_bytes(data)
    return path


def _text(path, *options) -> str:
    return subprocess.run(["pdftotext", *options, str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_pdftotext_gives_back_the_thai_source_text(pdf_path):
    text = _text(pdf_path)
    squashed = _squash(text)
    for paragraph in NARRATIVE:
        assert _squash(paragraph) in squashed
    # Nothing private-use or decomposed, as shaping would produce.
    assert not re.search("[\ue000-\uf8ff]|\u0e4d\u0e32", text)


def test_every_track_has_its_section_and_no_complainant_data_is_printed(pdf_path):
    squashed = _squash(_text(pdf_path))
    for track in Track:
        assert _squash(str(track.label)) in squashed
    # The complaints and the commitment are counted and named in the annex by title only.
    assert _squash("ร้องเรียนถนนชำรุดผ่านสมาชิกสภาผู้แทนราษฎร") in squashed and _squash("กต 2569/001") in squashed
    for value in PERSONAL.values():
        assert _squash(value) not in squashed


def test_lines_break_only_between_words(pdf_path):
    lines = [line.strip() for line in _text(pdf_path).splitlines() if line.strip()]
    for paragraph in NARRATIVE:
        bounds, position = set(), 0
        for piece in break_opportunities(paragraph):
            position += len(piece)
            bounds.add(len(_squash(paragraph[:position])))
        squashed, found = _squash(paragraph), 0
        first = next(i for i, line in enumerate(lines) if squashed.startswith(_squash(line)))
        for line in lines[first:]:
            if found >= len(squashed):
                break
            found += len(_squash(line))
            assert found in bounds, f"line ends inside a word: {line!r}"
        assert found == len(squashed)


def test_no_glyph_extends_past_the_right_margin(pdf_path):
    bbox = _text(pdf_path, "-bbox")
    boxes = [
        (float(x_max), word)
        for x_max, word in re.findall(
            r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', bbox
        )
    ]
    assert len(boxes) > 200
    widths = {round(float(width)) for width in re.findall(r'<page width="([\d.]+)"', bbox)}
    assert widths == {round(PAGE_WIDTH)}
    past = [(x, word) for x, word in boxes if x > PAGE_WIDTH - RIGHT + 0.5]
    assert past == []


def test_metadata_and_pages_rendered_as_images_kept_for_people(pdf_path):
    info = subprocess.run(["pdfinfo", str(pdf_path)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"Title:\s+รายงานสรุปสำหรับผู้บริหาร", info)
    assert re.search(r"Author:\s+\S", info)
    assert b"/Lang (th)" in pdf_path.read_bytes()
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 4
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("executive-summary-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "110", "-png", str(pdf_path), str(ARTIFACTS / "executive-summary")], check=True)
    images = sorted(ARTIFACTS.glob("executive-summary-*.png"))
    assert len(images) == pages and all(image.stat().st_size > 5000 for image in images)
    text = _text(pdf_path)
    assert "หน้า 2" in text and "2569" in text


def test_the_command_builds_the_pdf_for_scheduled_jobs(tmp_path):
    build_world()
    out = tmp_path / "summary.pdf"
    stdout = StringIO()
    call_command("executive_summary", "--out", str(out), "--fiscal-year", "2569", "--lang", "en", stdout=stdout)
    assert out.read_bytes().startswith(b"%PDF") and b"/Lang (en)" in out.read_bytes()
    assert "Wrote" in stdout.getvalue()
    assert "FY 2026" in _text(out)
    with pytest.raises(CommandError):
        call_command("executive_summary", "--out", str(out), "--fiscal-year", "2026", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("executive_summary", "--out", str(tmp_path / "missing" / "x.pdf"), stdout=StringIO())
