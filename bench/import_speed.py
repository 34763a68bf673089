"""
Import speed: rows/s of ``import_directives --publish`` for 10 000 directives into a fresh database,
next to the stock Wagtail way (``add_child`` + ``save_revision().publish()`` per directive) measured in
the same run, under the same directive index, on SQLite and on PostgreSQL.

    .venv/bin/python bench/import_speed.py                       # SQLite only
    .venv/bin/python bench/import_speed.py --postgres "$(bin/pg-test-server start | tail -n 1)"

Each database is created afresh (SQLite in a temporary file; on PostgreSQL a database named
``pm1_bench_import`` is dropped and created on the given server) and migrated by a child process.
The stock way is timed for ``--stock`` directives (default 200) after the import, so both meet a
directive index holding the imported directives: stock page creation slows as the parent's children
grow. Target (issue 6): 10 000 rows in at most 60 s on SQLite on a 2-core machine, at least ten times
the stock way.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "pm1_bench_import"

SENTENCES = [
    "ให้กระทรวงสาธารณสุขเร่งรัดการฉีดวัคซีนในพื้นที่ภาคใต้ให้ครอบคลุมประชาชนทุกกลุ่ม",
    "ให้กระทรวงมหาดไทยติดตามสถานการณ์ภัยแล้งและจัดหาน้ำสะอาดให้ประชาชนอย่างเพียงพอ",
    "ให้หน่วยงานที่เกี่ยวข้องรายงานความก้าวหน้าต่อสำนักเลขาธิการนายกรัฐมนตรีทุกเดือน",
    "ให้บูรณาการการทำงานร่วมกับองค์กรปกครองส่วนท้องถิ่นเพื่อแก้ไขปัญหาฝุ่นละออง PM2.5",
    "ให้กระทรวงการคลังพิจารณามาตรการช่วยเหลือเกษตรกรและผู้ประกอบการขนาดกลางและขนาดย่อม",
]
AGENCIES = [
    ("MOPH", "กระทรวงสาธารณสุข", "สธ."),
    ("MOI", "กระทรวงมหาดไทย", "มท."),
    ("MOF", "กระทรวงการคลัง", "กค."),
    ("MOAC", "กระทรวงเกษตรและสหกรณ์", "กษ."),
    ("MOE", "กระทรวงศึกษาธิการ", "ศธ."),
]


def directives_csv(count: int) -> bytes:
    """``count`` directives of about 800 characters of Thai each, two agencies, BE dates."""
    import csv
    import io

    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["ref", "title_th", "body_th", "issued_on", "occasion", "track", "agencies", "deadline"])
    for n in range(count):
        body = "\n\n".join(SENTENCES[(n + k) % len(SENTENCES)] * 2 for k in range(4))
        day = 1 + n % 28
        writer.writerow(
            [
                f"นร 0505/2565-{n:05d}",
                f"{SENTENCES[n % len(SENTENCES)][:60]} ครั้งที่ {n}",
                body,
                f"{day:02d}/{1 + n % 12:02d}/2565",
                f"การประชุมคณะรัฐมนตรี ครั้งที่ {n % 50}",
                "policy",
                f"{AGENCIES[n % 5][2]}; {AGENCIES[(n + 1) % 5][1]}",
                "30/12/2565",
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def child(rows: int, stock: int):
    """In a fresh, migrated database: the import, then the stock way, printed as one line each."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    from datetime import date
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    from agencies.models import Agency
    from core.progress import quiet_logs
    from directives.models import DirectiveAssignment, DirectiveIndexPage, DirectivePage
    from imports.services import items_import
    from tests import builders

    call_command("migrate", "--noinput", stdout=StringIO())
    agencies = [Agency.objects.create(code=c, name_th=n, short_name_th=s) for c, n, s in AGENCIES]
    index = builders.directive_index()
    data = directives_csv(rows)
    vendor = connection.vendor

    with quiet_logs():
        started = time.monotonic()
        result = items_import(kind="directives", data=data, filename="bench.csv", publish=True)
        seconds = time.monotonic() - started
    assert result.created == rows and not result.rejected, result.problems[:5]
    imported = rows / seconds
    print(f"{vendor:<10} import_directives --publish  {rows:>6} rows in {seconds:6.1f} s: {imported:7.0f} rows/s")

    index = DirectiveIndexPage.objects.get(pk=index.pk)
    with quiet_logs():
        started = time.monotonic()
        for n in range(stock):
            page = DirectivePage(
                title=f"{SENTENCES[n % len(SENTENCES)][:60]} แบบเดิม {n}",
                slug=f"stock-{n}",
                reference=f"นร 0505/2565-S{n:05d}",
                issued_on=date(2022, 1, 1 + n % 28),
                track="policy",
                body="".join(f"<p>{SENTENCES[(n + k) % len(SENTENCES)] * 2}</p>" for k in range(4)),
                live=False,
            )
            page.assignments.add(DirectiveAssignment(agency=agencies[n % 5], role="lead", deadline=date(2022, 12, 30)))
            page.assignments.add(
                DirectiveAssignment(agency=agencies[(n + 1) % 5], role="supporting", deadline=date(2022, 12, 30))
            )
            index.add_child(instance=page)
            page.save_revision().publish()
        seconds = time.monotonic() - started
    by_hand = stock / seconds
    print(f"{vendor:<10} stock add_child + publish    {stock:>6} rows in {seconds:6.1f} s: {by_hand:7.1f} rows/s")
    print(f"{vendor:<10} import is {imported / by_hand:.0f}× the stock way")


def fresh_postgres(url: str) -> str:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}"')
        connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="directives imported (default: %(default)s)")
    parser.add_argument("--stock", type=int, default=200, help="directives made the stock way (default: %(default)s)")
    parser.add_argument("--postgres", metavar="URL", help="also measure on this PostgreSQL server")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.rows, args.stock)
    with tempfile.TemporaryDirectory(prefix="pm1-bench-import-") as tmp:
        targets = [f"sqlite:///{tmp}/bench.sqlite3"]
        if args.postgres:
            targets.append(fresh_postgres(args.postgres))
        for url in targets:
            env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": tmp}
            command = [sys.executable, __file__, "--child", "--rows", str(args.rows), "--stock", str(args.stock)]
            subprocess.run(command, cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
