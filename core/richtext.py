"""
Plain text as systems and spreadsheets send it, and rich text as Wagtail stores it. The two
functions are inverses on canonical plain text (``text_canonical``), which is what lets an export be
imported again unchanged.
"""

import html
import re

from bs4 import BeautifulSoup

__all__ = ["richtext_from_text", "text_canonical", "text_from_richtext"]

_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{2,}")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")


def text_canonical(text: str) -> str:
    """Paragraphs separated by one blank line, lines without runs of spaces or spaces at their ends."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


def richtext_from_text(text: str) -> str:
    """A paragraph per blank-line-separated block, a line break per line break, escaped."""
    blocks = [block for block in text_canonical(text).split("\n\n") if block]
    return "".join("<p>" + html.escape(block).replace("\n", "<br/>") + "</p>" for block in blocks)


def text_from_richtext(value: str) -> str:
    """The text of rich text: a block per paragraph, heading or list item; formatting and links dropped."""
    soup = BeautifulSoup(value or "", "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    blocks = soup.find_all(_BLOCKS)
    if not blocks:
        return text_canonical(soup.get_text())
    # A list item inside a block quote, say, is taken once, as the innermost block.
    innermost = [block for block in blocks if not block.find(_BLOCKS)]
    return text_canonical("\n\n".join(block.get_text() for block in innermost))
