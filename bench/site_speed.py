"""
Public site speed: gunicorn serving PM1 (production settings) over the demo database, timed from
a client on the same machine. Prints, per page type (home, the directive listing's page 1, page 500
and a filtered page, a directive page, a search results page), the median and p95 latency uncached
(each request a new URL, so that the page cache misses) and cached, then requests/s of 20 concurrent
clients on the cached directive page, and with ``--lighthouse`` the Lighthouse performance and
accessibility scores of home, listing and directive page (Lighthouse from npm, run with Debian's
Chromium; ``npm install lighthouse`` somewhere and pass ``--lighthouse-bin``).

    DATABASE_URL=postgres://…/pm1_site .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://…/pm1_site .venv/bin/python manage.py load_demo --scale 100000
    DATABASE_URL=postgres://…/pm1_site .venv/bin/python bench/site_speed.py --lighthouse-bin PATH

Targets (issue 5), on 2 cores: uncached p95 ≤ 150 ms for every page type; cached ≥ 1 000 requests/s
on the directive page; Lighthouse ≥ 90 performance and ≥ 95 accessibility.
"""

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def server_env(database_url, static_root):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DATABASE_URL=database_url,
        MEDIA_ROOT=tempfile.mkdtemp(prefix="pm1-site-media-"),
        STATIC_ROOT=static_root,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="ERROR",
        EMAIL_URL="dummymail://",
    )
    # Every worker must see the same cache for invalidation to reach them all: a shared one on
    # local disk unless CACHE_URL names another (e.g. Redis).
    env.setdefault("CACHE_URL", f"filecache://{tempfile.mkdtemp(prefix='pm1-site-cache-')}")
    return env


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env, port, workers):
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    command = [PYTHON, "-m", "gunicorn", "cms.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers)]
    server = subprocess.Popen([*command, "--log-level", "error"], cwd=ROOT, env=env)
    for _ in range(240):
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


def get(connection, path):
    """One request; the time to the last byte in ms, and the body."""
    started = time.perf_counter()
    connection.request("GET", quote(path, safe="/?=&%"))
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return elapsed, body, response.getheader("X-PM1-Cache")


def a_directive_path(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = get(connection, "/th/directives/")[1].decode()
    start = body.index('class="item-title"><a href="') + len('class="item-title"><a href="')
    return body[start : body.index('"', start)]


def latencies(port, path, runs, cached):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    separator = "&" if "?" in path else "?"
    # First requests warm the workers (templates, connections) and, for the cached figures, the cache.
    for _ in range(4):
        get(connection, path if cached else f"{path}{separator}bench={secrets.token_hex(4)}")
    times = []
    for _ in range(runs):
        target = path if cached else f"{path}{separator}bench={secrets.token_hex(4)}"
        elapsed, _, hit = get(connection, target)
        if cached and hit != "hit":
            raise SystemExit(f"{path} was not served from the cache")
        times.append(elapsed)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def warm_workers(port, workers):
    """
    Load every worker's search facts (seconds at 400 000 pages, once per process) before timing:
    as many concurrent uncached listings as there are workers, each holding one worker busy so
    that the next goes to another, twice over.
    """

    def listing():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        get(connection, f"/th/directives/?bench={secrets.token_hex(4)}")

    for _ in range(2):
        threads = [threading.Thread(target=listing) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def throughput(port, path, clients, seconds):
    done = [0] * clients
    deadline = time.perf_counter() + seconds

    def client(number):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < deadline:
            get(connection, path)
            done[number] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started)


def lighthouse(binary, url):
    run = subprocess.run(
        [
            binary,
            url,
            "--quiet",
            "--output=json",
            "--only-categories=performance,accessibility",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        capture_output=True,
        text=True,
    )
    if run.returncode:
        raise SystemExit(f"lighthouse {url} failed:\n{run.stderr[-2000:]}")
    categories = json.loads(run.stdout)["categories"]
    return round(categories["performance"]["score"] * 100), round(categories["accessibility"]["score"] * 100)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--runs", type=int, default=40, help="timed requests per page and mode (default 40)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients for requests/s (default 20)")
    parser.add_argument("--seconds", type=float, default=10, help="length of the requests/s run (default 10)")
    parser.add_argument("--lighthouse-bin", help="the lighthouse command from npm; without it no scores")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        raise SystemExit("set DATABASE_URL to the demo database")
    port = free_port()
    server = start_server(server_env(database_url, tempfile.mkdtemp(prefix="pm1-site-static-")), port, args.workers)
    try:
        warm_workers(port, args.workers)
        directive = a_directive_path(port)
        pages = {
            "home": "/th/",
            "listing, page 1": "/th/directives/",
            "listing, page 500": "/th/directives/?page=500",
            "listing, filtered": "/th/directives/?track=policy&status=on_track",
            "directive page": directive,
            "search page": "/th/search/?q=วัคซีน",
        }
        print(f"gunicorn, {args.workers} workers, {args.runs} timed requests each, client on the same machine")
        print(f"cache: {os.environ.get('CACHE_URL') or 'files on local disk (shared by the workers)'}")
        print(f"{'page':<20} {'uncached p50':>13} {'p95':>8} {'cached p50':>11} {'p95':>8}")
        for name, path in pages.items():
            uncached = latencies(port, path, args.runs, cached=False)
            cached = latencies(port, path, args.runs, cached=True)
            print(
                f"{name:<20} {uncached[0]:>10.1f} ms {uncached[1]:>5.1f} ms {cached[0]:>8.1f} ms {cached[1]:>5.1f} ms"
            )
        rate = throughput(port, directive, args.clients, args.seconds)
        print(f"directive page, cached, {args.clients} concurrent clients: {rate:.0f} requests/s")
        if args.lighthouse_bin:
            for name in ("home", "listing, page 1", "directive page"):
                performance, accessibility = lighthouse(args.lighthouse_bin, f"http://127.0.0.1:{port}{pages[name]}")
                print(f"Lighthouse {name}: performance {performance}, accessibility {accessibility}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
