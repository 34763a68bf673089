"""
Cell values as typed by many hands, made into PM1's values. Everything is normalised the way search
compares text (NFC, zero-width characters dropped, decomposed ำ composed, spaces collapsed); what
cannot be read without guessing raises ``ValueProblem`` with a message that says what was expected.
"""

import re
from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_noop

from core.choices import Status, Track, Visibility
from core.models.pages import source_url_validator
from core.richtext import text_canonical
from core.text import normalise
from core.thai import (
    BE_OFFSET,
    ENGLISH_MONTHS,
    PRECISION_DAY,
    THAI_MONTHS,
    THAI_MONTHS_ABBR,
    date_from_excel_serial,
    parse_partial_thai_date,
    parse_thai_date,
    partial_date,
    thai_date,
    to_arabic_digits,
)

from .problems import ValueProblem
from .reading import FORMULA_WITHOUT_VALUE

__all__ = [
    "cell",
    "choice",
    "choice_names",
    "date_format",
    "date_value",
    "decimal_format",
    "decimal_value",
    "key",
    "partial_date_format",
    "partial_date_value",
    "source_url_value",
    "without_year",
    "line_text",
    "list_items",
    "long_text",
    "shown_value",
    "status_value",
    "track_value",
    "TRACK_NAMES",
    "STATUS_NAMES",
    "VISIBILITY_NAMES",
]

_SERIAL = re.compile(r"^\d{5}(\.0+)?$")
# ";" and its full-width form separate the items of a list; so does a line break inside a cell.
_LIST_SEPARATORS = re.compile("[;\uff1b\n]")


def shown_value(value) -> str:
    """A cell's value as text: whole numbers without ".0", dates as day/month/BE year."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return thai_date(value, "numeric")
    return "" if value is None else str(value)


def cell(cells: list, *, joined: bool = False):
    """
    The one value under a heading. Several columns under one (merged or repeated) heading must agree,
    unless ``joined``: then their values are one list, separated by ";".
    """
    values = [value for value in cells if value is not None and shown_value(value).strip()]
    if any(value is FORMULA_WITHOUT_VALUE for value in values):
        raise ValueProblem(
            gettext_noop("A formula without a computed value: open and save the file in Excel, or type the value.")
        )
    if not values:
        return None
    if joined:
        return ";".join(shown_value(value) for value in values)
    if len({shown_value(value) for value in values}) > 1:
        raise ValueProblem(gettext_noop("Several different values under one heading: keep one."))
    return values[0]


def key(text: str) -> str:
    """How names are compared: normalised, case-folded, single spaces."""
    return " ".join(normalise(text).casefold().split())


def line_text(value, *, max_length: int | None = None, digits: bool = False) -> str:
    """One line of text; ``digits``: Thai digits as Arabic ones (reference numbers)."""
    text = " ".join(normalise(shown_value(value)).split())
    if digits:
        text = to_arabic_digits(text)
    if max_length is not None and len(text) > max_length:
        raise ValueProblem(
            gettext_noop("%(length)s characters, at most %(max)s are allowed."), length=len(text), max=max_length
        )
    return text


def long_text(value) -> str:
    """Paragraphs of text, as ``core.richtext`` stores them."""
    return text_canonical(normalise(shown_value(value)))


def list_items(value) -> list[str]:
    """The ";"-separated items of a cell, each one line, empty ones kept (they may mean "none")."""
    return [line_text(item) for item in _LIST_SEPARATORS.split(shown_value(value))]


def date_value(value) -> date:
    """
    A date from an Excel date cell, an Excel serial number, or text as ``core.thai.parse_thai_date``
    reads it (BE or CE, Thai month names, Thai digits).
    """
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        # A Buddhist Era year typed into a spreadsheet program set to the Common Era.
        if day.year >= 2400:
            try:
                return day.replace(year=day.year - BE_OFFSET)
            except ValueError:
                pass
        else:
            return day
    text = line_text(value)
    try:
        if _SERIAL.match(to_arabic_digits(text)) or isinstance(value, int | float):
            return date_from_excel_serial(text)
        return parse_thai_date(text)
    except ValueError:
        raise ValueProblem(
            gettext_noop(
                "Not a date: expected day, month and a four-digit year, such as 25/01/2565, "
                "25 ม.ค. 2565 or 25 มกราคม 2565 (Buddhist or Common Era)."
            )
        ) from None


def date_format(value: date | None) -> str:
    """A date as exports write it: day/month/Buddhist Era year."""
    return thai_date(value, "numeric") if value else ""


_YEAR_ONLY = re.compile(r"^\d{4}(\.0+)?$")


def partial_date_value(value) -> tuple[date, str]:
    """
    A date as ``date_value`` reads it, or one an archive knows only to the month or the year
    (``มีนาคม 2565``, ``มี.ค. 65``, ``03/2565``, ``2564``, ``พ.ศ. 2564``, as
    ``core.thai.parse_partial_thai_date`` reads them): the date (the first day of the month or year)
    and its precision (``core.thai.PRECISION_DAY``, ``_MONTH`` or ``_YEAR``).
    """
    text = to_arabic_digits(shown_value(value)).strip()
    # A year alone, typed into a number cell, is not an Excel serial.
    if _YEAR_ONLY.match(text):
        try:
            return parse_partial_thai_date(text.split(".")[0])
        except ValueError:
            pass
    try:
        return date_value(value), PRECISION_DAY
    except ValueProblem as problem:
        try:
            return parse_partial_thai_date(line_text(value))
        except ValueError:
            raise problem from None


_DAY_MONTH = re.compile(r"^(\d{1,2})\s*([^\d\s]+?)\.?$")
_MONTH_WORDS = {
    name.lower().replace(".", "")
    for names in (THAI_MONTHS, THAI_MONTHS_ABBR, ENGLISH_MONTHS, [m[:3] for m in ENGLISH_MONTHS])
    for name in names
}


def without_year(value) -> bool:
    """Is ``value`` a day and a month with no year ("30 ก.ย.", "22 มีนาคม"), as news items date themselves?"""
    match = _DAY_MONTH.match(to_arabic_digits(line_text(value)))
    return bool(match) and match.group(2).lower().replace(".", "") in _MONTH_WORDS


def partial_date_format(value: date | None, precision: str) -> str:
    """A date as exports write it, only as far as it is known: ``25/03/2565``, ``03/2565`` or ``2565``."""
    return partial_date(value, precision, "numeric", language="th") if value else ""


_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.IGNORECASE)


def source_url_value(value) -> str:
    """
    A web address (http or https) where the record was published; ``javascript:`` and the like are
    refused. Typed without a scheme (``www.thaigov.go.th/news/…``) it is read as https, as the admin
    reads it.
    """
    text = line_text(value)
    if not _SCHEME.match(text):
        text = f"https://{text}"
    if len(text) > 500:
        raise ValueProblem(
            gettext_noop("%(length)s characters, at most %(max)s are allowed."), length=len(text), max=500
        )
    try:
        source_url_validator(text)
    except ValidationError:
        raise ValueProblem(gettext_noop("Not a web address: expected one starting with http:// or https://.")) from None
    return text


_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def decimal_value(value) -> Decimal:
    """A number as typed: Thai digits, thousands separated by commas; at most two decimals, as PM1 stores them."""
    text = to_arabic_digits(line_text(value)).replace(" ", "")
    if _GROUPED.match(text):
        text = text.replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number != number.quantize(Decimal("0.01"), rounding=ROUND_DOWN):
        raise ValueProblem(gettext_noop("Not a number with at most two decimals, such as 1,250.5."))
    if abs(number) >= Decimal("1e12"):
        raise ValueProblem(gettext_noop("The number is too large."))
    return number


def decimal_format(value: Decimal | None) -> str:
    """A number as exports write it: no thousands separators, no trailing zeros."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def choice_names(choices, extra: dict[str, list[str]] | None = None) -> dict[str, str]:
    """
    Every accepted spelling of ``choices`` (a ``TextChoices``): the value, the English and Thai
    labels, the labels without their parenthesised part or a leading "ด้าน", and ``extra`` names.
    """
    names = {}
    for value, label in choices.choices:
        spellings = [value, *extra.get(value, [])] if extra else [value]
        for language in ("en", "th"):
            with translation.override(language):
                text = str(label)
            short = text.split(" (")[0]
            spellings += [text, short, short.removeprefix("ด้าน")]
        for spelling in spellings:
            names[key(spelling)] = value
    return names


TRACK_NAMES = choice_names(
    Track,
    {
        Track.POLICY: ["ประสานนโยบาย", "ด้านประสานนโยบาย"],
        Track.PARLIAMENT: ["ประสานงานการเมือง", "สภาผู้แทนราษฎร"],
        Track.FOREIGN: ["ต่างประเทศ", "ติดตามงานต่างประเทศ"],
        Track.SECRETARY: ["เลขานุการนายกรัฐมนตรี", "ข้อร้องเรียนของประชาชน"],
    },
)
STATUS_NAMES = choice_names(Status)
VISIBILITY_NAMES = choice_names(Visibility, {Visibility.PUBLIC: ["สาธารณะ"], Visibility.INTERNAL: ["ภายใน"]})
# Names that stand for more than one status, or for none: an error, never a guess.
STATUS_AMBIGUOUS = {key(name) for name in ("อยู่ระหว่างดำเนินการ", "in progress", "in_progress")}
STATUS_DERIVED = {key(name) for name in ("เกินกำหนด", "overdue")}


def choice(value, names: dict[str, str], expected: str) -> str:
    text = key(line_text(value))
    if text in names:
        return names[text]
    raise ValueProblem(gettext_noop("Unknown value: expected one of %(expected)s."), expected=expected)


def track_value(value) -> str:
    return choice(value, TRACK_NAMES, "policy, parliament, foreign, secretary")


def status_value(value) -> str:
    text = key(line_text(value))
    if text in STATUS_AMBIGUOUS:
        raise ValueProblem(
            gettext_noop(
                "“In progress” alone is ambiguous: say on track, at risk or delayed (on_track, at_risk, delayed)."
            )
        )
    if text in STATUS_DERIVED:
        raise ValueProblem(gettext_noop("Overdue is not a status: PM1 derives it from the deadline."))
    return choice(value, STATUS_NAMES, ", ".join(Status.values))
