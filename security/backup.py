"""
Backups of a PM1 site: the database and the uploaded files in one ``.tar.gz``, and their restoration
into an empty database. PostgreSQL goes through ``pg_dump``/``pg_restore`` (custom format); SQLite
through its online backup API, so a running site can be backed up.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

__all__ = ["BackupError", "backup_create", "backup_restore"]

MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore cannot be made: the message says why."""


def _media_root() -> Path:
    if not settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
        raise BackupError("Uploaded files are not on this machine's disk: back up their storage with its own tools.")
    return Path(settings.MEDIA_ROOT)


def _pg_command(program: str, connection) -> tuple[list[str], dict]:
    tool = shutil.which(program)
    if tool is None:
        raise BackupError(f"{program} is not installed (Debian: apt-get install postgresql-client).")
    params = connection.settings_dict
    args = [tool, "--no-owner", "--no-privileges", "--dbname", params["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if params.get(key):
            args += [option, str(params[key])]
    env = {**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""}
    return args, env


def backup_create(out: Path, *, database: str = "default") -> dict:
    """Write the database and every uploaded file to the archive ``out``; return its manifest."""
    connection = connections[database]
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(f"Backups cover SQLite and PostgreSQL, not {vendor}.")
    media = _media_root()
    with tempfile.TemporaryDirectory(prefix="pm1-backup-") as work:
        dump = Path(work) / DUMPS[vendor]
        if vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            with target:
                connection.connection.backup(target)
            target.close()
        else:
            args, env = _pg_command("pg_dump", connection)
            result = subprocess.run([*args, "--format=custom", "--file", str(dump)], env=env, capture_output=True)
            if result.returncode:
                raise BackupError(f"pg_dump failed: {result.stderr.decode(errors='replace').strip()}")
        files = [path for path in media.rglob("*") if path.is_file()] if media.exists() else []
        manifest = {
            "format": 1,
            "created": timezone.now().isoformat(),
            "database": vendor,
            "dump": dump.name,
            "files": len(files),
        }
        out.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(out, "w:gz") as archive:
            manifest_file = Path(work) / MANIFEST
            manifest_file.write_text(json.dumps(manifest, indent=2))
            archive.add(manifest_file, arcname=MANIFEST)
            archive.add(dump, arcname=dump.name)
            for path in files:
                archive.add(path, arcname=f"media/{path.relative_to(media).as_posix()}")
    return manifest


def backup_restore(archive_path: Path, *, database: str = "default") -> dict:
    """Restore the archive into an empty database and the media directory; return its manifest."""
    connection = connections[database]
    with tarfile.open(archive_path, "r:gz") as archive, tempfile.TemporaryDirectory(prefix="pm1-restore-") as work:
        manifest = json.load(archive.extractfile(MANIFEST))
        if manifest["database"] != connection.vendor:
            raise BackupError(
                f"The backup is of a {manifest['database']} database, this site uses {connection.vendor}."
            )
        with connection.cursor() as cursor:
            if connection.introspection.table_names(cursor):
                raise BackupError("The database is not empty: restore into a new, empty database (before migrate).")
        media = _media_root()
        # The "data" filter refuses absolute paths, links out of the directory and special files.
        archive.extract(manifest["dump"], work, filter="data")
        dump = Path(work) / manifest["dump"]
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(dump)
            with source:
                source.backup(connection.connection)
            source.close()
        else:
            args, env = _pg_command("pg_restore", connection)
            result = subprocess.run(
                [*args, "--exit-on-error", "--single-transaction", str(dump)], env=env, capture_output=True
            )
            if result.returncode:
                raise BackupError(f"pg_restore failed: {result.stderr.decode(errors='replace').strip()}")
        members = [member for member in archive.getmembers() if member.name.startswith("media/")]
        for member in members:
            member.name = member.name.removeprefix("media/")
        media.mkdir(parents=True, exist_ok=True)
        archive.extractall(media, members=members, filter="data")
    return manifest
