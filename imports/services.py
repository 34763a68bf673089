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
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import reset_queries, transaction
from django.utils.translation import gettext, gettext_noop
from openpyxl import Workbook

from core.choices import Gap
from core.kinds import kinds
from updates.models import UpdateGap

from .items import ItemFile
from .problems import ERROR, WARNING, Problem
from .reading import table_read
from .updates import UpdateFile

__all__ = [
    "ImportResult",
    "gap_label",
    "item_file_named",
    "item_files",
    "items_export",
    "items_import",
    "problems_csv",
]

#: The vocabularies the kinds' rows name their gaps in (``row.gaps``), for the report to name them.
GAP_VOCABULARIES = (Gap, UpdateGap)
#: How often (in rows) reading and checking tells its progress.
CHECKING_STEP = 100


def item_files() -> dict[str, type[ItemFile]]:
    """
    What can be imported and exported, by the name commands and the admin use: each registered kind's
    file (``Kind.importer``; a kind without one has none), then the progress updates of any kind's items.
    """
    files = {kind.importer.name: kind.importer for kind in kinds() if kind.importer is not None}
    return {**files, UpdateFile.name: UpdateFile}


def item_file_named(name: str) -> type[ItemFile]:
    """The file called ``name`` (``item_files``); ``LookupError`` saying what can be imported if none is."""
    files = item_files()
    try:
        return files[name]
    except KeyError:
        raise LookupError(
            gettext("Nothing called “%(name)s” can be imported or exported: only %(names)s.")
            % {"name": name, "names": ", ".join(files)}
        ) from None


def gap_label(code: str, *, start_column: str = "") -> str:
    """
    A gap as staff read it, in the active language (the code itself for one no vocabulary names). A row
    lacking its start date names the gap by the column (``start_column``): the item's gap is ``Gap.DATE``.
    """
    code = Gap.DATE if start_column and code == start_column else code
    for vocabulary in GAP_VOCABULARIES:
        if code in vocabulary.values:
            return str(vocabulary(code).label)
    return code


class _Elided(dict):
    """A reason's parameters, which differ row by row, shown as an ellipsis."""

    def __missing__(self, name):
        return "…"


def _reason(message: str) -> str:
    """A refusal's reason: its message in the active language, whatever the rows' values."""
    text = gettext(message)
    return text % _Elided() if "%(" in text else text


@dataclass
class ImportResult:
    """
    What an import did (or, for a dry run, would do), with every problem found: the report. Rows
    imported with gaps are counted by gap (``gaps``, from the rows' ``gaps``), refused rows by reason
    (``refusals``: the column and message of each error, with how many rows it refused).
    """

    kind: str = ""
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
    with_gaps: int = 0
    gaps: dict[str, int] = field(default_factory=dict)
    refusals: list[dict] = field(default_factory=list)
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
        """The result ``as_json`` gave, also one stored before a field was added (it takes its default)."""
        problems = [Problem.from_json(problem) for problem in data.get("problems", [])]
        known = {name: value for name, value in data.items() if name in cls.__dataclass_fields__}
        return cls(**{**known, "problems": problems})

    def outcomes(self) -> list[tuple[str, int]]:
        """The report's counts by outcome, labelled in the active language."""
        planned = self.dry_run
        return [
            (gettext("Rows"), self.rows),
            (gettext("To be created") if planned else gettext("Created"), self.created),
            (gettext("To be updated") if planned else gettext("Updated"), self.updated),
            (gettext("Unchanged"), self.unchanged),
            (gettext("Rejected rows"), self.rejected),
            (gettext("Imported with gaps"), self.with_gaps),
        ]

    def gap_counts(self) -> list[tuple[str, int]]:
        """Rows imported with each gap, the most frequent first."""
        reader = item_files().get(self.kind)
        start_column = reader.start_column if reader is not None else ""
        return [
            (gap_label(code, start_column=start_column), count)
            for code, count in sorted(self.gaps.items(), key=lambda g: (-g[1], g[0]))
        ]

    def refusal_counts(self) -> list[tuple[str, str, int]]:
        """``(column, reason, rows)`` for each reason rows were refused, the most frequent first."""
        return [(refusal["column"], _reason(refusal["message"]), refusal["rows"]) for refusal in self.refusals]

    def count(self, rows) -> None:
        """Count the gaps of the rows to be imported, and the reasons of the refused rows' errors."""
        gaps = Counter()
        for row in rows:
            row_gaps = set(getattr(row, "gaps", ()))
            gaps.update(row_gaps)
            self.with_gaps += bool(row_gaps)
        self.gaps = dict(gaps)
        reasons = defaultdict(set)
        for problem in self.problems:
            if problem.row and problem.level == ERROR:
                reasons[(problem.column, problem.message)].add(problem.row)
        self.refusals = [
            {"column": column, "message": message, "rows": len(numbers)}
            for (column, message), numbers in sorted(reasons.items(), key=lambda r: (-len(r[1]), r[0]))
        ]


def items_import(
    *,
    kind: str,
    data: bytes,
    filename: str,
    user=None,
    publish: bool = False,
    create_agencies: bool = False,
    strict: bool = False,
    dry_run: bool = False,
    batch_size: int = 2000,
    progress=None,
    checking=None,
) -> ImportResult:
    """
    Import the items of a CSV or XLSX file. ``checking(done, total)`` is called as the rows are read
    and checked, ``progress(done, total)`` after each batch written. Rows with errors are left out
    and reported; the others are imported. ``strict`` refuses rows with gaps (what the archive lacks)
    instead of importing them marked with it.
    """
    started = time.monotonic()
    reader = item_file_named(kind)(create_agencies=create_agencies, strict=strict)
    table = table_read(
        data, filename, known=reader.columns, key=reader.key, aliases=reader.aliases, header=reader.header_columns
    )
    result = ImportResult(kind=kind, dry_run=dry_run, rows=len(table.rows), problems=list(table.problems))
    if result.failed:
        return result
    rows = []
    for number, raw in enumerate(table.rows, 1):
        row, problems = reader.parse(raw)
        result.problems += problems
        if row is None:
            result.rejected += 1
        else:
            rows.append(row)
        if checking is not None and (number % CHECKING_STEP == 0 or number == result.rows):
            checking(number, result.rows)
    rows = _without_duplicates(rows, result, reader)
    rows, problems = reader.check(rows)
    result.problems += problems
    result.rejected += len({problem.row for problem in problems if problem.level == ERROR})
    result.count(rows)

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


def items_export(*, kind: str, file_format: str = "csv") -> bytes:
    """Every item of ``kind`` in the import format: UTF-8 CSV with a byte-order mark (Excel reads Thai), or XLSX."""
    reader = item_file_named(kind)(create_agencies=False)
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
