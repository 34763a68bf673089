"""
Backup and restore: everything a site holds (items, updates, revisions, uploaded files, the audit
log) comes back in an empty database, on the database this suite runs on (SQLite or PostgreSQL).
"""

import json
import os
import subprocess
import sys
import tempfile
import uuid
from io import StringIO
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings
from wagtail.documents.models import Document
from wagtail.models import PageLogEntry, Revision

from core.choices import Visibility
from directives.models import DirectivePage
from tests import builders
from updates.models import ProgressUpdatePage

#: What the restored site is asked, in a process of its own.
INVENTORY = """
import json
from django.core.files.storage import default_storage
from wagtail.documents.models import Document
from wagtail.models import PageLogEntry, Revision
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
}))
"""


def inventory() -> dict:
    return {
        "directives": sorted(DirectivePage.objects.values_list("reference", flat=True)),
        "updates": sorted(ProgressUpdatePage.objects.values_list("title", flat=True)),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "files": sorted((d.file.name, d.file.open().read().decode()) for d in Document.objects.all()),
    }


class BackupRestoreTests(TransactionTestCase):
    # The locales and the home page that migrations create come back after every test's flush.
    serialized_rollback = True

    def setUp(self):
        self.work = Path(tempfile.mkdtemp(prefix="pm1-backup-test-"))
        # Only this test's uploads, not those the rest of the suite left in its media directory.
        self.enterContext(override_settings(MEDIA_ROOT=str(self.work / "source-media")))
        agency = builders.agency("MOPH")
        public = builders.directive("นร 1/2569", agency)
        internal = builders.directive("นร 2/2569", agency, visibility=Visibility.INTERNAL)
        builders.update(public, agency, evidence=True, publish=True, title="รายงานเผยแพร่")
        builders.update(internal, agency, evidence=True, title="รายงานร่าง")
        public.save_revision(log_action=True)

    def empty_database_url(self):
        """A new, empty database on the server the suite uses, dropped after the test."""
        if connection.vendor == "sqlite":
            return f"sqlite:///{self.work / 'restored.sqlite3'}"
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

    def manage(self, *args, database_url, media_root):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media_root),
            "LOG_LEVEL": "WARNING",
        }
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
        )

    def test_a_backup_restored_into_an_empty_database_has_every_item_revision_and_file(self):
        before = inventory()
        self.assertEqual(len(before["files"]), 2)
        archive = self.work / "pm1.tar.gz"
        out = StringIO()
        call_command("backup", str(archive), stdout=out)
        self.assertIn("2 files", out.getvalue())

        database_url, media_root = self.empty_database_url(), self.work / "media"
        restored = self.manage("restore", str(archive), database_url=database_url, media_root=media_root)
        self.assertEqual(restored.returncode, 0, restored.stderr)
        shown = self.manage("shell", "-c", INVENTORY, database_url=database_url, media_root=media_root)
        self.assertEqual(shown.returncode, 0, shown.stderr)
        after = json.loads(shown.stdout.strip().splitlines()[-1])
        self.assertEqual(after, json.loads(json.dumps(before)))

        again = self.manage("restore", str(archive), database_url=database_url, media_root=media_root)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("not empty", again.stderr)

    def test_restore_refuses_a_database_that_is_not_empty(self):
        archive = self.work / "pm1.tar.gz"
        call_command("backup", str(archive), stdout=StringIO())
        with self.assertRaisesMessage(CommandError, "not empty"):
            call_command("restore", str(archive), stdout=StringIO())
