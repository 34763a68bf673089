"""
A real ``manage.py db_worker`` killed with SIGKILL in the middle of a batch, then started again:
every message is delivered, none twice. SQLite on disk, as ``make run`` uses; the database task
queue, real SMTP and the local LINE endpoint.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from .servers import LINE_TOKEN, LineServer, SmtpServer

ROOT = Path(__file__).resolve().parents[2]
EVENTS, USERS = 100, 3
EXPECTED = EVENTS * USERS

SETUP = f"""
from notifications.kinds import EventKind
from notifications.models import LineLink
from notifications.services import Audience, deliveries_dispatch, event_record
from tests import builders
agency = builders.agency("MOPH")
for n in range({USERS}):
    user = builders.user(f"reporter{{n}}", agency=agency, membership="reporter")
    LineLink.objects.create(line_id="U%032x" % n, kind="user", user=user)
audience = Audience()
events = [
    event_record(kind=EventKind.ROUND_OPENED, key=f"round-{{n}}", target=agency, recipients=[agency],
                 context={{"title": f"รอบรายงานที่ {{n}}"}}, audience=audience, dispatch=False).pk
    for n in range({EVENTS})
]
deliveries_dispatch(event_ids=events)
"""


def _manage(database: Path, smtp, line, *args, **kwargs):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{database}",
        "TASKS_BACKEND": "database",
        "EMAIL_URL": smtp.url,
        "LINE_API_URL": line.url,
        "LINE_CHANNEL_ACCESS_TOKEN": LINE_TOKEN,
        "NOTIFY_CLAIM_SECONDS": "1",
        "LOG_LEVEL": "ERROR",
    }
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env, **kwargs)


def _statuses(database: Path) -> dict[str, int]:
    with sqlite3.connect(database, timeout=20) as connection:
        rows = connection.execute(
            "SELECT status, count(*) FROM notifications_delivery WHERE channel != 'in_app' GROUP BY status"
        ).fetchall()
    return dict(rows)


def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(tmp_path):
    database = tmp_path / "pm1.sqlite3"
    with SmtpServer() as smtp, LineServer(delay=0.01) as line:
        assert _manage(database, smtp, line, "migrate", "--noinput", stdout=subprocess.DEVNULL).wait() == 0
        assert _manage(database, smtp, line, "shell", "-c", SETUP).wait() == 0
        assert _statuses(database) == {"pending": 2 * EXPECTED}

        worker = _manage(database, smtp, line, "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(line.pushed) + len(smtp.messages) < EXPECTED // 2:
            time.sleep(0.01)
        assert worker.poll() is None, "the worker stopped before it could be killed"
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        left = _statuses(database)
        assert 0 < left.get("sent", 0) < 2 * EXPECTED, left
        assert left.get("sending", 0) > 0, "the kill did not land in the middle of a batch"

        # The killed worker's claims expire (NOTIFY_CLAIM_SECONDS); cron's next send_reminders queues
        # them again, and a new worker finishes the work.
        time.sleep(1.5)
        assert _manage(database, smtp, line, "send_reminders", stdout=subprocess.DEVNULL).wait() == 0
        finisher = _manage(database, smtp, line, "db_worker", "--batch", "--no-reload", "--no-startup-delay")
        assert finisher.wait(timeout=180) == 0

        assert _statuses(database) == {"sent": 2 * EXPECTED}
        # LINE: every message once; a request in flight at the kill was resent with its retry key,
        # which LINE (and this endpoint) accepts only once.
        keys = [push["retry_key"] for push in line.pushed]
        assert len(keys) == len(set(keys)) == EXPECTED
        # E-mail: every message once. Each was recorded as handed over before its end went to the
        # server, so those the killed worker had handed over were not sent again.
        message_ids = [message["Message-ID"] for message in smtp.messages]
        assert len(message_ids) == len(set(message_ids)) == EXPECTED
