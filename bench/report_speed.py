"""
Reporting speed: every dashboard figure of ``reports.selectors`` and a 100-page executive summary PDF,
over ``--scale`` tracked items (directives, complaints, foreign-affairs commitments; ``SHARES``) and a
policy per 100, with about ten progress updates each, on PostgreSQL.

    bin/pg-test-server start      # prints postgres://pm1@127.0.0.1:54329/pm1
    psql postgres://pm1@127.0.0.1:54329/pm1 -c "CREATE DATABASE pm1_bench_reports"
    DATABASE_URL=postgres://pm1@127.0.0.1:54329/pm1_bench_reports .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://pm1@127.0.0.1:54329/pm1_bench_reports .venv/bin/python bench/report_speed.py --scale 100000

``--generate-only`` writes the data and stops; ``--skip-generate`` measures the data already there (the
first measurement opens a reporting round over the fiscal year's items), so the timed part can run
alone, e.g. under a lock shared with other benchmarks.

Creating a million pages through the ORM takes hours, so the data is written with PostgreSQL's COPY:
one item of each kind and one update are made the Wagtail way as templates, and their rows
(``wagtailcore_page`` and the specific tables) are copied with new ids, paths, titles, dates,
statuses and assignments. The pages are what Wagtail would store for published pages without
revisions, which the figures never read. Targets (issue 7): each figure ≤ 200 ms, the 100-page PDF ≤ 5 s.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATUSES = ["not_started", "on_track", "at_risk", "delayed", "completed", "not_pursued"]
WEIGHTS = [10, 30, 10, 10, 35, 5]
TRACKS = ["policy", "parliament", "foreign", "secretary"]
COMPLAINT_TRACKS = ["parliament", "secretary"]
START = datetime.date(2022, 10, 1)


def _alphabet_path(number: int) -> str:
    """Treebeard's step for the ``number``-th child: four base-36 digits."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(4):
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out


def _copy(cursor, table: str, columns: list[str], rows) -> int:
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _template_row(cursor, table: str, key: str, pk: int) -> tuple[list[str], dict]:
    cursor.execute(f"SELECT * FROM {table} WHERE {key} = %s", [pk])
    columns = [column.name for column in cursor.description]
    return columns, dict(zip(columns, cursor.fetchone(), strict=True))


#: The share of ``--scale`` items of each kind besides the policies (one per 100 items): complaints
#: and foreign-affairs commitments alongside the directives, as the PMO's four tracks receive them.
SHARES = {"directive": 75, "complaint": 20, "foreign": 5}
#: Each kind's specific table, its assignments' table, its start date and the tracks it may take.
KIND_TABLES = {
    "directive": ("directives_directivepage", "directives_directiveassignment", "issued_on", TRACKS),
    "policy": ("policies_policypage", "policies_policyassignment", None, None),
    "complaint": ("complaints_complaintpage", "complaints_complaintassignment", "received_on", COMPLAINT_TRACKS),
    "foreign": ("foreign_foreigncommitmentpage", "foreign_foreignassignment", "event_date", ["foreign"]),
}


def generate(scale: int, updates_per_item: int, seed: int) -> dict:
    """
    Write ``scale`` tracked items (directives, complaints and foreign-affairs commitments, ``SHARES``),
    a policy per 100 of them, their assignments and updates.
    """
    from django.db import connection, transaction
    from wagtail.models import Page

    from agencies.models import Agency
    from reports.facts import facts_flush
    from tests import builders
    from tests.complaints.helpers import complaint, foreign_commitment

    rng = random.Random(seed)
    with transaction.atomic():
        ministries = [builders.agency(f"M{m:02d}", f"กระทรวงทดสอบที่ {m}") for m in range(20)]
        departments = []
        for number, ministry in enumerate(ministries * 8):
            department = builders.agency(f"D{number:03d}", f"กรมทดสอบที่ {number}")
            department.parent = ministry
            department.save()
            departments.append(department)
        agencies = [a.pk for a in Agency.objects.all()]
        templates = {
            "directive": builders.directive("TEMPLATE/0001", ministries[0], deadline=datetime.date(2026, 6, 30)),
            "policy": builders.policy("นโยบายต้นแบบ", ministries[0], number="T"),
            "complaint": complaint("TEMPLATE/C0001", ministries[0]),
            "foreign": foreign_commitment("TEMPLATE/F0001", ministries[0]),
        }
        template_update = builders.update(templates["directive"], ministries[0], publish=True)

    counts = dict.fromkeys(["directive", "policy", "complaint", "foreign"], 0)
    counts.update(assignments=0, updates=0, indicator_values=0)
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        page_columns, _row = _template_row(cursor, "wagtailcore_page", "id", templates["directive"].pk)
        page_rows, specific_columns, specific_rows, parents = {}, {}, {}, {}
        for kind, template in templates.items():
            page_rows[kind] = _template_row(cursor, "wagtailcore_page", "id", template.pk)[1]
            specific_columns[kind], specific_rows[kind] = _template_row(
                cursor, KIND_TABLES[kind][0], "page_ptr_id", template.pk
            )
            parents[kind] = Page.objects.get(pk=template.pk).get_parent()
        update_page_columns, update_page_row = _template_row(cursor, "wagtailcore_page", "id", template_update.pk)
        update_columns, update_row = _template_row(
            cursor, "updates_progressupdatepage", "page_ptr_id", template_update.pk
        )
        cursor.execute("SELECT max(id) FROM wagtailcore_page")
        next_id = cursor.fetchone()[0] + 1

        kinds = [kind for kind, share in SHARES.items() for _ in range(scale * share // 100)]
        kinds += ["policy"] * (scale // 100)
        pages, specifics, assignments = [], defaultdict(list), defaultdict(list)
        indicators, values = [], []
        now = datetime.datetime.now(datetime.UTC)
        plans = []
        children = defaultdict(int)
        for number, kind in enumerate(kinds):
            issued = START + datetime.timedelta(days=rng.randrange(4 * 365))
            pk = next_id
            next_id += 1
            parent = parents[kind]
            children[kind] += 1
            path = parent.path + _alphabet_path(children[kind] + 10)
            row = dict(page_rows[kind])
            status = rng.choices(STATUSES, WEIGHTS)[0]
            title = f"รายการทดสอบความเร็ว ({kind}) ที่ {number}"
            row.update(
                id=pk,
                path=path,
                depth=parent.depth + 1,
                numchild=updates_per_item,
                title=title,
                draft_title=title,
                slug=f"bench-{number}",
                url_path=f"{parent.url_path}bench-{number}/",
                translation_key=uuid.UUID(int=rng.getrandbits(128)),
                latest_revision_id=None,
                live_revision_id=None,
                first_published_at=now,
                last_published_at=now,
                latest_revision_created_at=now,
            )
            pages.append([row[c] for c in page_columns])
            specific = dict(specific_rows[kind], page_ptr_id=pk, status=status)
            _table, _assignment_table, start_field, tracks = KIND_TABLES[kind]
            if kind == "policy":
                specific.update(number=str(number), period_start=issued)
                specific.update(period_end=issued + datetime.timedelta(days=730))
            else:
                specific.update({start_field: issued, "reference": f"BENCH/{number:07d}"})
                specific.update(track=rng.choice(tracks))
            specifics[kind].append([specific[c] for c in specific_columns[kind]])
            assigned = rng.sample(agencies, rng.choice([1, 1, 2, 3]))
            for position, agency in enumerate(assigned):
                deadline = issued + datetime.timedelta(days=rng.randrange(30, 400))
                a_status = status if position == 0 else rng.choices(STATUSES, WEIGHTS)[0]
                completed = (
                    deadline + datetime.timedelta(days=rng.randrange(-60, 60)) if a_status == "completed" else None
                )
                role = "lead" if position == 0 else "supporting"
                assignments[kind].append([pk, position, agency, role, deadline, a_status, completed, now])
            plans.append((pk, path, parent.depth + 2, issued, assigned, kind == "policy"))
        _copy(cursor, "wagtailcore_page", page_columns, pages)
        assignment_columns = ["page_id", "sort_order", "agency_id", "role", "deadline", "status", "completed_on"]
        assignment_columns.append("updated_at")
        for kind, rows in specifics.items():
            counts[kind] = _copy(cursor, KIND_TABLES[kind][0], specific_columns[kind], rows)
            counts["assignments"] += _copy(cursor, KIND_TABLES[kind][1], assignment_columns, assignments[kind])

        indicator_ids = {}
        cursor.execute("SELECT coalesce(max(id), 0) FROM policies_policyindicator")
        indicator_id = cursor.fetchone()[0] + 1
        for pk, _path, _depth, issued, _assigned, is_policy in plans:
            if is_policy:
                indicators.append([indicator_id, pk, 0, f"ตัวชี้วัด {pk}", "ร้อยละ", 10, 80, issued])
                indicator_ids[pk] = indicator_id
                indicator_id += 1
        _copy(
            cursor,
            "policies_policyindicator",
            ["id", "page_id", "sort_order", "name", "unit", "baseline", "target", "target_date"],
            indicators,
        )

        update_pages, update_rows = [], []
        for pk, path, depth, issued, assigned, is_policy in plans:
            for step in range(updates_per_item):
                update_pk = next_id
                next_id += 1
                end = issued + datetime.timedelta(days=30 * (step + 1))
                row = dict(update_page_row)
                title = f"รายงานความก้าวหน้า {pk} ครั้งที่ {step + 1}"
                row.update(
                    id=update_pk,
                    path=path + _alphabet_path(step),
                    depth=depth,
                    numchild=0,
                    title=title,
                    draft_title=title,
                    slug=f"update-{step}",
                    url_path=f"/bench/{pk}/update-{step}/",
                    translation_key=uuid.UUID(int=rng.getrandbits(128)),
                    latest_revision_id=None,
                    live_revision_id=None,
                    first_published_at=now,
                    last_published_at=now,
                    latest_revision_created_at=now,
                )
                update_pages.append([row[c] for c in update_page_columns])
                specific = dict(update_row, page_ptr_id=update_pk, agency_id=assigned[step % len(assigned)])
                specific.update(period_start=end - datetime.timedelta(days=29), period_end=end)
                specific.update(status_claim=rng.choices(STATUSES, WEIGHTS)[0], percent_complete=min(100, 10 * step))
                update_rows.append([specific[c] for c in update_columns])
                if is_policy:
                    values.append([update_pk, indicator_ids[pk], step, 10 + 5 * step])
            if len(update_pages) >= 200_000:
                counts["updates"] += _copy(cursor, "wagtailcore_page", update_page_columns, update_pages)
                _copy(cursor, "updates_progressupdatepage", update_columns, update_rows)
                update_pages, update_rows = [], []
                print(f"  {counts['updates']:,} updates written", flush=True)
        counts["updates"] += _copy(cursor, "wagtailcore_page", update_page_columns, update_pages)
        _copy(cursor, "updates_progressupdatepage", update_columns, update_rows)
        counts["indicator_values"] = _copy(
            cursor, "updates_indicatorvalue", ["page_id", "indicator_id", "sort_order", "value"], values
        )
        cursor.execute(
            "UPDATE wagtailcore_page SET numchild = (SELECT count(*) FROM wagtailcore_page c "
            "WHERE c.path LIKE wagtailcore_page.path || '____' AND c.depth = wagtailcore_page.depth + 1) "
            "WHERE id = ANY(%s)",
            [[parent.pk for parent in parents.values()]],
        )
        cursor.execute("SELECT setval(pg_get_serial_sequence('wagtailcore_page', 'id'), %s)", [next_id])
        cursor.execute("SELECT setval(pg_get_serial_sequence('policies_policyindicator', 'id'), %s)", [indicator_id])
        # The rows COPY wrote are marked stale by the triggers, as any write is: their reporting
        # facts are written now, as an importer's would be, not on the first figure.
        started = time.perf_counter()
        counts["facts_written"] = facts_flush()
        print(f"  reporting facts written in {time.perf_counter() - started:.0f} s", flush=True)
        # As autovacuum would leave the tables after a bulk load: statistics, and the visibility map
        # that index-only scans need.
        cursor.execute("VACUUM (ANALYZE)")
    return counts


def _time(function, runs: int) -> tuple[float, float]:
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        durations.append(1000 * (time.perf_counter() - start))
    return statistics.median(durations), max(durations)


def measure(runs: int, pages: int) -> None:
    from django.db.models import Count
    from wagtail.models import Locale

    from core.models import tracked_item_models
    from core.thai import fiscal_year
    from directives.models import DirectiveAssignment
    from reports import selectors, services
    from reports.models import ReportingRound, StaleFacts
    from reports.pdf import summary_pdf
    from updates.models import ProgressUpdatePage

    today = datetime.date(2026, 3, 1)
    year = fiscal_year(today)
    if not ReportingRound.objects.exists():
        # The fiscal year's items of every kind with a start date (policies run over several years).
        items = []
        for model in tracked_item_models():
            if model.item_type != "policy":
                items += model.objects.filter(
                    locale=Locale.get_default(), **{f"{model.start_date_field}__gte": datetime.date(2025, 10, 1)}
                ).values_list("pk", flat=True)
        services.round_open(
            title="bench",
            kind="monthly",
            period_start=datetime.date(2026, 2, 1),
            period_end=datetime.date(2026, 2, 28),
            due_on=today,
            items=items,
        )
    busiest = (
        DirectiveAssignment.objects.values("agency__parent")
        .exclude(agency__parent=None)
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["agency__parent"]
    )
    cases = {
        "whole government, FY": selectors.DashboardFilters(fiscal_year=year, today=today),
        "whole government, all years": selectors.DashboardFilters(today=today),
        "one ministry with its departments, FY": selectors.DashboardFilters(
            fiscal_year=year, agencies=selectors.agencies_with_departments({busiest}), today=today
        ),
        "one track, FY": selectors.DashboardFilters(fiscal_year=year, track="foreign", today=today),
    }
    figures = {
        "status_by_track": selectors.status_by_track,
        "key_figures": selectors.key_figures,
        "agency_performance": selectors.agency_performance,
        "overdue_assignments": selectors.overdue_assignments,
        "monthly_progress": selectors.monthly_progress,
        "indicator_progress": selectors.indicator_progress,
        "agencies_not_reported": selectors.agencies_not_reported,
    }
    worst = 0.0
    for case, filters in cases.items():
        print(f"\n{case}: median / max of {runs} runs (ms)")
        for name, function in figures.items():
            median, slowest = _time(lambda f=function, c=filters: f(c), runs)
            worst = max(worst, slowest)
            print(f"  {name:<24} {median:8.1f} {slowest:8.1f}")
    print(f"\nslowest figure: {worst:.1f} ms (target ≤ 200 ms)")

    # What the first reader after a burst of writes pays: the facts of the pages written since.
    burst = list(ProgressUpdatePage.objects.order_by("-pk").values_list("pk", flat=True)[:10_000])
    StaleFacts.objects.bulk_create(StaleFacts(page=pk) for pk in burst)
    start = time.perf_counter()
    selectors.key_figures(cases["whole government, FY"])
    print(f"key figures after {len(burst):,} updates written: {1000 * (time.perf_counter() - start):.0f} ms")

    filters = selectors.DashboardFilters(fiscal_year=year, today=today)
    start = time.perf_counter()
    data = services.summary_figures(filters=filters, overdue_limit=pages * 31)
    figures_s = time.perf_counter() - start
    start = time.perf_counter()
    pdf = summary_pdf(figures=data, language="th")
    pdf_s = time.perf_counter() - start
    out = ROOT / "var" / "bench-executive-summary.pdf"
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(pdf)
    count = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ")
    print(
        f"executive summary: {data['overdue_total']:,} overdue, {len(data['overdue']):,} in the annex; "
        f"figures {figures_s:.2f} s, PDF {pdf_s:.2f} s, {count} pages, {len(pdf):,} bytes -> {out}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100_000, help="Directives to generate (and a policy per 100).")
    parser.add_argument("--updates-per-item", type=int, default=10, help="Progress updates under each item.")
    parser.add_argument("--skip-generate", action="store_true", help="Measure the data already there.")
    parser.add_argument(
        "--generate-only", action="store_true", help="Write the data and stop (measure later under a lock)."
    )
    parser.add_argument("--runs", type=int, default=5, help="Runs of each figure.")
    parser.add_argument("--pages", type=int, default=100, help="About how many pages the PDF should have.")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        parser.error("set DATABASE_URL to a migrated PostgreSQL database")
    from core.progress import quiet_logs

    with quiet_logs():
        if not args.skip_generate:
            start = time.perf_counter()
            counts = generate(args.scale, args.updates_per_item, args.seed)
            print(f"generated {counts} in {time.perf_counter() - start:.0f} s")
        if not args.generate_only:
            measure(args.runs, args.pages)


if __name__ == "__main__":
    main()
