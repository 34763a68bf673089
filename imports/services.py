"""
Importing and exporting items, shared by the management commands and the admin so that both behave
identically.

An import reads the whole file first and checks every row. Then, unless it is a dry run, it writes the
new and changed rows in batches, each in its own transaction: a batch is written entirely or not at all,
so an import that is killed leaves whole items only, and running it again carries on, because the rows
already written are found unchanged. New items are written in bulk (``core.bulk``) with the revisions,
audit-log entries, search index and search documents Wagtail would have written; changed items are
edited through Wagtail's own revisions, as an editor would.
"""

import csv
import io
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import reset_queries, transaction
from django.utils.translation import gettext_noop
from openpyxl import Workbook

from .complaints import ComplaintFile
from .directives import DirectiveFile
from .policies import PolicyFile
from .problems import ERROR, WARNING, Problem
from .reading import table_read
from .updates import UpdateFile

__all__ = ["KINDS", "ImportResult", "items_export", "items_import", "problems_csv"]

#: What can be imported and exported, by the name commands and the admin use.
KINDS = {"directives": DirectiveFile, "policies": PolicyFile, "updates": UpdateFile, "complaints": ComplaintFile}


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do), with every problem found."""

    kind: str = "directives"
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    done: int = 0
    seconds: float = 0.0
    new_agencies: list[str] = field(default_factory=list)
    new_occasions: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """The file as a whole could not be read (its rows' problems do not count)."""
        return any(problem.row == 0 and problem.level == ERROR for problem in self.problems)

    def as_json(self) -> dict:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "problems"}
        return {**data, "problems": [problem.as_json() for problem in self.problems]}

    @classmethod
    def from_json(cls, data: dict) -> "ImportResult":
        problems = [Problem.from_json(problem) for problem in data.get("problems", [])]
        return cls(**{**data, "problems": problems})


def items_import(
    *,
    kind: str = "directives",
    data: bytes,
    filename: str,
    user=None,
    publish: bool = False,
    create_agencies: bool = False,
    strict: bool = False,
    dry_run: bool = False,
    batch_size: int = 2000,
    progress=None,
) -> ImportResult:
    """
    Import the items of a CSV or XLSX file. ``progress(done, total)`` is called after each batch.
    Rows with errors are left out and reported; the others are imported. ``strict`` refuses archival
    rows (no date, no agency, a partial date, no key) instead of importing them with their gaps.
    """
    started = time.monotonic()
    reader = KINDS[kind](create_agencies=create_agencies, strict=strict)
    table = table_read(
        data, filename, known=reader.columns, key=reader.key, aliases=reader.aliases, header=reader.header_columns
    )
    result = ImportResult(kind=kind, dry_run=dry_run, rows=len(table.rows), problems=list(table.problems))
    if result.failed:
        return result
    rows = []
    for raw in table.rows:
        row, problems = reader.parse(raw)
        result.problems += problems
        if row is None:
            result.rejected += 1
        else:
            rows.append(row)
    rows = _without_duplicates(rows, result, reader)
    rows, problems = reader.check(rows)
    result.problems += problems
    result.rejected += len({problem.row for problem in problems})

    existing = reader.existing(row.key for row in rows)
    current = reader.rows_of(existing.values())
    work = []
    for row in rows:
        page = existing.get(row.key)
        result.problems += reader.warnings(row, page)
        if page is None:
            work.append((row, None))
            result.created += 1
        elif reader.differs(row, current[page.pk]):
            work.append((row, page))
            result.updated += 1
        else:
            result.unchanged += 1
    names = reader.new_names([row for row, _ in work])
    result.new_agencies = names.get("agencies", [])
    result.new_occasions = names.get("occasions", [])
    result.problems.sort(
        key=lambda problem: (
            problem.row,
            reader.columns.index(problem.column) if problem.column in reader.columns else -1,
        )
    )
    if dry_run or not work:
        result.done = len(rows)
        result.seconds = time.monotonic() - started
        return result

    if (problem := reader.prepare(work)) is not None:
        result.problems.insert(0, problem)
        return result
    work = reader.ordered(work)
    result.done = result.unchanged
    for start in range(0, len(work), batch_size):
        batch = work[start : start + batch_size]
        with transaction.atomic():
            reader.write(batch, user=user, publish=publish)
        # With DEBUG on, Django keeps the last 9000 queries: multi-megabyte bulk INSERTs here.
        reset_queries()
        result.done += len(batch)
        if progress is not None:
            progress(result.done, len(rows))
    result.seconds = time.monotonic() - started
    return result


def _without_duplicates(rows, result: ImportResult, reader):
    """
    A key repeated with the same values is imported once (the repeats are reported); repeated with
    different values, none of its rows is imported: which one is right cannot be told.
    """
    by_key = defaultdict(list)
    for row in rows:
        by_key[row.key].append(row)
    kept = []
    for row in rows:
        same_key = by_key[row.key]
        first = same_key[0]
        if all(other.values() == first.values() for other in same_key):
            if row is first:
                kept.append(row)
            else:
                result.problems.append(
                    Problem(
                        row.number,
                        reader.key,
                        row.values()[reader.key],
                        gettext_noop("The same as row %(row)s: imported once."),
                        {"row": first.number},
                        level=WARNING,
                    )
                )
                result.done += 1
            continue
        others = ", ".join(str(other.number) for other in same_key if other is not row)
        result.problems.append(
            Problem(
                row.number,
                reader.key,
                row.values()[reader.key],
                gettext_noop("Also on row %(rows)s with different values: none is imported."),
                {"rows": others},
            )
        )
        result.rejected += 1
    return kept


def items_export(*, kind: str = "directives", file_format: str = "csv") -> bytes:
    """Every item of ``kind`` in the import format: UTF-8 CSV with a byte-order mark (Excel reads Thai), or XLSX."""
    reader = KINDS[kind](create_agencies=False)
    pages = list(reader.all_pages())
    rows = reader.rows_of(pages)
    lines = [list(reader.columns)] + [[rows[page.pk][column] for column in reader.columns] for page in pages]
    if file_format == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(kind)
        for line in lines:
            sheet.append(line)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(lines)
    return out.getvalue().encode("utf-8-sig")


def problems_csv(problems) -> bytes:
    """The error report: one line per problem, in the active language, as UTF-8 CSV that Excel opens."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["row", "column", "value", "problem", "level"])
    for problem in problems:
        writer.writerow([problem.row, problem.column, problem.value, problem.text, problem.level])
    return out.getvalue().encode("utf-8-sig")
