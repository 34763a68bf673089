"""
Public search latency at scale: p50/p95/max of ``search.selectors.public_search`` (one results page
of 20 with its count, facets and snippets: everything the search page and API compute) for simple
queries and for advanced queries with three conditions.

Prepare a database once with the demo loader, then index it with PM1's pipeline:

    DATABASE_URL=sqlite:////tmp/pm1-100k.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/pm1-100k.sqlite3 .venv/bin/python manage.py load_demo --scale 100000
    DATABASE_URL=sqlite:////tmp/pm1-100k.sqlite3 .venv/bin/python manage.py update_index

    DATABASE_URL=sqlite:////tmp/pm1-100k.sqlite3 .venv/bin/python bench/search_speed.py
    DATABASE_URL=postgres://… ELASTICSEARCH_URL=http://127.0.0.1:59200 .venv/bin/python bench/search_speed.py

With ``ELASTICSEARCH_URL`` the figures are printed for the database and for Elasticsearch.
Targets (issue 4): p95 ≤ 100 ms simple, ≤ 150 ms advanced, at 100 000 directives.

Each query runs once untimed first: the first search of a process also loads the search facts
into memory (``search.facts``: about 3 s at 400 000 pages), which later searches only bring up to
date. On PostgreSQL, ``update_index`` after the bulk load rewrites every index row; the figures
in the README were taken after ``VACUUM FULL ANALYZE wagtailsearch_indexentry``, as one would
after any bulk load.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Words, phrases and references people look for, from rare to common in the demo corpus, and words
# found nowhere.
SIMPLE = [
    "วัคซีน",
    "ฝุ่นละออง",
    "น้ำท่วม",
    "ยาเสพติด",
    "ภัยแล้ง",
    "เกษตรกร",
    "ท่องเที่ยว",
    "นโยบาย",
    "PM2.5",
    '"เร่งรัดการ"',
    "ข้อสั่งการ นายกรัฐมนตรี",
    "นร 0599/012345",
    "ดาวเทียมสำรวจดาวอังคาร",
]

# Words in more than one page in ten (they are in most of the demo's generated text): reported
# apart, because counting, faceting and ranking a quarter of the corpus costs what it costs.
COMMON = ["น้ำ", "กระทรวง", "ประชาชน", "ดำเนินการ"]

# Three conditions each: text plus two structured ones, as the advanced form sends them.
ADVANCED = [
    {"q": "น้ำ", "track": "policy", "status": "overdue"},
    {"q": "ประชาชน", "fiscal_year": 2568, "status": "on_track"},
    {"all_words": "กระทรวง ดำเนินการ", "none": "ท่วม", "type": "directive"},
    {"q": "เกษตรกร", "agency": "MOAC", "issued_from": "01/01/2567"},
    {"phrase": "เร่งรัดการ", "track": "policy", "fiscal_year": 2567},
    {"q": "การ", "status": "delayed", "agency": "MOI"},
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query (after one warm-up)")
    parser.add_argument("--backend", action="append", help="only this search backend (repeatable); default: all")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from wagtail.models import Locale

    from directives.models import DirectivePage
    from search.forms import SearchForm

    locale = Locale.objects.get(language_code="th")
    directives = DirectivePage.objects.count()
    print(f"{connection.vendor}: {directives} directives, search backends {sorted(settings.WAGTAILSEARCH_BACKENDS)}")
    backends = args.backend or sorted(settings.WAGTAILSEARCH_BACKENDS, key=lambda name: name != "database")
    for backend in backends:
        groups = (
            ("simple", [{"q": q} for q in SIMPLE]),
            ("advanced, 3 conditions", ADVANCED),
            ("very common words", [{"q": q} for q in COMMON]),
        )
        for label, queries in groups:
            forms = [SearchForm(query, locale=locale) for query in queries]
            invalid = [form.errors for form in forms if not form.is_valid()]
            if invalid:
                sys.exit(f"invalid benchmark query: {invalid}")
            timings, counts = measure([form.cleaned_data for form in forms], locale, backend, args.repeat)
            print(
                f"{engine_label(backend, connection.vendor):<24} {label:<24} "
                f"p50 {percentile(timings, 50):6.1f} ms  p95 {percentile(timings, 95):6.1f} ms  "
                f"max {max(timings):6.1f} ms  ({len(queries)} queries × {args.repeat}, "
                f"hits {min(counts)}–{max(counts)})"
            )


def engine_label(backend, vendor):
    from django.conf import settings

    return "elasticsearch" if "elasticsearch" in settings.WAGTAILSEARCH_BACKENDS[backend]["BACKEND"] else vendor


def measure(datas, locale, backend, repeat):
    from search.selectors import public_search

    timings, counts = [], []
    for data in datas:
        public_search(data=data, locale=locale, backend=backend)
        for _ in range(repeat):
            started = time.perf_counter()
            outcome = public_search(data=data, locale=locale, backend=backend)
            timings.append((time.perf_counter() - started) * 1000)
        counts.append(outcome.count)
    return timings, counts


def percentile(values, p):
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
