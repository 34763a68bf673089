"""
Reminders at scale: N deadline reminders recorded by ``manage.py send_reminders`` and delivered by
``manage.py db_worker`` processes to a real SMTP server (aiosmtpd) and a local LINE push endpoint on
127.0.0.1, half by e-mail, half by LINE. Prints how fast they were queued and delivered, then checks
that every message arrived once.

    .venv/bin/python bench/notify_speed.py                        # 10 000 reminders, 2 workers, SQLite
    .venv/bin/python bench/notify_speed.py --workers 4 --database-url postgres://127.0.0.1:54329/pm1_notify

Target (issue 8) on a 2-core machine: at least 200 messages/s through the worker. The servers, the
workers and the database share the machine, so the figures include the servers' own cost.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.notifications.servers import LINE_TOKEN, LineServer, SmtpServer  # noqa: E402

DIRECTIVES = 20

# Agencies, users and assignments in bulk (a page per directive, through Wagtail): the bench measures
# reminders, not page creation. Half the users take deadline reminders by e-mail, half by LINE.
SETUP = """
import datetime
from django.contrib.auth import get_user_model
from agencies.models import Agency, Membership
from directives.models import DirectiveAssignment
from notifications import signals
from notifications.kinds import EventKind
from notifications.models import LineLink, Preference
from tests import builders
count = {agencies}
Agency.objects.bulk_create(Agency(code=f"A{{n:05d}}", name_th=f"หน่วยงาน {{n:05d}}") for n in range(count))
agencies = list(Agency.objects.order_by("code"))
User = get_user_model()
User.objects.bulk_create(
    User(username=f"reporter{{n:05d}}", email=f"reporter{{n:05d}}@example.go.th") for n in range(count)
)
users = list(User.objects.filter(username__startswith="reporter").order_by("username"))
Membership.objects.bulk_create(Membership(user=u, agency=a, role="reporter") for u, a in zip(users, agencies))
LineLink.objects.bulk_create(LineLink(line_id="U%032x" % n, kind="user", user=u) for n, u in enumerate(users))
Preference.objects.bulk_create(
    Preference(user=u, kind=EventKind.DEADLINE, email=n % 2 == 0, line=n % 2 == 1, in_app=False)
    for n, u in enumerate(users)
)
deadline = datetime.date(2027, 6, 30)
with signals.muted():
    for n in range({directives}):
        page = builders.directive(f"B {{n:05d}}", agencies[0], deadline=deadline)
        DirectiveAssignment.objects.bulk_create(
            DirectiveAssignment(page=page, agency=a, role="supporting", deadline=deadline) for a in agencies[1:]
        )
"""


def manage(env, *args, **kwargs):
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env, **kwargs)


def count(env, sql_status):
    script = (
        "from notifications.models import Delivery; "
        f"print(Delivery.objects.exclude(channel='in_app').filter(status__in={sql_status!r}).count())"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return int(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reminders", type=int, default=10_000, help="reminders to send (a multiple of 20)")
    parser.add_argument("--workers", type=int, default=2, help="db_worker processes")
    parser.add_argument("--database-url", help="an empty database to use (default: a new SQLite file)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="pm1-notify-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'pm1.sqlite3'}"
    with SmtpServer() as smtp, LineServer() as line:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DEBUG": "false",
            "DATABASE_URL": database_url,
            "TASKS_BACKEND": "database",
            "EMAIL_URL": smtp.url,
            "LINE_API_URL": line.url,
            "LINE_CHANNEL_ACCESS_TOKEN": LINE_TOKEN,
            "MEDIA_ROOT": str(workdir / "media"),
            "LOG_LEVEL": "ERROR",
        }
        started = time.monotonic()
        # Setting up indexes pages in the request, so that the workers find only the reminders queued.
        immediate = {**env, "TASKS_BACKEND": "immediate"}
        assert manage(immediate, "migrate", "--noinput", stdout=subprocess.DEVNULL).wait() == 0
        agencies = args.reminders // DIRECTIVES
        setup = SETUP.format(agencies=agencies, directives=DIRECTIVES)
        assert manage(immediate, "shell", "-c", setup, stdout=subprocess.DEVNULL).wait() == 0
        print(f"setup: {DIRECTIVES} directives x {agencies} agencies in {time.monotonic() - started:.0f} s")

        started = time.monotonic()
        assert manage(env, "send_reminders", "--date", "23/6/2570").wait() == 0
        queued = time.monotonic() - started
        total = count(env, ["pending"])
        rate = args.reminders / queued
        print(f"queued: {total} messages of {args.reminders} reminders in {queued:.1f} s ({rate:.0f} reminders/s)")

        started = time.monotonic()
        workers = [
            manage(env, "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.05", "--verbosity", "0")
            for _ in range(args.workers)
        ]
        first = None
        while len(smtp.messages) + len(line.pushed) < total and time.monotonic() - started < 1800:
            if first is None and (smtp.messages or line.pushed):
                first = time.monotonic()
            time.sleep(0.01)
        delivered = time.monotonic() - started
        # Each worker first spends some seconds loading Django and Wagtail.
        delivering = time.monotonic() - (first or started)
        for worker in workers:
            worker.send_signal(signal.SIGINT)
        for worker in workers:
            worker.wait(timeout=60)

        sent = count(env, ["sent"])
        emails = len({m["Message-ID"] for m in smtp.messages})
        pushes = len({p["retry_key"] for p in line.pushed})
        print(
            f"delivered: {len(smtp.messages)} e-mails and {len(line.pushed)} LINE pushes in {delivered:.1f} s "
            f"with {args.workers} workers, their start included: {total / delivered:.0f} messages/s"
        )
        print(f"from the first message to the last: {delivering:.1f} s, {total / delivering:.0f} messages/s")
        print(f"recorded as sent: {sent} of {total}; distinct e-mails {emails}, distinct LINE pushes {pushes}")
        ok = sent == total == emails + pushes == len(smtp.messages) + len(line.pushed)
        print("every message once: " + ("yes" if ok else "NO"))
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
