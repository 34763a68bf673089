"""
Thai date, fiscal-year and digit formatting.

Thai pages show Buddhist Era years (CE + 543) and Thai month names; English pages show CE. The Thai
government fiscal year runs 1 October to 30 September and is named by the BE year in which it ends.

The month and weekday names are fixed tables rather than gettext strings: each table *is* the format
of one language, so it must not change with the active language.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

BE_OFFSET = 543

THAI_MONTHS = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip
THAI_MONTHS_ABBR = [
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
]  # fmt: skip
# Indexed by date.weekday(): Monday is 0.
THAI_WEEKDAYS = ["วันจันทร์", "วันอังคาร", "วันพุธ", "วันพฤหัสบดี", "วันศุกร์", "วันเสาร์", "วันอาทิตย์"]

ENGLISH_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
ENGLISH_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

FORMS = ("long", "short", "medium", "full", "numeric")

_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def to_thai_digits(text) -> str:
    """``text`` (anything ``str()`` accepts) with every Arabic digit replaced by its Thai digit."""
    return str(text).translate(_TO_THAI)


def to_arabic_digits(text) -> str:
    """``text`` with every Thai digit replaced by its Arabic digit."""
    return str(text).translate(_TO_ARABIC)


def _as_date(value: date | datetime) -> date:
    # datetime is a subclass of date, so it must be tested first.
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def _check_form(form: str) -> None:
    if form not in FORMS:
        raise ValueError(f"Unknown date form {form!r}; expected one of {', '.join(FORMS)}.")


def thai_date(value: date | datetime | None, form: str = "long", *, thai_digits: bool = False) -> str:
    """
    ``value`` as a Thai date with a Buddhist Era year; ``None`` gives ``""``.

    Forms: long "24 พฤศจิกายน 2569", short "24 พ.ย. 69", medium "24 พ.ย. 2569",
    full "วันอังคารที่ 24 พฤศจิกายน พ.ศ. 2569", numeric "24/11/2569". Aware datetimes are shown in the
    current time zone. Raises ``ValueError`` for an unknown form.
    """
    _check_form(form)
    if value is None:
        return ""
    d = _as_date(value)
    year = d.year + BE_OFFSET
    month = THAI_MONTHS[d.month - 1]
    abbr = THAI_MONTHS_ABBR[d.month - 1]
    text = {
        "long": f"{d.day} {month} {year}",
        "short": f"{d.day} {abbr} {year % 100:02d}",
        "medium": f"{d.day} {abbr} {year}",
        "full": f"{THAI_WEEKDAYS[d.weekday()]}ที่ {d.day} {month} พ.ศ. {year}",
        "numeric": f"{d.day:02d}/{d.month:02d}/{year}",
    }[form]
    return to_thai_digits(text) if thai_digits else text


def english_date(value: date | datetime | None, form: str = "long") -> str:
    """
    ``value`` as an English date with a CE year; ``None`` gives ``""``.

    Forms: long "24 November 2026", short and medium "24 Nov 2026", full "Tuesday 24 November 2026",
    numeric "24/11/2026". Raises ``ValueError`` for an unknown form.
    """
    _check_form(form)
    if value is None:
        return ""
    d = _as_date(value)
    month = ENGLISH_MONTHS[d.month - 1]
    return {
        "long": f"{d.day} {month} {d.year}",
        "short": f"{d.day} {month[:3]} {d.year}",
        "medium": f"{d.day} {month[:3]} {d.year}",
        "full": f"{ENGLISH_WEEKDAYS[d.weekday()]} {d.day} {month} {d.year}",
        "numeric": f"{d.day:02d}/{d.month:02d}/{d.year}",
    }[form]


def _is_thai(language: str | None) -> bool:
    return (language or translation.get_language() or settings.LANGUAGE_CODE).lower().startswith("th")


def local_date(value: date | datetime | None, form: str = "long", language: str | None = None) -> str:
    """``value`` in ``form`` for ``language`` (default: the active one): Thai for ``th*``, else English."""
    if _is_thai(language):
        return thai_date(value, form)
    return english_date(value, form)


def fiscal_year(value: date | datetime) -> int:
    """The BE fiscal year containing ``value``: 1 October 2026 – 30 September 2027 is 2570."""
    d = _as_date(value)
    ce_year = d.year + 1 if d.month >= 10 else d.year
    return ce_year + BE_OFFSET


def fiscal_year_bounds(be_year: int) -> tuple[date, date]:
    """The first and last day of BE fiscal year ``be_year``."""
    ce_year = be_year - BE_OFFSET
    return date(ce_year - 1, 10, 1), date(ce_year, 9, 30)


def fiscal_year_label(be_year: int, language: str | None = None) -> str:
    """
    The name of BE fiscal year ``be_year`` in ``language`` (default: the active one).

    Thai: "ปีงบประมาณ พ.ศ. 2570"; English (CE): "FY 2027 (Oct 2026 – Sep 2027)".
    """
    thai = _is_thai(language)
    ce_year = be_year - BE_OFFSET
    # An explicit language must win over the active one for the words as well as the format.
    with translation.override(language or translation.get_language()):
        if thai:
            # The Thai form is its own msgid: it must read correctly even before a catalogue is compiled.
            return gettext("ปีงบประมาณ พ.ศ. %(year)s") % {"year": be_year}
        return gettext("FY %(year)s (Oct %(start_year)s – Sep %(end_year)s)") % {
            "year": ce_year,
            "start_year": ce_year - 1,
            "end_year": ce_year,
        }


_ERA_BE = ("พ.ศ.", "พศ.", "พ.ศ")
_ERA_CE = ("ค.ศ.", "คศ.", "ค.ศ")
# Abbreviations with or without their dots: "พ.ย.", "พ.ย", "พย".
_THAI_MONTH_NAMES = {
    spelling: number
    for names in (THAI_MONTHS, THAI_MONTHS_ABBR)
    for number, name in enumerate(names, start=1)
    for spelling in (name.rstrip("."), name.replace(".", ""))
}
_MONTH_NAMES = {
    **_THAI_MONTH_NAMES,
    **{
        name.lower(): number
        for names in (ENGLISH_MONTHS, [m[:3] for m in ENGLISH_MONTHS])
        for number, name in enumerate(names, start=1)
    },
}
# What may open a date and says nothing more: the weekday of the "full" form ("วันอังคารที่ 24 …",
# "Tuesday 24 …") or the "วันที่" of official letters ("วันที่ ๒๔ พฤศจิกายน ๒๕๖๕").
_PREFIX = re.compile(
    rf"^(?:(?:{'|'.join(THAI_WEEKDAYS)})(?:\s*ที่)?|วันที่|(?:{'|'.join(ENGLISH_WEEKDAYS)}),?)\s*", re.IGNORECASE
)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_NUMERIC = re.compile(r"^(\d{1,2})(?:[/.\-]|\s)(\d{1,2})(?:[/.\-]|\s)(\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})\s*([^\d\s]+?)\.?\s*(\d{4}|\d{2})$")
# English news pages write the month first: "January 5, 2021".
_MONTH_FIRST = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$", re.IGNORECASE)
# A clock time after the date, as news pages print their dates ("24 July 2024 16:31").
_TIME = re.compile(r"(?:\s+|\s*,\s*)(?:เวลา\s*)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*น\.)?$")


def _year_to_ce(year: int, era: str | None) -> int:
    if era == "BE" or (era is None and year >= 2400):
        return year - BE_OFFSET
    if era == "CE" or year < 2100:
        return year
    # 2100-2399 is neither a plausible CE nor a plausible BE year for government records.
    raise ValueError(year)


def parse_thai_date(text: str) -> date:
    """
    A date typed the ways Thai officials type them: ``25/01/2569``, ``25 ม.ค. 2569``, ``25 มกราคม
    พ.ศ. 2569``, ``๒๕/๐๑/๒๕๖๕``, ``2022-01-25``, ``วันอังคารที่ 24 พฤศจิกายน พ.ศ. 2569``, with Buddhist
    Era or Common Era years (a year from 2400 is BE; "พ.ศ."/"ค.ศ." settle it explicitly). Day comes
    before month.

    A two-digit year is read as 25xx BE where the text is Thai: after a Thai month name ("24 พ.ย. 69",
    the short form PM1 prints), after "พ.ศ.", or written in Thai digits ("๑๕/๐๓/๖๕"). Elsewhere
    ("25/01/69", "25 Jan 69") it could be either era and raises ``ValueError`` like anything else that
    is not a date.
    """
    return _read(text)[0]


def has_two_digit_year(text: str) -> bool:
    """Is ``text`` a date with a two-digit year ("24 พ.ย. 69")? Worth showing as the date it was read as."""
    try:
        return _read(text)[1]
    except ValueError:
        return False


def _without_era(text: str) -> tuple[str | None, str]:
    """``text`` with Arabic digits, single spaces and its era marker taken out; the era ("BE", "CE") or ``None``."""
    value = " ".join(to_arabic_digits(text).split())
    for markers, name in ((_ERA_BE, "BE"), (_ERA_CE, "CE")):
        for marker in markers:
            if marker in value:
                return name, " ".join(value.replace(marker, " ").split())
    return None, value


def _read(text: str) -> tuple[date, bool]:
    """The date ``text`` names, and whether its year was written with two digits."""
    raw = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", str(text)))
    thai_digits = raw != to_arabic_digits(raw)
    era, value = _without_era(raw)
    value = _TIME.sub("", _PREFIX.sub("", value))
    thai_month = False
    if match := _ISO.match(value):
        year_text, month, day = match.group(1), int(match.group(2)), int(match.group(3))
    elif match := _NUMERIC.match(value):
        day, month, year_text = int(match.group(1)), int(match.group(2)), match.group(3)
    elif (match := _WORDS.match(value)) and (name := match.group(2).lower().rstrip(".")) in _MONTH_NAMES:
        day, month, year_text = int(match.group(1)), _MONTH_NAMES[name], match.group(3)
        thai_month = name in _THAI_MONTH_NAMES
    elif (match := _MONTH_FIRST.match(value)) and (name := match.group(1).lower()) in _MONTH_NAMES:
        day, month, year_text = int(match.group(2)), _MONTH_NAMES[name], match.group(3)
    else:
        raise ValueError(text)
    year = int(year_text)
    two_digits = len(year_text) == 2
    if two_digits:
        if era == "CE" or not (era == "BE" or thai_month or thai_digits):
            raise ValueError(text)
        year, era = 2500 + year, "BE"
    return date(_year_to_ce(year, era), month, day), two_digits


# Excel counts days from 30 December 1899 (its 1900 leap-year bug folded in). Serials from 1 January
# 1950 to 31 December 2099 are the dates government spreadsheets hold; other numbers are not dates.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_SERIALS = range(18264, 73051)


def date_from_excel_serial(serial: int | float | str) -> date:
    """
    The date an Excel serial number stands for (``44586`` is 25 January 2022), as a CSV saved from
    Excel holds a date cell formatted as a number. Raises ``ValueError`` for anything but a whole
    number of days between 1950 and 2099.
    """
    number = float(to_arabic_digits(serial).strip()) if isinstance(serial, str) else float(serial)
    if not number.is_integer() or int(number) not in _EXCEL_SERIALS:
        raise ValueError(serial)
    return _EXCEL_EPOCH + timedelta(days=int(number))


#: How much of a date is known: the day, only the month, or only the year. A date known to the month
#: or the year is stored as the first day of that month or year, and shown only as far as it is known.
PRECISION_DAY = "day"
PRECISION_MONTH = "month"
PRECISION_YEAR = "year"

_PARTIAL_MONTHS = {
    spelling: number
    for names in (THAI_MONTHS, THAI_MONTHS_ABBR, ENGLISH_MONTHS, [m[:3] for m in ENGLISH_MONTHS])
    for number, name in enumerate(names, start=1)
    for spelling in (name.lower().rstrip("."), name.lower().replace(".", ""))
}
_THAI_PARTIAL_MONTHS = {
    spelling for name in THAI_MONTHS + THAI_MONTHS_ABBR for spelling in (name.rstrip("."), name.replace(".", ""))
}
_MONTH_YEAR_WORDS = re.compile(r"^([^\d\s/\-]+?)\s*(\d{4}|\d{2})$")
_MONTH_YEAR_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_YEAR = re.compile(r"^\d{4}$")
_MONTH_PREFIX = re.compile(r"^(?:เดือน)\s*")


def parse_partial_thai_date(text: str) -> tuple[date, str]:
    """
    A date known only to the month or the year, as archives record them: ``มีนาคม 2565``,
    ``มี.ค. 65`` (a two-digit year after a Thai month is 25xx BE), ``เดือนมีนาคม พ.ศ. 2565``,
    ``03/2565``, ``March 2022``, ``2564``, ``พ.ศ. 2564``, ``ค.ศ. 2021``. Returns the first day of that
    month or year and ``PRECISION_MONTH`` or ``PRECISION_YEAR``; raises ``ValueError`` for anything
    else (a whole date included: ``parse_thai_date`` reads those).
    """
    era, value = _without_era(_ZERO_WIDTH.sub("", unicodedata.normalize("NFC", str(text))))
    value = _MONTH_PREFIX.sub("", value)
    if _YEAR.match(value):
        return date(_year_to_ce(int(value), era), 1, 1), PRECISION_YEAR
    if match := _MONTH_YEAR_NUMERIC.match(value):
        month, year = int(match.group(1)), int(match.group(2))
    elif (match := _MONTH_YEAR_WORDS.match(value)) and match.group(1).lower().rstrip(".") in _PARTIAL_MONTHS:
        name = match.group(1).lower().rstrip(".")
        month, year = _PARTIAL_MONTHS[name], int(match.group(2))
        if len(match.group(2)) == 2:
            # Only a Thai month (or พ.ศ.) says which century a two-digit year is in.
            if era == "CE" or not (era == "BE" or name in _THAI_PARTIAL_MONTHS):
                raise ValueError(text)
            year, era = 2500 + year, "BE"
    else:
        raise ValueError(text)
    if not 1 <= month <= 12:
        raise ValueError(text)
    return date(_year_to_ce(year, era), month, 1), PRECISION_MONTH


def partial_date(
    value: date | None, precision: str = PRECISION_DAY, form: str = "long", language: str | None = None
) -> str:
    """
    ``value`` shown only as far as it is known: a whole date as ``local_date`` shows it; a month as
    "มีนาคม 2565" / "March 2022" ("มี.ค. 2565" / "Mar 2022" in the short and medium forms, "03/2565" /
    "03/2022" in the numeric one); a year as "พ.ศ. 2564" / "2021" ("2564" in the numeric form, which
    exports write and ``parse_partial_thai_date`` reads back). ``None`` gives ``""``.
    """
    _check_form(form)
    if value is None:
        return ""
    if precision not in (PRECISION_MONTH, PRECISION_YEAR):
        return local_date(value, form, language)
    d = _as_date(value)
    thai = _is_thai(language)
    year = d.year + BE_OFFSET if thai else d.year
    if precision == PRECISION_YEAR:
        return f"พ.ศ. {year}" if thai and form != "numeric" else str(year)
    if form == "numeric":
        return f"{d.month:02d}/{year}"
    if thai:
        month = THAI_MONTHS[d.month - 1] if form in ("long", "full") else THAI_MONTHS_ABBR[d.month - 1]
    else:
        month = ENGLISH_MONTHS[d.month - 1] if form in ("long", "full") else ENGLISH_MONTHS[d.month - 1][:3]
    return f"{month} {year}"


def precision_start(value: date, precision: str) -> date:
    """The day a date known to ``precision`` is stored as: the first of its month or of its year."""
    if precision == PRECISION_MONTH:
        return value.replace(day=1)
    if precision == PRECISION_YEAR:
        return value.replace(month=1, day=1)
    return value
