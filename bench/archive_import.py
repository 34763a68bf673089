"""
Day one on real data (issue 20): the archive sample into a database made by ``migrate`` alone, exported,
and the export into a second such database, through the command-line contract only.

    .venv/bin/python bench/archive_import.py                    # tests/imports/fixtures/archive/directives_archive.csv
    .venv/bin/python bench/archive_import.py --file other.xlsx --keep

``manage.py migrate`` makes one SQLite database in a temporary directory; a byte copy of it is the second
fresh database (migrating twice costs minutes and gives the same file). Then, each with ``DATABASE_URL``
pointing at its own file:

1. ``import_directives FILE --publish --report first.csv`` into the first, ``export_directives first-export.csv``;
2. ``import_directives first-export.csv --publish --report second.csv`` into the second,
   ``export_directives second-export.csv``.

Printed: the rows of FILE, how many were imported, the refused rows by reason (from the problem report:
column and problem, one count per row), the imported rows with gaps by gap (from the export: no issue
date, a date kept to the month or the year, no agency), and whether the two exports are byte for byte
equal. Issue 20 is done when every row with a Thai title and a text is imported and the exports are equal.
"""

import argparse
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests/imports/fixtures/archive/directives_archive.csv"
# The command's report opens with its counts, one a line, in this order (labels in the command's language).
REPORT_COUNT = re.compile(r"^\s+(\d+)\s+\S", re.MULTILINE)
REPORT_ORDER = ("rows", "created", "updated", "unchanged", "rejected", "with gaps")
EXPORTED_DATE = re.compile(r"\d{2}/\d{2}/\d{4}")
# A quoted value inside a problem ("unknown agency “สธ.”") is left out, so that one reason counts all its rows.
QUOTED = re.compile(r"“[^”]*”")


def manage(database: Path, *arguments: str, media: Path) -> subprocess.CompletedProcess:
    """One ``manage.py`` command against ``database``; its output is returned, a failure is not raised."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "MEDIA_ROOT": str(media)}
    return subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def refusals(report: Path) -> Counter:
    """Rows refused, by (column, problem): each row counts once per reason it was given."""
    if not report.exists():
        return Counter()
    reasons = {
        (row["row"], row["column"], QUOTED.sub("“…”", row["problem"]))
        for row in csv.DictReader(io.StringIO(report.read_text("utf-8-sig")))
        if row["level"] == "error"
    }
    return Counter((column, problem) for _, column, problem in reasons)


def gaps(export: Path) -> tuple[int, Counter]:
    """The exported directives and, among them, how many lack an issue date, a full date or an agency."""
    if not export.exists():
        return 0, Counter()
    rows = list(csv.DictReader(io.StringIO(export.read_text("utf-8-sig"))))
    found = Counter()
    for row in rows:
        issued = row.get("issued_on", "").strip()
        if not issued:
            found["no issue date"] += 1
        elif not EXPORTED_DATE.fullmatch(issued):
            found["date to the month or year only"] += 1
        if not row.get("agencies", "").strip():
            found["no agency"] += 1
    return len(rows), +found


def step(label: str, result: subprocess.CompletedProcess, started: float) -> None:
    """One line per command: what ran, how long it took, and its last output line when it failed."""
    status = "ok" if result.returncode == 0 else f"exit {result.returncode}"
    print(f"  {label}: {status} ({time.monotonic() - started:.1f} s)")
    if result.returncode:
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
        print(f"    {tail[0]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=SAMPLE, help="The archive to import. Default: the sample.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary directory and print its path.")
    options = parser.parse_args()
    source = options.file.resolve()
    work = Path(tempfile.mkdtemp(prefix="pm1-archive-"))
    first, second = work / "first.sqlite3", work / "second.sqlite3"
    try:
        started = time.monotonic()
        step("migrate", manage(first, "migrate", "--noinput", "-v0", media=work), started)
        shutil.copyfile(first, second)

        started = time.monotonic()
        imported = manage(
            first,
            "import_directives",
            str(source),
            "--publish",
            "--no-progress",
            "--report",
            str(work / "first.csv"),
            media=work,
        )
        step(f"import_directives {source.name}", imported, started)
        started = time.monotonic()
        step(
            "export_directives", manage(first, "export_directives", str(work / "first-export.csv"), media=work), started
        )

        started = time.monotonic()
        again = manage(
            second,
            "import_directives",
            str(work / "first-export.csv"),
            "--publish",
            "--no-progress",
            "--report",
            str(work / "second.csv"),
            media=work,
        )
        step("import_directives first-export.csv (second database)", again, started)
        started = time.monotonic()
        step(
            "export_directives (second database)",
            manage(second, "export_directives", str(work / "second-export.csv"), media=work),
            started,
        )

        summary = dict(zip(REPORT_ORDER, REPORT_COUNT.findall(imported.stdout), strict=False))
        count, found = gaps(work / "first-export.csv")
        print(f"rows: {summary.get('rows', '?')}")
        print(f"imported: {count}")
        refused = refusals(work / "first.csv")
        print(f"refused: {summary.get('rejected', '?')} rows")
        for (column, problem), rows in refused.most_common():
            print(f"  {rows:4d}  {column or 'file'}: {problem}")
        print("with gaps:")
        for gap, rows in sorted(found.items()):
            if rows:
                print(f"  {rows:4d}  {gap}")
        again_refused = refusals(work / "second.csv")
        if again_refused:
            print("refused when the export was imported again:")
            for (column, problem), rows in again_refused.most_common():
                print(f"  {rows:4d}  {column or 'file'}: {problem}")
        exports = [work / "first-export.csv", work / "second-export.csv"]
        equal = all(path.exists() for path in exports) and exports[0].read_bytes() == exports[1].read_bytes()
        print(f"exports equal: {'yes' if equal else 'no'} ({count} directives)")
    finally:
        if options.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
