"""
The executive summary PDF, read back with poppler: the Thai text round-trips although it is shaped,
lines break between words and never pass the right margin, lines never overlap, table cells keep
numbers, dates and words whole, the English summary is in English, metadata is set, and the pages
of both summaries are kept as PNG artifacts at 150 dpi (var/artifacts/reports/) for a person to look at.
"""

import base64
import re
import subprocess
import zlib
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation

from core.choices import Track
from reports.pdf import PAGE_WIDTH, RIGHT, build, summary_pdf, table
from reports.selectors import DashboardFilters
from reports.services import summary_figures
from reports.thaitext import break_opportunities
from tests import builders
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


@pytest.fixture(scope="module")
def english_pdf_path(django_db_setup, django_db_blocker, tmp_path_factory):
    """The English summary of the same world, with the policy, its indicator and one directive translated."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            world = build_world()
            policy = builders.translate(
                world.policy, title="Urgent public health policy", summary="Better public health care for everyone"
            )
            indicator = policy.indicators.get()
            indicator.name, indicator.unit = "People vaccinated", "per cent"
            indicator.save()
            builders.translate(world.directives["shared"], title="Directive on shared work")
            with translation.override("en"):
                figures = summary_figures(filters=DashboardFilters(fiscal_year=2569, today=TODAY))
                data = summary_pdf(figures=figures, language="en", title="Executive summary, FY 2026")
            transaction.set_rollback(True)
    path = tmp_path_factory.mktemp("pdf") / "executive-summary-en.pdf"
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
    # In the order it is written: a wrapped cell's lines follow each other, not the next cells'.
    squashed = _squash(_text(pdf_path, "-raw"))
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


def _words(path) -> list[list[tuple[float, float, float, float, str]]]:
    """The words of each page with their boxes (poppler's: the font's ascent to its descent)."""
    pages = _text(path, "-bbox").split("<page ")[1:]
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [
        [(float(x0), float(y0), float(x1), float(y1), word) for x0, y0, x1, y1, word in re.findall(pattern, page)]
        for page in pages
    ]


def test_no_glyph_extends_past_the_right_margin(pdf_path):
    bbox = _text(pdf_path, "-bbox")
    boxes = [(x1, word) for page in _words(pdf_path) for _x0, _y0, x1, _y1, word in page]
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
    for old in ARTIFACTS.glob("executive-summary-th-*.png"):
        old.unlink()
    out = str(ARTIFACTS / "executive-summary-th")
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf_path), out], check=True)
    images = sorted(ARTIFACTS.glob("executive-summary-th-*.png"))
    assert len(images) == pages and all(image.stat().st_size > 5000 for image in images)
    text = _text(pdf_path)
    assert "หน้า 2" in text and "2569" in text
    assert re.search(r"Author:\s+สำนักเลขาธิการนายกรัฐมนตรี", info)


def test_lines_of_text_never_overlap_so_marks_stay_in_their_line(pdf_path, english_pdf_path):
    # Each line's box (the font's ascent to descent, which holds its stacked marks) stays clear of the
    # next line's: marks neither cut a table rule nor reach the line above.
    for path in (pdf_path, english_pdf_path):
        for page in _words(path):
            for index, (x0, y0, x1, y1, word) in enumerate(page):
                for a0, b0, a1, b1, other in page[index + 1 :]:
                    across = min(x1, a1) - max(x0, a0)
                    down = min(y1, b1) - max(y0, b0)
                    if across > 0.5 and down > 0.5:
                        assert abs(y0 - b0) < 0.5, f"{word!r} and {other!r} overlap"


def test_pdf_text_is_shaped_and_each_line_carries_its_source_as_actual_text(pdf_path):
    streams = re.findall(rb"stream\r?\n(.*?)endstream", pdf_path.read_bytes(), re.DOTALL)
    pages = [stream.strip() for stream in streams if stream.strip().endswith(b"~>")]
    content = b"".join(zlib.decompress(base64.a85decode(stream, adobe=True)) for stream in pages)
    # Spans of shaped glyphs: HarfBuzz's mark offsets are TJ adjustments, the source text rides along.
    assert content.count(b"/ActualText") > 100 and b"] TJ" in content
    # The narrative's paragraphs come back exactly, ำ whole, though the glyphs drawn are shaped ones.
    text = _text(pdf_path)
    assert "น้ำสะอาด" in text
    # Charts' labels too: "ยุติ" (not pursued) is printed only beside its empty bar.
    assert "ยุติ" in text and "ล่าช้า" in text


def test_tables_keep_numbers_dates_and_words_whole(tmp_path):
    sentence = "จำนวนผู้สูงอายุและผู้ป่วยโรคเรื้อรังที่ได้รับวัคซีนครบถ้วนตามเกณฑ์ของกระทรวงสาธารณสุข"
    rows = [[sentence, "1,500,000.0", "30 ก.ย. 2569", "September 2026", "Assignments", "12,345,678"]] * 3
    header = ["ตัวชี้วัด", "ค่าเป้าหมาย", "กำหนดเสร็จ", "Month", "Assignments", "จำนวน"]
    with translation.override("th"):
        data = build(table(header, rows, whole=(1, 2, 3, 5)), title="t", language="th", generated=TODAY)
    path = tmp_path / "table.pdf"
    path.write_bytes(data)
    lines = _text(path, "-raw").splitlines()
    for whole in ("1,500,000.0", "30 ก.ย. 2569", "September 2026", "Assignments", "12,345,678", "ค่าเป้าหมาย"):
        assert any(whole in line for line in lines), f"{whole!r} is broken"
    (words,) = _words(path)
    number = next(x0 for x0, _y0, _x1, _y1, word in words if word == "1,500,000.0")
    cell = [word for x0, _y0, _x1, _y1, word in words if x0 < number and word != "ตัวชี้วัด"]
    bounds, position = set(), 0
    for piece in break_opportunities(sentence):
        position += len(piece)
        bounds.add(position)
    found = 0
    for line in cell:
        if found == len(sentence):
            break
        assert sentence[found:].startswith(line)
        found += len(line)
        assert found in bounds, f"a cell's line ends inside a word: {line!r}"
    assert found == len(sentence)


def test_the_english_summary_is_in_english(english_pdf_path):
    text = _text(english_pdf_path, "-raw")
    squashed = _squash(text)
    assert "Urgentpublichealthpolicy" in squashed and "Betterpublichealthcareforeveryone" in squashed
    assert "Peoplevaccinated(percent)" in squashed and "Directiveonsharedwork" in squashed
    assert "นโยบายเร่งด่วน" not in squashed and "ประชาชนที่ได้รับวัคซีน" not in squashed
    # Thai only where no English version exists, and marked.
    # References (นร 2569/001) are identifiers, printed as they are.
    english = re.sub(r"[\u0e00-\u0e7f\d/.,\-]+\(inThai\)|[\u0e01-\u0e2e]{2}\d{4}/\d{3}", "", squashed)
    assert not re.search(r"[\u0e00-\u0e7f]", english)
    assert "(inThai)" in squashed
    assert "None" not in text
    info = subprocess.run(["pdfinfo", str(english_pdf_path)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"Author:\s+Secretariat of the Prime Minister$", info, re.MULTILINE)
    cover = _text(english_pdf_path, "-f", "1", "-l", "1")
    assert "Secretariat of the Prime Minister" in cover and "Permanent Secretary" not in cover
    assert len(re.findall(r"FY 2026", cover)) == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("executive-summary-en-*.png"):
        old.unlink()
    out = str(ARTIFACTS / "executive-summary-en")
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(english_pdf_path), out], check=True)
    assert all(image.stat().st_size > 5000 for image in ARTIFACTS.glob("executive-summary-en-*.png"))


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
