"""
Backup and restore: everything a site holds (items, updates, revisions, uploaded files, the audit
log, complainants) comes back in an empty database, on the database this suite runs on (SQLite or
PostgreSQL); the archive is encrypted and readable by its owner only; a wrong key or a damaged
archive restores nothing; and an erasure made after the backup is made again after the restore.
"""

import gzip
import json
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
import tempfile
import uuid
import zlib
from contextlib import closing
from io import StringIO
from pathlib import Path
from unittest import mock

import psycopg
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.models import PageLogEntry, Revision

from complaints.models import Complainant
from complaints.services import complainant_erase
from core.choices import Visibility
from directives.models import DirectivePage
from security.backup import backup_key_new
from security.erasures import erasures_read
from tests import builders
from tests.complaints import helpers
from updates.models import ProgressUpdatePage

KEY = backup_key_new()

#: What the restored site is asked, in a process of its own.
INVENTORY = """
import json
from django.core.files.storage import default_storage
from wagtail.documents.models import Document
from wagtail.models import PageLogEntry, Revision
from complaints.models import Complainant
from directives.models import DirectivePage
from updates.models import ProgressUpdatePage
print(json.dumps({
    "directives": sorted(DirectivePage.objects.values_list("reference", flat=True)),
    "updates": sorted(ProgressUpdatePage.objects.values_list("title", flat=True)),
    "revisions": Revision.objects.count(),
    "log entries": PageLogEntry.objects.count(),
    "files": sorted(
        (d.file.name, default_storage.open(d.file.name).read().decode()) for d in Document.objects.all()
    ),
    "complainants": sorted(Complainant.objects.values_list("complaint__reference", "id_card_number")),
}))
"""


# manage.py, with the messages in English that the tests read (Thai is the site's default language).
IN_ENGLISH = (
    "import sys, django; from django.core.management import execute_from_command_line; "
    "from django.utils import translation; django.setup(); translation.activate('en'); "
    "execute_from_command_line(['manage.py', *sys.argv[1:]])"
)


def table_count(database_url: str) -> int:
    """The tables in a database, read directly: a Django process per check would double the tests' time."""
    if database_url.startswith("sqlite:///"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as database:
            return database.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as database:
        return database.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]


def inventory() -> dict:
    return {
        "directives": sorted(DirectivePage.objects.values_list("reference", flat=True)),
        "updates": sorted(ProgressUpdatePage.objects.values_list("title", flat=True)),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "files": sorted((d.file.name, d.file.open().read().decode()) for d in Document.objects.all()),
        "complainants": sorted(Complainant.objects.values_list("complaint__reference", "id_card_number")),
    }


class BackupRestoreTests(TransactionTestCase):
    # The locales and the home page that migrations create come back after every test's flush.
    serialized_rollback = True

    def setUp(self):
        # The messages the tests read, in English (Thai is the site's default language).
        self.enterContext(translation.override("en"))
        self.work = Path(tempfile.mkdtemp(prefix="pm1-backup-test-"))
        self.ledger = self.work / "ledger" / "erasures.jsonl"
        # Only this test's uploads, not those the rest of the suite left in its media directory.
        self.enterContext(
            override_settings(
                MEDIA_ROOT=str(self.work / "source-media"), BACKUP_KEY=KEY, ERASURE_LEDGER=str(self.ledger)
            )
        )
        agency = builders.agency("MOPH")
        public = builders.directive("นร 1/2569", agency)
        internal = builders.directive("นร 2/2569", agency, visibility=Visibility.INTERNAL)
        builders.update(public, agency, evidence=True, publish=True, title="รายงานเผยแพร่")
        builders.update(internal, agency, evidence=True, title="รายงานร่าง")
        public.save_revision(log_action=True)
        self.complaint = helpers.complaint("ร 2569/0001", agency, complainant=helpers.PERSONAL)

    def backup(self, *args) -> Path:
        archive = self.work / "backups" / f"pm1-{uuid.uuid4().hex[:6]}.pm1backup"
        call_command("backup", str(archive), *args, stdout=StringIO())
        return archive

    def empty_database_url(self):
        """A new, empty database on the server the suite uses, dropped after the test."""
        if connection.vendor == "sqlite":
            return f"sqlite:///{self.work / f'restored-{uuid.uuid4().hex[:6]}.sqlite3'}"
        params = connection.settings_dict
        name = f"pm1_restore_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(
            dbname="postgres",
            user=params["USER"],
            password=params["PASSWORD"],
            host=params["HOST"],
            port=params["PORT"],
            autocommit=True,
        )
        admin.execute(f'CREATE DATABASE "{name}"')
        self.addCleanup(lambda: (admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)'), admin.close()))
        password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
        return f"postgres://{params['USER']}{password}@{params['HOST']}:{params['PORT']}/{name}"

    def manage(self, *args, database_url, media_root=None, key=KEY, ledger=None):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media_root or self.work / "media"),
            "BACKUP_KEY": key,
            "ERASURE_LEDGER": str(ledger or self.ledger),
            "LOG_LEVEL": "WARNING",
        }
        return subprocess.run(
            [sys.executable, "-c", IN_ENGLISH, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
        )

    def restored(self, database_url, **options) -> dict:
        shown = self.manage("shell", "-c", INVENTORY, database_url=database_url, **options)
        self.assertEqual(shown.returncode, 0, shown.stderr)
        return json.loads(shown.stdout.strip().splitlines()[-1])

    def assert_refused_and_untouched(self, result, message, database_url):
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(message, result.stderr)
        self.assertEqual(table_count(database_url), 0)
        self.assertFalse((self.work / "media").exists())

    def test_a_backup_restored_into_an_empty_database_has_every_item_revision_file_and_complainant(self):
        before = inventory()
        self.assertEqual(len(before["files"]), 2)
        archive = self.work / "pm1.pm1backup"
        out = StringIO()
        call_command("backup", str(archive), stdout=out)
        self.assertIn("2 files", out.getvalue())

        database_url = self.empty_database_url()
        restored = self.manage("restore", str(archive), database_url=database_url)
        self.assertEqual(restored.returncode, 0, restored.stderr)
        self.assertIn("Erased again 0 records", restored.stdout)
        self.assertEqual(self.restored(database_url), json.loads(json.dumps(before)))

        again = self.manage("restore", str(archive), database_url=database_url)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("not empty", again.stderr)

    def test_restore_refuses_a_database_that_is_not_empty(self):
        archive = self.backup()
        with self.assertRaisesMessage(CommandError, "not empty"):
            call_command("restore", str(archive), stdout=StringIO())

    def test_the_archive_is_readable_by_its_owner_only_and_appears_only_once_complete(self):
        written = []
        real_add = tarfile.TarFile.add

        def add(archive, name, *args, **kwargs):
            # While the archive is being written: whatever file is in the directory is already 0600.
            written.extend(stat.S_IMODE(path.stat().st_mode) for path in (self.work / "backups").iterdir())
            return real_add(archive, name, *args, **kwargs)

        with mock.patch.object(tarfile.TarFile, "add", add):
            archive = self.backup()
        self.assertEqual(stat.S_IMODE(archive.stat().st_mode), 0o600)
        self.assertTrue(written)
        self.assertEqual(set(written), {0o600})
        self.assertEqual(list(archive.parent.iterdir()), [archive])

    def test_a_failed_backup_leaves_no_file_behind(self):
        (self.work / "backups").mkdir()
        with mock.patch.object(tarfile.TarFile, "add", side_effect=OSError("No space left on device")):
            with self.assertRaises(OSError):
                self.backup()
        self.assertEqual(list((self.work / "backups").iterdir()), [])

    def test_the_archive_holds_no_complainants_id_number_in_the_clear(self):
        secret = helpers.PERSONAL["id_card_number"].encode()
        # Unencrypted, anyone can unzip the archive, and read the ID number in SQLite's file (pg_dump's
        # custom format compresses its data once more).
        plain = gzip.decompress(self.backup("--unencrypted").read_bytes())
        if connection.vendor == "sqlite":
            self.assertIn(secret, plain)

        raw = self.backup().read_bytes()
        self.assertNotIn(secret, raw)
        self.assertNotIn(helpers.PERSONAL["name"].encode(), raw)
        with self.assertRaises((gzip.BadGzipFile, zlib.error, EOFError)):
            gzip.decompress(raw)

    def test_backup_refuses_without_a_key_unless_asked_for_a_plain_archive_where_settings_allow_it(self):
        with override_settings(BACKUP_KEY=""), self.assertRaisesMessage(CommandError, "BACKUP_KEY is not set"):
            self.backup()
        with override_settings(BACKUP_KEY="not-a-key"), self.assertRaisesMessage(CommandError, "manage.py backup_key"):
            self.backup()
        with (
            override_settings(BACKUP_UNENCRYPTED_ALLOWED=False),
            self.assertRaisesMessage(CommandError, "refuse unencrypted backups"),
        ):
            self.backup("--unencrypted")
        self.assertFalse((self.work / "backups").exists())

    def test_a_wrong_key_restores_nothing(self):
        archive = self.backup()
        database_url = self.empty_database_url()
        result = self.manage("restore", str(archive), database_url=database_url, key=backup_key_new())
        self.assert_refused_and_untouched(result, "encrypted with another key", database_url)

    def test_a_damaged_cut_short_or_extended_archive_restores_nothing(self):
        # An upload that does not compress: the archive spans several chunks.
        (self.work / "source-media" / "scan.bin").write_bytes(os.urandom(300_000))
        good = self.backup().read_bytes()
        self.assertGreater(len(good), 3 * 64 * 1024)
        middle = len(good) // 2
        damaged = {
            "a flipped byte": good[:middle] + bytes([good[middle] ^ 1]) + good[middle + 1 :],
            "the last chunk dropped": good[: len(good) - (len(good) - 40) % (64 * 1024 + 16)],
            "cut short": good[:-100],
            "bytes appended": good + b"\0" * 64,
            "a chunk repeated": good[: 40 + 64 * 1024 + 16] + good[40:],
        }
        database_url = self.empty_database_url()
        for case, content in damaged.items():
            with self.subTest(case):
                path = self.work / "damaged.pm1backup"
                path.write_bytes(content)
                result = self.manage("restore", str(path), database_url=database_url)
                self.assert_refused_and_untouched(result, "damaged", database_url)

    def test_an_unencrypted_archive_is_restored_only_when_asked_for(self):
        archive = self.backup("--unencrypted")
        database_url = self.empty_database_url()
        refused = self.manage("restore", str(archive), database_url=database_url)
        self.assert_refused_and_untouched(refused, "--unencrypted", database_url)
        restored = self.manage("restore", str(archive), "--unencrypted", database_url=database_url)
        self.assertEqual(restored.returncode, 0, restored.stderr)
        self.assertEqual(len(self.restored(database_url)["files"]), 2)

    def test_an_erasure_made_after_the_backup_is_made_again_when_the_backup_is_restored(self):
        older = self.backup()
        complainant_erase(complainant=Complainant.objects.get(complaint=self.complaint))
        self.assertEqual([entry["key"] for entry in erasures_read(self.ledger)], [self.complaint.pk])

        database_url = self.empty_database_url()
        restored = self.manage("restore", str(older), database_url=database_url)
        self.assertEqual(restored.returncode, 0, restored.stderr)
        self.assertIn("Erased again 1 record ", restored.stdout)
        self.assertEqual(self.restored(database_url)["complainants"], [["ร 2569/0001", ""]])

    def test_a_new_host_learns_the_erasures_from_the_archive_and_applies_them_to_older_backups(self):
        older = self.backup()
        complainant_erase(complainant=Complainant.objects.get(complaint=self.complaint))
        newer = self.backup()
        new_host = self.work / "new-host" / "erasures.jsonl"

        first = self.manage("restore", str(newer), database_url=self.empty_database_url(), ledger=new_host)
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertEqual([entry["key"] for entry in erasures_read(new_host)], [self.complaint.pk])
        self.assertEqual(stat.S_IMODE(new_host.stat().st_mode), 0o600)

        database_url = self.empty_database_url()
        second = self.manage("restore", str(older), database_url=database_url, ledger=new_host)
        self.assertEqual(second.returncode, 0, second.stderr)
        self.assertIn("Erased again 1 record ", second.stdout)
        self.assertEqual(self.restored(database_url, ledger=new_host)["complainants"], [["ร 2569/0001", ""]])
        self.assertNotIn(helpers.PERSONAL["id_card_number"], new_host.read_text())
