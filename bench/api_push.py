"""
Agency systems pushing progress updates at once: N concurrent clients, each with its agency's API
key, POST updates to ``/api/v1/updates/`` on real gunicorn workers over PostgreSQL, and a share of
the requests are retried with the same ``Idempotency-Key`` (in turn, and at the same moment from
two connections), as clients do when an answer is lost. Prints accepted updates/s and latency
percentiles, then checks the database: exactly one update per distinct key, nothing lost.

By default the clients send ``Prefer: respond-async``, as a system pushing a month's reports
should: each update is checked and accepted (202) at once, and ``manage.py db_worker`` (running
beside gunicorn, as in production) makes it into an update in moderation. The bench waits for the
worker to finish and prints its rate too. ``--mode sync`` measures requests that wait for the
update to be made (201).

    .venv/bin/python bench/api_push.py                 # bin/pg-test-server's cluster, 20 clients
    .venv/bin/python bench/api_push.py --clients 40 --seconds 60 --workers 6
    .venv/bin/python bench/api_push.py --database-url postgres://user@host:5432/pm1_push

The database (default ``pm1_push`` on bin/pg-test-server's cluster) is created afresh with the demo
data and ``--scale`` generated directives, unless ``--reuse`` keeps the one a previous run made.
Target (issue 3) on a 2-core machine: at least 150 accepted updates/s with 20 clients, p95 under
200 ms. Clients and server share the machine, so the figures include the clients' own cost.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
#: Production keeps uploads outside the code tree.
MEDIA_ROOT = tempfile.mkdtemp(prefix="pm1-push-media-")


@dataclass
class Tally:
    """What the clients saw, gathered under a lock."""

    latencies: list = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    created: dict = field(default_factory=dict)  # idempotency key -> id in its first answer
    replays: int = 0
    mismatched: list = field(default_factory=list)  # keys answered with two different update ids
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, key, status, body, replayed, seconds):
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[status] += 1
            if status not in (201, 202):
                return
            self.replays += replayed
            first = self.created.setdefault(key, body["id"])
            if first != body["id"]:
                self.mismatched.append(key)


def server_env(database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DATABASE_URL=database_url,
        MEDIA_ROOT=MEDIA_ROOT,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="ERROR",
        # The bench measures the writes, not the per-key limit that protects them.
        API_KEY_RATE="1000000/min",
        TASKS_BACKEND="database",
        # Wagtail's moderation e-mails go nowhere: their sending is not what is measured.
        EMAIL_URL="dummymail://",
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(database_url, scale, reuse):
    """Create the bench database afresh (migrated, demo data, ``scale`` generated directives)."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            print(f"reusing database {name}")
            manage(server_env(database_url), "migrate", "--noinput", "-v0")
            return
        if exists:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    env = server_env(database_url)
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--scale", str(scale), "--no-progress", "-v0")
    print(f"database {name}: migrated and loaded in {time.monotonic() - started:.0f} s")


def issue_keys(database_url, clients):
    """One key per client for the agencies with the most assignments, and each agency's item ids."""
    script = f"""
import json
from collections import defaultdict
from wagtail.models import Locale
from api.services import apikey_issue
from directives.models import DirectiveAssignment
from policies.models import PolicyAssignment
items = defaultdict(list)
for model in (DirectiveAssignment, PolicyAssignment):
    rows = model.objects.filter(page__live=True, page__locale=Locale.get_default()).values_list("agency", "page")
    for agency, page in rows:
        items[agency].append(page)
from agencies.models import Agency
busiest = sorted(items, key=lambda agency: -len(items[agency]))
clients = []
for number in range({clients}):
    agency = Agency.objects.get(pk=busiest[number % len(busiest)])
    key = apikey_issue(agency=agency, name=f"bench client {{number}}")[1]
    clients.append({{"agency": agency.code, "key": key, "items": items[agency.pk]}})
print("CLIENTS", json.dumps(clients))
"""
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=server_env(database_url),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("CLIENTS "))
    return json.loads(line.removeprefix("CLIENTS "))


def start_server(database_url, port, workers):
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "cms.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers), "--log-level", "error"],
        cwd=ROOT,
        env=server_env(database_url),
    )
    for _ in range(120):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.kill()
    raise SystemExit("gunicorn did not answer /healthz")


def start_workers(database_url, count):
    return [
        subprocess.Popen(
            # Below the web workers' priority, as in production: a burst is answered first, made after.
            [
                "nice",
                "-n",
                "19",
                PYTHON,
                "manage.py",
                "db_worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--no-reload",
                "-v0",
            ],
            cwd=ROOT,
            env=server_env(database_url),
            stdout=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]


def waiting_submissions(database_url, run):
    import psycopg

    with psycopg.connect(database_url) as connection:
        return connection.execute(
            "SELECT count(*) FROM updates_updatesubmission WHERE state = 'received' AND values->>'title' LIKE %s",
            [f"bench {run}-%"],
        ).fetchone()[0]


def post(port, api_key, key, body, prefer):
    """One POST on its own connection: (status, JSON body, replayed, seconds)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            "/api/v1/updates/",
            body=body,
            headers={
                "Authorization": f"Bearer {api_key}",
                "Content-Type": "application/json",
                "Idempotency-Key": key,
                "Accept-Language": "th",
                **({"Prefer": prefer} if prefer else {}),
            },
        )
        response = connection.getresponse()
        content = response.read()
        replayed = response.getheader("Idempotent-Replayed") == "true"
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    return response.status, json.loads(content) if content else {}, replayed, seconds


def send(tally, port, api_key, key, body, prefer):
    tally.record(key, *post(port, api_key, key, body, prefer))


def client(number, spec, port, deadline, retry_share, tally, run, prefer):
    chooser = random.Random(number)
    items = spec["items"]
    sent = 0
    while time.monotonic() < deadline:
        sent += 1
        key = f"{run}-{number}-{sent}"
        body = json.dumps(
            {
                "agency": spec["agency"],
                "item": items[sent % len(items)],
                "period_start": "01/10/2569",
                "period_end": "31/10/2569",
                "status_claim": chooser.choice(["on_track", "at_risk", "delayed"]),
                "percent_complete": chooser.randint(0, 99),
                "status_reason": "ความคืบหน้าตามรอบรายงานประจำเดือน",
                "narrative": "ดำเนินการตามข้อสั่งการแล้ว อยู่ระหว่างติดตามผลการดำเนินงานในพื้นที่",
                "title": f"bench {key}",
            },
            ensure_ascii=False,
        ).encode()
        roll = chooser.random()
        if roll < retry_share / 2:
            # The same request at the same moment from two connections (a client's timeout retry).
            twin = threading.Thread(target=send, args=(tally, port, spec["key"], key, body, prefer))
            twin.start()
            send(tally, port, spec["key"], key, body, prefer)
            twin.join()
        else:
            send(tally, port, spec["key"], key, body, prefer)
            if roll < retry_share:
                send(tally, port, spec["key"], key, body, prefer)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def check_database(database_url, run, created):
    """Updates in the database whose title carries this run's keys: exactly one per key the API accepted."""
    import psycopg

    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT title, count(*) FROM wagtailcore_page WHERE title LIKE %s GROUP BY title", [f"bench {run}-%"]
        ).fetchall()
    stored = {title.removeprefix("bench "): count for title, count in rows}
    duplicated = sorted(key for key, count in stored.items() if count > 1)
    lost = sorted(set(created) - set(stored))
    unanswered = sorted(set(stored) - set(created))
    return len(stored), duplicated, lost, unanswered


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", help="PostgreSQL database to create (default: pm1_push on bin/pg-test-server)"
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30, help="how long the clients send (default 30)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--retry-share", type=float, default=0.1, help="requests sent twice with one key")
    parser.add_argument("--scale", type=int, default=1000, help="generated directives to report on (default 1000)")
    parser.add_argument("--port", type=int, default=58124)
    parser.add_argument("--reuse", action="store_true", help="keep the database a previous run created")
    parser.add_argument("--mode", choices=["async", "sync"], default="async", help="Prefer: respond-async or not")
    parser.add_argument(
        "--task-workers", type=int, default=1, help="db_worker processes beside gunicorn (default 1; 0: one after)"
    )
    args = parser.parse_args()

    database_url = args.database_url
    if not database_url:
        server_url = subprocess.run(
            [ROOT / "bin" / "pg-test-server", "start"], check=True, capture_output=True, text=True
        ).stdout.splitlines()[-1]
        database_url = urlunsplit(urlsplit(server_url)._replace(path="/pm1_push"))
    prepare_database(database_url, args.scale, args.reuse)
    clients = issue_keys(database_url, args.clients)
    server = start_server(database_url, args.port, args.workers)
    workers = start_workers(database_url, args.task_workers)
    run = uuid.uuid4().hex[:8]
    tally = Tally()
    prefer = "respond-async" if args.mode == "async" else ""
    expected = 202 if prefer else 201
    try:
        print(
            f"{args.clients} clients ({args.mode}) for {args.seconds:.0f} s against {args.workers} gunicorn workers "
            f"and {args.task_workers} db_worker ({os.cpu_count()} cores), "
            f"{args.retry_share:.0%} of requests sent twice with one key"
        )
        started = time.monotonic()
        threads = [
            threading.Thread(
                target=client,
                args=(number, spec, args.port, started + args.seconds, args.retry_share, tally, run, prefer),
            )
            for number, spec in enumerate(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        server.terminate()
        server.wait()
        latencies = [seconds * 1000 for seconds in tally.latencies]
        print(f"requests:            {len(latencies)} in {elapsed:.1f} s ({len(latencies) / elapsed:.0f}/s)")
        print(f"answers:             {dict(sorted(tally.statuses.items()))}, {tally.replays} replayed")
        print(f"accepted updates:    {len(tally.created)} ({len(tally.created) / elapsed:.1f}/s; target ≥ 150/s)")
        print(
            f"latency ms:          p50 {statistics.median(latencies):.0f}, p95 {percentile(latencies, 95):.0f} "
            f"(target < 200), p99 {percentile(latencies, 99):.0f}, max {max(latencies):.0f}",
            flush=True,
        )
        if prefer:
            # With --task-workers 0 the updates are made once the clients are done, by one worker.
            workers = workers or start_workers(database_url, 1)
            drain_started = time.monotonic()
            waiting = waiting_submissions(database_url, run)
            while waiting:
                time.sleep(5)
                left = waiting_submissions(database_url, run)
                print(f"worker:              {left} updates still to make ({(waiting - left) / 5:.1f}/s)", flush=True)
                waiting = left
            drained = time.monotonic() - drain_started
            print(
                f"worker:              every update made {drained:.0f} s after the clients stopped "
                f"({len(tally.created) / (elapsed + drained):.1f} updates/s made end to end)"
            )
    finally:
        server.terminate()
        server.wait()
        for worker in workers:
            worker.terminate()
            worker.wait()

    stored, duplicated, lost, unanswered = check_database(database_url, run, tally.created)
    print(f"in the database:     {stored} updates for {len(tally.created)} accepted keys")
    problems = []
    if duplicated:
        problems.append(f"{len(duplicated)} keys stored more than once, e.g. {duplicated[:3]}")
    if lost:
        problems.append(f"{len(lost)} accepted keys not stored, e.g. {lost[:3]}")
    if unanswered:
        problems.append(f"{len(unanswered)} keys stored without an acceptance, e.g. {unanswered[:3]}")
    if tally.mismatched:
        problems.append(f"{len(tally.mismatched)} keys answered with two different updates")
    if set(tally.statuses) - {expected}:
        problems.append(f"answers other than {expected}: {dict(tally.statuses)}")
    print("exactly one update per key: " + ("yes" if not problems else "NO — " + "; ".join(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
