"""
Thai text for reportlab: a flowable that packs words into lines by their measured width, and
draws each line shaped, with its source text attached.

reportlab breaks lines at spaces only, so unspaced Thai is cut mid-word or runs past the margin
(shared/THAI.md). Here ICU's line-break iterator for Thai (dictionary-based) gives the break
opportunities and words are packed into lines by their shaped width. Each line is shaped by
HarfBuzz (reportlab's ``shapeStr``, through ``uharfbuzz``), which places tone marks and upper vowels
by the font's own rules instead of letting them float or collide. Shaping draws glyphs that have
no Unicode code point (reportlab maps them to private-use ones) and decomposes ำ, so each line is
wrapped in a marked-content span whose ``/ActualText`` is the line's source text: ``pdftotext``
and copy-paste give back exactly what was written. The font is Laksaman (Debian
``fonts-tlwg-laksaman-ttf``, TH Sarabun New's metric twin, the government's typeface).
"""

import functools
from dataclasses import dataclass
from pathlib import Path

import icu
from django.core.exceptions import ImproperlyConfigured
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeStr
from reportlab.platypus import Flowable

from core.text import normalise

FONT = "PM1Thai"
FONT_BOLD = "PM1Thai-Bold"
FONT_DIRS = (Path("/usr/share/fonts/truetype/tlwg"), Path("/usr/local/share/fonts/tlwg"))
_FILES = {FONT: "Laksaman.ttf", FONT_BOLD: "Laksaman-Bold.ttf"}
#: Laksaman's stacked marks (ฟื้, น้ำ) reach 1.27 em above the baseline and its lower vowels 0.37 em
#: below it (measured with HarfBuzz's glyph extents): a line box of 1.7 em with the baseline 0.42 em
#: above its bottom holds them all, so marks never cut a table rule or reach the line above.
LEADING = 1.7
BASELINE = 0.42


@functools.cache
def register_fonts() -> None:
    """Register Laksaman with reportlab once per process."""
    for name, filename in _FILES.items():
        path = next((folder / filename for folder in FONT_DIRS if (folder / filename).exists()), None)
        if path is None:
            raise ImproperlyConfigured(
                f"The Thai font {filename} was not found in {', '.join(map(str, FONT_DIRS))}: "
                "install Debian's fonts-tlwg-laksaman-ttf."
            )
        pdfmetrics.registerFont(TTFont(name, str(path), shapable=True))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


@functools.cache
def _line_breaker():
    return icu.BreakIterator.createLineInstance(icu.Locale("th"))


@functools.cache
def _cluster_breaker():
    return icu.BreakIterator.createCharacterInstance(icu.Locale("th"))


def _pieces(text: str, breaker) -> list[str]:
    breaker.setText(text)
    bounds = [0, *breaker]
    return [text[start:end] for start, end in zip(bounds, bounds[1:], strict=False) if end > start]


@functools.lru_cache(maxsize=20_000)
def _shaped(text: str, font: str, size: float):
    return shapeStr(text, font, size)


def text_width(text: str, font: str, size: float) -> float:
    """The width of ``text`` as it is drawn: shaped (kerning and mark positioning included)."""
    if not text:
        return 0.0
    # Tables are measured while the story is built, before a document registers the fonts.
    register_fonts()
    shaped = _shaped(text, font, size)
    data = getattr(shaped, "__shapeData__", None)
    if data is None:
        return pdfmetrics.stringWidth(text, font, size)
    return sum(glyph.x_advance for glyph in data) * size / 1000


def _actual_text(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def draw_line(canvas, x: float, y: float, text: str, *, font: str, size: float, align: str = "left") -> None:
    """
    Draw one line of text at ``(x, y)`` shaped by HarfBuzz, its source text as ``/ActualText``;
    ``x`` is the left end, the centre or the right end by ``align``.
    """
    if not text:
        return
    width = text_width(text, font, size)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    shaped = _shaped(text, font, size)
    # Marked content must enclose whole text objects for poppler to substitute the span's text.
    canvas._code.append(f"/Span <</ActualText {_actual_text(text)}>> BDC")
    line = canvas.beginText(x, y)
    line.setFont(font, size)
    line.textOut(shaped)
    canvas.drawText(line)
    canvas._code.append("EMC")


class _ShapingRenderer(renderPDF._PDFRenderer):
    """reportlab's PDF renderer of drawings, drawing each string as ``draw_line`` does: shaped, with ActualText."""

    def drawString(self, stringObj):
        state = self._tracker.getState()
        font = pdfmetrics.getFont(state["fontName"])
        text = stringObj.text
        if not text or not getattr(font, "shapable", False):
            return super().drawString(stringObj)
        self._canvas._code.append(f"/Span <</ActualText {_actual_text(text)}>> BDC")
        stringObj.text = _shaped(text, state["fontName"], state["fontSize"])
        try:
            super().drawString(stringObj)
        finally:
            stringObj.text = text
        self._canvas._code.append("EMC")


class ThaiDrawing(Drawing):
    """A reportlab drawing (charts) whose labels are shaped and read back as their source text."""

    def draw(self, showBoundary=None):
        _ShapingRenderer().draw(renderPDF.renderScaledDrawing(self), self.canv, 0, 0)


def widest_piece(text: str, *, font: str, size: float) -> float:
    """The width of the widest part of ``text`` that no line break may cut (a word, a number)."""
    return max(
        (
            text_width(piece.strip(), font, size)
            for line in normalise(text).split("\n")
            for piece in break_opportunities(line)
        ),
        default=0.0,
    )


def break_opportunities(text: str) -> list[str]:
    """The text cut where a line may break: Thai words (with ICU's dictionary), spaces kept at their ends."""
    return _pieces(text, _line_breaker())


def pack_lines(text: str, *, font: str, size: float, width: float) -> list[str]:
    """
    The lines ``text`` is set in at ``width`` points: paragraphs at its newlines, each line as many
    whole words as fit. Only a single word wider than the whole line is cut, between characters
    (never inside a character and its marks).
    """
    lines = []
    for paragraph in normalise(text).split("\n"):
        line = ""
        for piece in break_opportunities(paragraph):
            candidate = line + piece
            if text_width(candidate.rstrip(), font, size) <= width or not line.strip():
                line = candidate
                if text_width(line.rstrip(), font, size) > width:
                    *full, line = _cut_long(line, font=font, size=size, width=width)
                    lines.extend(full)
                continue
            lines.append(line.rstrip())
            line = piece.lstrip()
            if text_width(line.rstrip(), font, size) > width:
                *full, line = _cut_long(line, font=font, size=size, width=width)
                lines.extend(full)
        lines.append(line.rstrip())
    return lines


def _cut_long(word: str, *, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for cluster in _pieces(word, _cluster_breaker()):
        if line and text_width(line + cluster, font, size) > width:
            lines.append(line)
            line = ""
        line += cluster
    return [*lines, line]


@dataclass(frozen=True)
class TextStyle:
    """
    How a ``ThaiText`` is set: font, size, colour and alignment (left, centre, right); ``whole``
    keeps each line of the text unbroken (numbers, dates, references in a table); ``keep_with_next``
    keeps a heading on the page of what follows it.
    """

    font: str = FONT
    size: float = 14
    color: colors.Color = colors.black
    align: str = "left"
    space_after: float = 4
    whole: bool = False
    keep_with_next: bool = False

    @property
    def leading(self) -> float:
        return LEADING * self.size


class ThaiText(Flowable):
    """A paragraph of Thai (or any) text broken into lines at word boundaries; it splits across pages."""

    def __init__(self, text: str, style: TextStyle = TextStyle(), *, lines: list[str] | None = None):
        super().__init__()
        self.text = str(text)
        self.style = style
        self._lines = lines
        self.spaceAfter = style.space_after
        self.keepWithNext = style.keep_with_next

    def wrap(self, availWidth, availHeight):
        if self._lines is None or self.width != availWidth:
            if self.style.whole:
                self._lines = normalise(self.text).split("\n")
            else:
                self._lines = pack_lines(self.text, font=self.style.font, size=self.style.size, width=availWidth)
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.style.leading)
        if fit <= 0 or fit >= len(self._lines):
            return [] if fit <= 0 else [self]
        return [
            ThaiText("\n".join(self._lines[:fit]), self.style, lines=self._lines[:fit]),
            ThaiText("\n".join(self._lines[fit:]), self.style, lines=self._lines[fit:]),
        ]

    def draw(self):
        style = self.style
        self.canv.setFillColor(style.color)
        x = {"center": self.width / 2, "right": self.width}.get(style.align, 0)
        for number, line in enumerate(self._lines):
            y = self.height - (number + 1) * style.leading + BASELINE * style.size
            draw_line(self.canv, x, y, line, font=style.font, size=style.size, align=style.align)
