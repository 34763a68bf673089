"""
Reading a spreadsheet as officials send it: CSV in UTF-8 (with or without a byte-order mark) or in
Windows-874/TIS-620, or an Excel workbook (XLSX). Title rows above the header, merged cells, formulas
and blank rows are handled here, so that the importers see only rows of named cells.
"""

import codecs
import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.text import normalise

from .problems import WARNING, Problem

__all__ = ["FORMULA_WITHOUT_VALUE", "RawRow", "Table", "table_read"]

#: The value of a formula cell the file holds no computed result for (a workbook no spreadsheet
#: program has saved since the formula was typed).
FORMULA_WITHOUT_VALUE = object()

# How far down the sheet the header row may be, below title rows.
_HEADER_SEARCH_ROWS = 10


@dataclass
class RawRow:
    """A row of the sheet (``number`` as the spreadsheet program shows it): each column's cells."""

    number: int
    cells: dict[str, list] = field(default_factory=dict)


@dataclass
class Table:
    columns: list[str] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    encoding: str = ""


def column_name(text) -> str:
    """A heading as a column name: ``" Title TH "`` is ``title_th``."""
    return "_".join(normalise(str(text)).casefold().replace("-", " ").split())


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not normalise(value).strip())


def table_read(
    data: bytes,
    filename: str,
    *,
    known: tuple[str, ...],
    key: str,
    aliases: dict[str, str] | None = None,
    header: tuple[str, ...] = (),
) -> Table:
    """
    The rows below the header row (the first row, among the first ten, that has the ``key`` column
    or one of the ``header`` columns: an archive may have no key column), each cell under its
    column's name; ``known`` are the column names the importer reads, ``aliases`` other headings for
    them (``ที่มา`` for ``source_url``), others are reported and ignored. Never raises for a bad file:
    its problems are in the table.
    """
    table = Table()
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        grid = _xlsx_grid(data, table)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        table.problems.append(
            Problem(0, "", filename, gettext_noop("Old Excel files (.xls) cannot be read: save as .xlsx or CSV."))
        )
        return table
    else:
        grid = _csv_grid(data, table)
    if grid is None:
        return table
    _take_rows(grid, table, known=known, key=key, aliases=aliases or {}, header=header)
    return table


def _csv_grid(data: bytes, table: Table):
    if data.startswith(codecs.BOM_UTF8):
        table.encoding, data = "utf-8-sig", data[len(codecs.BOM_UTF8) :]
    else:
        table.encoding = "utf-8"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if table.encoding == "utf-8-sig":
            table.problems.append(Problem(0, "", "", gettext_noop("The file starts as UTF-8 but is not valid UTF-8.")))
            return None
        try:
            # Windows-874 is TIS-620 plus a few punctuation marks: Thai Excel's "CSV" encoding.
            text, table.encoding = data.decode("cp874"), "windows-874"
        except UnicodeDecodeError:
            table.problems.append(
                Problem(0, "", "", gettext_noop("The file is neither UTF-8 nor Windows-874 (TIS-620) text."))
            )
            return None
    return [[cell if cell != "" else None for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]


def _xlsx_grid(data: bytes, table: Table):
    table.encoding = "xlsx"
    try:
        formulas = load_workbook(io.BytesIO(data), data_only=False).active
        values = load_workbook(io.BytesIO(data), data_only=True).active
    except (InvalidFileException, KeyError, OSError, ValueError):
        table.problems.append(Problem(0, "", "", gettext_noop("The file is not a readable Excel workbook (.xlsx).")))
        return None
    grid = [list(row) for row in values.iter_rows(values_only=True)]
    for r, row in enumerate(formulas.iter_rows(values_only=True)):
        for c, formula in enumerate(row):
            if isinstance(formula, str) and formula.startswith("=") and grid[r][c] is None:
                grid[r][c] = FORMULA_WITHOUT_VALUE
    # A merged cell holds its value in its top-left cell only; the sheet shows it in all of them.
    for merged in values.merged_cells.ranges:
        top_left = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                grid[r][c] = top_left
    return grid


def _take_rows(grid, table: Table, *, known, key, aliases, header):
    aliases = {column_name(alias): name for alias, name in aliases.items()}
    marks = {key, *header}

    def heading(cell) -> str:
        name = column_name(cell)
        return aliases.get(name, name)

    header_at = next(
        (r for r, row in enumerate(grid[:_HEADER_SEARCH_ROWS]) if any(heading(c) in marks for c in row if c)),
        None,
    )
    if header_at is None:
        table.problems.append(
            Problem(0, "", "", gettext_noop("No header row with a “%(key)s” column was found."), {"key": key})
        )
        return
    names = []
    for text in grid[header_at]:
        name = heading(text) if isinstance(text, str | int | float) else ""
        if name and name not in known:
            table.problems.append(
                Problem(
                    header_at + 1,
                    str(text),
                    str(text),
                    gettext_noop("Unknown column “%(column)s” is ignored."),
                    {"column": str(text)},
                    level=WARNING,
                )
            )
            name = ""
        names.append(name)
        if name and name not in table.columns:
            table.columns.append(name)
    for r in range(header_at + 1, len(grid)):
        row = grid[r]
        if all(_is_blank(value) for value in row):
            continue
        raw = RawRow(number=r + 1)
        for name, value in zip(names, row, strict=False):
            if name:
                raw.cells.setdefault(name, []).append(value)
        table.rows.append(raw)
