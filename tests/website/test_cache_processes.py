"""
The public page cache shared by every process: an item published by another process (a shell, an
import, cron, the task worker), or through one gunicorn worker of two, is on its listing at once,
whichever process serves it. Real processes on a SQLite file database, with the default cache (the
database's) and with Redis (``REDIS_URL``, which ``make test`` gets from bin/redis-test-server).
"""

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis

from core.kinds import kinds
from tests.notifications.servers import free_port
from tests.website.served import WORKER

ROOT = Path(__file__).resolve().parents[2]
HIT = "X-PM1-Cache"
#: Rounds of requests before giving up on reaching both workers (the kernel hands each to either).
MAX_ROUNDS = 50
#: How long a round keeps one worker busy, so that its second request goes to the other worker.
HOLD_SECONDS = 0.5


def _redis_cache_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI needs Redis: make test starts bin/redis-test-server and sets REDIS_URL")
        pytest.skip("REDIS_URL is not set (bin/redis-test-server start prints one)")
    # A database of its own per pytest-xdist worker, emptied first: the server is shared.
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    url = f"{url.removeprefix('redis://').split('/')[0]}/{1 + worker}"
    redis.Redis.from_url(f"redis://{url}").flushdb()
    return f"rediscache://{url}"


CACHES = {"database": lambda: None, "redis": _redis_cache_url}


def _environment(directory: Path, cache_url: str | None) -> dict:
    """A deployment's settings (DEBUG off, the page cache on), on the test's own database file."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "CACHE_URL", "PUBLIC_PAGE_CACHE", "DJANGO_SETTINGS_MODULE", "DEBUG"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DEBUG="False",
        DATABASE_URL=f"sqlite:///{directory / 'pm1.sqlite3'}",
        MEDIA_ROOT=str(directory / "media"),
        LOG_LEVEL="WARNING",
    )
    if cache_url is not None:
        environment["CACHE_URL"] = cache_url
    return environment


def _manage(directory, cache_url, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_environment(directory, cache_url),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A database file as ``migrate`` leaves it (with the cache's table), copied by each test."""
    directory = tmp_path_factory.mktemp("pm1-migrated")
    _manage(directory, None, "migrate", "--noinput")
    return directory / "pm1.sqlite3"


@pytest.fixture(scope="module", params=sorted(CACHES))
def site(request, migrated, tmp_path_factory):
    """gunicorn with two workers on a copy of the database, with each cache: ``(address, directory, CACHE_URL)``."""
    cache_url = CACHES[request.param]()
    directory = tmp_path_factory.mktemp(f"pm1-{request.param}")
    with contextlib.closing(sqlite3.connect(migrated)) as source:
        with contextlib.closing(sqlite3.connect(directory / "pm1.sqlite3")) as copy:
            source.backup(copy)
    with serving(directory, cache_url) as address:
        yield address, directory, cache_url


@contextlib.contextmanager
def serving(directory, cache_url, *, workers=2):
    """gunicorn with ``workers`` processes on a free port of 127.0.0.1, until the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "tests.website.served:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"]
    log = (directory / "gunicorn.log").open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=_environment(directory, cache_url), stdout=log, stderr=log)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (directory / "gunicorn.log").read_text()
            with contextlib.suppress(OSError):
                get(base + "/__test__/listings/")
                break
            assert time.monotonic() < deadline, "gunicorn did not answer within a minute"
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert "Traceback" not in (directory / "gunicorn.log").read_text(), (directory / "gunicorn.log").read_text()


def get(url, *, method="GET"):
    """One request on a new connection (so that either worker may take it): headers and body."""
    with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=30) as response:
        return response.headers, response.read().decode()


def from_both_workers(url):
    """
    Responses to ``url`` until both workers answered: ``{worker: [(headers, body)…]}``. An idle
    worker may win every connection, so each round asks once freely and once while the worker that
    took a slow request is busy with it.
    """
    answers = {}
    base = url.split("/", 3)[:3]
    hold = "/".join(base) + f"/__test__/hold/?seconds={HOLD_SECONDS}"
    for _ in range(MAX_ROUNDS):
        headers, body = get(url)
        answers.setdefault(headers[WORKER], []).append((headers, body))
        busy = threading.Thread(target=get, args=(hold,))
        busy.start()
        time.sleep(HOLD_SECONDS / 5)
        headers, body = get(url)
        busy.join()
        answers.setdefault(headers[WORKER], []).append((headers, body))
        if len(answers) == 2:
            return answers
    pytest.fail(f"one worker answered {MAX_ROUNDS} rounds of requests")


def warm(url):
    """Request ``url`` until it comes from the cache."""
    for _ in range(5):
        headers, _body = get(url)
        if headers.get(HIT) == "hit":
            return
    pytest.fail(f"{url} is never served from the cache")


def test_an_item_of_every_kind_published_by_another_process_is_on_its_listing_at_once(site):
    address, directory, cache_url = site
    listings = json.loads(get(address + "/__test__/listings/")[1])
    for kind in kinds():
        warm(address + listings[kind.item_type])
    script = "import json; from tests.website.helpers import every_kind_publish as p; print(json.dumps(p('จากเชลล์')))"
    published = json.loads(_manage(directory, cache_url, "shell", "-c", script).splitlines()[-1])
    for kind in kinds():
        for worker, answers in from_both_workers(address + listings[kind.item_type]).items():
            for headers, body in answers:
                assert published[kind.item_type] in body, (kind, worker, headers.get(HIT))


def test_an_item_published_through_one_worker_is_served_by_the_other_at_once(site):
    address, _directory, _cache_url = site
    listing = address + json.loads(get(address + "/__test__/listings/")[1])["directive"]
    warm(listing)
    for worker, answers in from_both_workers(listing).items():
        assert answers[-1][0].get(HIT) == "hit", worker
    headers, body = get(
        address + "/__test__/publish/?" + urlencode({"kind": "directive", "title": "จากเว็บ"}), method="POST"
    )
    url, publisher = json.loads(body)["url"], headers[WORKER]
    answers = from_both_workers(listing)
    assert publisher in answers
    for worker, responses in answers.items():
        for _headers, page in responses:
            assert url in page, worker
