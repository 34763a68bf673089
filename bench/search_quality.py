"""
Search quality on PM1's Thai relevance set (bench/relevance/thai_set.json): recall@10, MRR@10 and
precision@10 per query kind, for PM1's search on each backend next to stock Wagtail's database
backend on the same documents.

    .venv/bin/python bench/search_quality.py                       # SQLite only
    .venv/bin/python bench/search_quality.py --postgres-url URL --elasticsearch-url URL

With an Elasticsearch node, both ways of analysing Thai there are measured: PM1's segmentation
(the default) and the engine's own ``thai`` analyzer on the raw text (``ELASTICSEARCH_ANALYZER``).

Each backend runs in a child process with a fresh test database. PM1 is measured through the
public search (``search.selectors.public_search``); stock Wagtail through ``Page.objects.search``
with its default database backend and SQLite's default FTS5 tokenizer, as a stock site has them.

Definitions, over the first 10 results: recall = relevant found / relevant judged; MRR = 1 / rank
of the first relevant result (0 if none); precision = relevant found / results returned (a query
that returns nothing scores 0, except a query with no answer, which scores 1 for returning nothing).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEVANCE_SET = Path(__file__).resolve().parent / "relevance" / "thai_set.json"
TOP = 10


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres-url", default="", help="a PostgreSQL server to measure on (its test_ database)")
    parser.add_argument("--elasticsearch-url", default="", help="an Elasticsearch 8 node to measure on")
    parser.add_argument("--set", default=str(RELEVANCE_SET), help="the relevance set (JSON)")
    parser.add_argument("--misses", action="store_true", help="list, per backend, the queries that miss")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(run_worker(args.worker, args.set)))
        return
    runs = [("stock Wagtail, SQLite", "stock", {}), ("PM1, SQLite", "pm1", {})]
    if args.postgres_url:
        postgres = {"DATABASE_URL": args.postgres_url}
        runs += [("stock Wagtail, PostgreSQL", "stock", postgres), ("PM1, PostgreSQL", "pm1", postgres)]
    if args.elasticsearch_url:
        elasticsearch = {"ELASTICSEARCH_URL": args.elasticsearch_url, "ELASTICSEARCH_INDEX": "pm1quality"}
        runs += [
            ("PM1, Elasticsearch", "pm1", elasticsearch),
            ("PM1, Elasticsearch thai analyzer", "pm1", {**elasticsearch, "ELASTICSEARCH_ANALYZER": "thai"}),
        ]
    relevance = json.loads(Path(args.set).read_text(encoding="utf-8"))
    print(f"Relevance set: {len(relevance['documents'])} documents, {len(relevance['queries'])} queries")
    rows = []
    for label, mode, env in runs:
        environment = {**os.environ, "DATABASE_URL": "sqlite://:memory:", "ELASTICSEARCH_URL": "", **env}
        environment["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
        completed = subprocess.run(
            [sys.executable, __file__, "--worker", mode, "--set", args.set],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            print(f"{label}: failed\n{completed.stderr[-3000:]}", file=sys.stderr)
            sys.exit(1)
        rankings = json.loads(completed.stdout.strip().splitlines()[-1])
        rows.append((label, score(relevance["queries"], rankings)))
        if args.misses:
            misses(label, relevance["queries"], rankings)
    report(rows)


def misses(label, queries, rankings):
    """Each query whose top 10 lacks a relevant document or holds an irrelevant one."""
    print(f"\n{label}: misses")
    for query in queries:
        found = rankings[query["id"]][:TOP]
        missing = [doc for doc in query["relevant"] if doc not in found]
        extra = [doc for doc in found if doc not in query["relevant"]]
        if missing or extra:
            print(f"  {query['id']} {query['kind']:<8} {query['query']!r}: missing {missing}, not relevant {extra}")


def score(queries, rankings):
    """Per kind: mean recall@10, MRR@10 and precision@10 (see the module docstring)."""
    by_kind = {}
    for query in queries:
        found = rankings[query["id"]][:TOP]
        relevant = set(query["relevant"])
        hits = [doc for doc in found if doc in relevant]
        if relevant:
            recall = len(hits) / len(relevant)
            rank = next((i for i, doc in enumerate(found, 1) if doc in relevant), None)
            mrr = 1 / rank if rank else 0.0
            precision = len(hits) / len(found) if found else 0.0
        else:
            recall = mrr = precision = 1.0 if not found else 0.0
        for kind in (query["kind"], "all"):
            by_kind.setdefault(kind, []).append((recall, mrr, precision))
    return {kind: tuple(statistics.mean(v[i] for v in values) for i in range(3)) for kind, values in by_kind.items()}


def report(rows):
    kinds = sorted({kind for _, scores in rows for kind in scores if kind != "all"}) + ["all"]
    width = max(len(label) for label, _ in rows)
    print()
    print("recall@10 / MRR@10 / precision@10 by query kind")
    print(" " * width + "".join(f"  {kind:>17}" for kind in kinds))
    for label, scores in rows:
        cells = "".join(
            "  {:>5.2f} {:>5.2f} {:>5.2f}".format(*scores[kind]) if kind in scores else " " * 19 for kind in kinds
        )
        print(f"{label:<{width}}{cells}")


def run_worker(mode, relevance_path):
    """In a child process: build the documents in a fresh database, run every query, return the rankings."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        relevance = json.loads(Path(relevance_path).read_text(encoding="utf-8"))
        if mode == "stock":
            stock = {"default": {"BACKEND": "wagtail.search.backends.database"}}
            with override_settings(WAGTAILSEARCH_BACKENDS=stock):
                _stock_fts_table(connection)
                pages = _build(relevance["documents"])
                return {query["id"]: _stock_ranking(query, pages) for query in relevance["queries"]}
        pages = _build(relevance["documents"])
        call_command("update_index", stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))
        return {query["id"]: _pm1_ranking(query, pages) for query in relevance["queries"]}
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


def _stock_fts_table(connection):
    """Give SQLite back the FTS5 table stock Wagtail creates (default tokenizer)."""
    import importlib

    if connection.vendor != "sqlite":
        return
    migration = importlib.import_module("search.migrations.0001_thai_fts_tokenizer")
    with connection.schema_editor() as editor:
        for statement in migration.create("wagtailsearch_indexentry", "unicode61"):
            editor.execute(statement)


def _build(documents):
    """Each document as a published directive: Thai always, English too when it has English text."""
    import datetime

    from wagtail.models import Locale, Page

    from directives.models import DirectiveIndexPage, DirectivePage

    pages = {}
    translation_keys = {}
    for language in ("th", "en"):
        locale = Locale.objects.get(language_code=language)
        home = Page.objects.get(depth=2, locale=locale)
        index = home.add_child(instance=DirectiveIndexPage(title="relevance", slug=f"relevance-{language}"))
        for number, document in enumerate(documents):
            title, body = document[f"title_{language}"], document[f"body_{language}"]
            if not title:
                continue
            page = DirectivePage(
                title=title,
                slug=f"d{number}",
                reference=document["ref"],
                issued_on=datetime.date.fromisoformat(document["issued_on"]),
                body=f"<p>{body}</p>",
                locale=locale,
            )
            # The English page is the Thai one's translation: they share the reference number.
            if document["id"] in translation_keys:
                page.translation_key = translation_keys[document["id"]]
            index.add_child(instance=page)
            translation_keys[document["id"]] = page.translation_key
            page.save_revision().publish()
            pages[page.pk] = document["id"]
    return pages


def _language(query):
    return "en" if query["kind"] == "english" else "th"


def _pm1_ranking(query, pages):
    from wagtail.models import Locale

    from search.selectors import public_search

    locale = Locale.objects.get(language_code=_language(query))
    outcome = public_search(data={"q": query["query"]}, locale=locale, limit=TOP)
    return [pages[page.pk] for page in outcome.results if page.pk in pages]


def _stock_ranking(query, pages):
    from wagtail.models import Locale

    from directives.models import DirectivePage

    locale = Locale.objects.get(language_code=_language(query))
    results = DirectivePage.objects.live().filter(locale=locale).search(query["query"])[:TOP]
    return [pages[page.pk] for page in results if page.pk in pages]


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
