"""
Thai lines as they are printed: rendered by poppler at 150 dpi, the shaped marks stay inside each
line's box, and the text read back is the source text.
"""

import subprocess

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from reports.thaitext import TextStyle, ThaiText, register_fonts

#: Stacked marks over upper vowels, ำ, lower vowels under tall consonants: the tallest and deepest Thai.
SAMPLES = ["ที่ปี่สั่งฟื้นฟูน้ำท่วม", "ญูฐูปู่ป้ำกิ๊ก", "เกษตรกรฟื้นฟูพื้นที่ทำกิน"]
DPI = 150
GAP = 60


def _render(tmp_path, style: TextStyle) -> tuple[Image.Image, list[tuple[float, float]]]:
    register_fonts()
    path = tmp_path / "lines.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    boxes, top = [], A4[1] - GAP
    for text in SAMPLES:
        line = ThaiText(text, style)
        _width, height = line.wrapOn(canvas, A4[0] - 100, A4[1])
        line.drawOn(canvas, 50, top - height)
        boxes.append((top - height, top))
        top -= height + GAP
    canvas.save()
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", str(path), str(tmp_path / "lines")])
    return Image.open(tmp_path / "lines.png").convert("L"), boxes


def _ink_rows(image: Image.Image) -> set[int]:
    width, height = image.size
    pixels = image.load()
    return {y for y in range(height) if any(pixels[x, y] < 128 for x in range(width))}


def test_shaped_marks_stay_inside_their_line_box(tmp_path):
    image, boxes = _render(tmp_path, TextStyle(size=20))
    scale = DPI / 72
    inside = set()
    for bottom, top in boxes:
        inside |= set(range(int((A4[1] - top) * scale), int((A4[1] - bottom) * scale) + 2))
    ink = _ink_rows(image)
    assert ink, "nothing was drawn"
    assert ink <= inside, f"ink outside the line boxes on rows {sorted(ink - inside)[:10]}"


def test_rendered_lines_read_back_as_their_source_text(tmp_path):
    _render(tmp_path, TextStyle(size=20))
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "lines.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert [line for line in text.splitlines() if line.strip()] == SAMPLES
