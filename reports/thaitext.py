"""
Thai text for reportlab: a flowable that packs words into lines by their measured width.

reportlab breaks lines at spaces only, so unspaced Thai is cut mid-word or runs past the margin
(shared/THAI.md). Here ICU's line-break iterator for Thai (dictionary-based) gives the break
opportunities, words are packed into lines by ``pdfmetrics.stringWidth``, and every line is drawn
as it is: no shaping, so ``pdftotext`` gives back exactly the characters that were written. The
font is Laksaman (Debian ``fonts-tlwg-laksaman-ttf``, TH Sarabun New's metrics), whose marks sit
high enough never to collide without shaping.
"""

import functools
from dataclasses import dataclass
from pathlib import Path

import icu
from django.core.exceptions import ImproperlyConfigured
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable

from core.text import normalise

FONT = "PM1Thai"
FONT_BOLD = "PM1Thai-Bold"
FONT_DIRS = (Path("/usr/share/fonts/truetype/tlwg"), Path("/usr/local/share/fonts/tlwg"))
_FILES = {FONT: "Laksaman.ttf", FONT_BOLD: "Laksaman-Bold.ttf"}


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
        pdfmetrics.registerFont(TTFont(name, str(path)))
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
            if pdfmetrics.stringWidth(candidate.rstrip(), font, size) <= width or not line.strip():
                line = candidate
                if pdfmetrics.stringWidth(line.rstrip(), font, size) > width:
                    *full, line = _cut_long(line, font=font, size=size, width=width)
                    lines.extend(full)
                continue
            lines.append(line.rstrip())
            line = piece.lstrip()
            if pdfmetrics.stringWidth(line.rstrip(), font, size) > width:
                *full, line = _cut_long(line, font=font, size=size, width=width)
                lines.extend(full)
        lines.append(line.rstrip())
    return lines


def _cut_long(word: str, *, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for cluster in _pieces(word, _cluster_breaker()):
        if line and pdfmetrics.stringWidth(line + cluster, font, size) > width:
            lines.append(line)
            line = ""
        line += cluster
    return [*lines, line]


@dataclass(frozen=True)
class TextStyle:
    """How a ``ThaiText`` is set: font, size, leading, colour and alignment (left, centre, right)."""

    font: str = FONT
    size: float = 14
    leading: float = 18
    color: colors.Color = colors.black
    align: str = "left"
    space_after: float = 4


class ThaiText(Flowable):
    """A paragraph of Thai (or any) text broken into lines at word boundaries; it splits across pages."""

    def __init__(self, text: str, style: TextStyle = TextStyle(), *, lines: list[str] | None = None):
        super().__init__()
        self.text = str(text)
        self.style = style
        self._lines = lines
        self.spaceAfter = style.space_after

    def wrap(self, availWidth, availHeight):
        if self._lines is None or self.width != availWidth:
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
        canvas = self.canv
        style = self.style
        canvas.setFont(style.font, style.size)
        canvas.setFillColor(style.color)
        # The baseline sits a quarter of the leading above the line's bottom, room for lower vowels.
        for number, line in enumerate(self._lines):
            y = self.height - (number + 1) * style.leading + style.leading * 0.25
            if style.align == "center":
                canvas.drawCentredString(self.width / 2, y, line)
            elif style.align == "right":
                canvas.drawRightString(self.width, y, line)
            else:
                canvas.drawString(0, y, line)
