"""
JSON bodies as the API reads them: anything that is not plain JSON PM1 can store and answer with is
a 400 problem (``ParseError``), never a server error further on. Python's parser recurses once per
nesting level (100 000 levels exhaust the stack), reads ``1e999`` as infinity and keeps lone
surrogates (``"\\ud800"``) that no database or UTF-8 answer can hold, and NUL characters
(``"\\u0000"``) that PostgreSQL's text refuses.
"""

import codecs
import json
import math

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding

__all__ = ["MAX_DEPTH", "CheckedJSONParser", "json_checked"]

#: Deeper than any request PM1 documents (an update's indicator values are three levels deep).
MAX_DEPTH = 32


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _refused(text: str):
    raise ValueError(text)


def _checked(data) -> None:
    """Raise ``ValueError`` for nesting deeper than ``MAX_DEPTH`` or a text not valid Unicode or holding NUL."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            value.encode()
            if "\x00" in value:
                raise ValueError("NUL")
        elif isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise ValueError("too deep")
            if isinstance(value, dict):
                stack.extend((key, depth) for key in value)
                value = value.values()
            stack.extend((child, depth + 1) for child in value)


def json_checked(text: str):
    """
    JSON text read as the API reads bodies: ``ValueError`` for invalid JSON, ``NaN``/``Infinity``,
    numbers too large to hold, nesting deeper than ``MAX_DEPTH``, lone surrogates and NUL characters.
    """
    try:
        data = json.loads(text, parse_float=_finite, parse_constant=_refused)
    except RecursionError as error:
        raise ValueError("too deep") from error
    _checked(data)
    return data


class CheckedJSONParser(JSONParser):
    """DRF's JSON parser through ``json_checked``, its refusals in the client's language."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            encoding = get_encoding(parser_context or {})
        except ParseError as error:
            raise ParseError(_("The body's character set is not one PM1 reads: send UTF-8.")) from error
        try:
            return json_checked(codecs.getreader(encoding)(stream).read())
        except UnicodeDecodeError as error:
            raise ParseError(_("The body is not valid UTF-8 text.")) from error
        except json.JSONDecodeError as error:
            raise ParseError(
                _("The body is not valid JSON (line %(line)s, column %(column)s).")
                % {"line": error.lineno, "column": error.colno}
            ) from error
        except ValueError as error:
            raise ParseError(
                _(
                    "The body is not JSON that PM1 accepts: plain JSON, numbers that fit in a double, "
                    "at most %(depth)s levels of nesting, valid Unicode text without NUL characters."
                )
                % {"depth": MAX_DEPTH}
            ) from error
