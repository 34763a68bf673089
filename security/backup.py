"""
Backups of a PM1 site: the database, the uploaded files and the erasure ledger in one archive, and
their restoration into an empty database. PostgreSQL goes through ``pg_dump``/``pg_restore`` (custom
format); SQLite through its online backup API, so a running site can be backed up.

The archive holds personal data (complainants' ID numbers among them), so it is a ``.tar.gz``
encrypted with ``BACKUP_KEY``, written ``0600`` under a temporary name and renamed when complete.
The encryption streams (archives of GBs never sit in memory): AES-256-GCM over 64 KiB chunks, each
nonce holding the chunk's number and whether it is the last, the header authenticated with every
chunk (the STREAM construction): a changed, reordered, dropped or added chunk, a cut-short or
extended file, all fail to decrypt. A restore decrypts and unpacks the whole archive into a
temporary directory first, and touches the database and the media only once all of it checked out.
"""

import base64
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from .erasures import ErasureLedgerError, erasures_apply_again, erasures_merge, erasures_read, ledger_path

__all__ = ["BackupError", "backup_create", "backup_key_new", "backup_restore"]

MANIFEST = "manifest.json"
LEDGER = "erasures.jsonl"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
#: 1: an unencrypted .tar.gz without the ledger (before issue 24); 2: with the ledger, encrypted or not.
FORMAT = 2

# The encrypted file: MAGIC, VERSION, the key's id, the salt of this file's own key, the nonce prefix,
# then the chunks. A chunk's nonce is the prefix, its 4-byte number and 1 if it is the last, else 0.
MAGIC = b"PM1BACKP"
VERSION = FORMAT
KEY_ID_SIZE, SALT_SIZE, PREFIX_SIZE = 8, 16, 7
HEADER_SIZE = len(MAGIC) + 1 + KEY_ID_SIZE + SALT_SIZE + PREFIX_SIZE
CHUNK = 64 * 1024
TAG = 16
GZIP_MAGIC = b"\x1f\x8b"


class BackupError(Exception):
    """A backup or restore cannot be made: the message says why."""


def backup_key_new() -> str:
    """A new ``BACKUP_KEY``: 32 random bytes, URL-safe base64."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _configured_key() -> bytes | None:
    if not settings.BACKUP_KEY:
        return None
    try:
        key = base64.urlsafe_b64decode(settings.BACKUP_KEY.encode())
    except ValueError:
        key = b""
    if len(key) != 32:
        raise BackupError(
            _("BACKUP_KEY is not a backup key: 32 bytes in URL-safe base64, as `manage.py backup_key` prints.")
        )
    return key


def _key_id(key: bytes) -> bytes:
    """Names the key without revealing it, so that a wrong key is told apart from a damaged file."""
    return hashlib.sha256(b"pm1 backup key id\0" + key).digest()[:KEY_ID_SIZE]


def _file_cipher(key: bytes, salt: bytes) -> AESGCM:
    # A key of each file's own: nonces never repeat under one key, however many archives are made.
    return AESGCM(HKDF(algorithm=SHA256(), length=32, salt=salt, info=b"pm1 backup chunks").derive(key))


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    if number >= 2**32:
        raise BackupError(_("The archive is too large to encrypt (256 TiB at most)."))
    return prefix + number.to_bytes(4, "big") + (b"\1" if last else b"\0")


class _EncryptingWriter:
    """A write-only file that encrypts what it is given into ``raw``, chunk by chunk."""

    def __init__(self, raw, key: bytes):
        salt, self.prefix = secrets.token_bytes(SALT_SIZE), secrets.token_bytes(PREFIX_SIZE)
        self.header = MAGIC + bytes([VERSION]) + _key_id(key) + salt + self.prefix
        self.cipher = _file_cipher(key, salt)
        self.raw, self.buffer, self.number = raw, bytearray(), 0
        raw.write(self.header)

    def _emit(self, data: bytes, last: bool) -> None:
        self.raw.write(self.cipher.encrypt(_nonce(self.prefix, self.number, last), data, self.header))
        self.number += 1

    def write(self, data) -> int:
        self.buffer += data
        # A full chunk stays buffered until more follows: the last chunk must be marked as such.
        while len(self.buffer) > CHUNK:
            self._emit(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def finish(self) -> None:
        self._emit(bytes(self.buffer), last=True)
        self.buffer.clear()


class _DecryptingReader:
    """A read-only file of what ``raw`` holds encrypted; raises BackupError where it does not check out."""

    def __init__(self, raw, key: bytes, header: bytes):
        self.header, self.prefix = header, header[-PREFIX_SIZE:]
        salt = header[len(MAGIC) + 1 + KEY_ID_SIZE : -PREFIX_SIZE]
        self.cipher = _file_cipher(key, salt)
        self.raw, self.buffer, self.number, self.done = raw, bytearray(), 0, False
        self.pending = raw.read(CHUNK + TAG)

    def _next_chunk(self) -> None:
        following = self.raw.read(CHUNK + TAG)
        last = not following
        try:
            plain = self.cipher.decrypt(_nonce(self.prefix, self.number, last), self.pending, self.header)
        except InvalidTag:
            raise BackupError(
                _("The archive is damaged, cut short or was tampered with: nothing was restored.")
            ) from None
        self.buffer += plain
        self.number += 1
        self.pending, self.done = following, last

    def read(self, size: int = -1) -> bytes:
        while not self.done and (size < 0 or len(self.buffer) < size):
            self._next_chunk()
        size = len(self.buffer) if size < 0 else min(size, len(self.buffer))
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data


def _media_root() -> Path:
    if not settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
        raise BackupError(_("Uploaded files are not on this machine's disk: back up their storage with its own tools."))
    return Path(settings.MEDIA_ROOT)


def _pg_command(program: str, connection) -> tuple[list[str], dict]:
    tool = shutil.which(program)
    if tool is None:
        raise BackupError(
            _("%(program)s is not installed (Debian: apt-get install postgresql-client).") % {"program": program}
        )
    params = connection.settings_dict
    args = [tool, "--no-owner", "--no-privileges", "--dbname", params["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if params.get(key):
            args += [option, str(params[key])]
    env = {**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""}
    return args, env


def _failed(program: str, result) -> BackupError:
    return BackupError(
        _("%(program)s failed: %(error)s")
        % {"program": program, "error": result.stderr.decode(errors="replace").strip()}
    )


def _dump_database(connection, dump: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(dump)
        with target:
            connection.connection.backup(target)
        target.close()
    else:
        args, env = _pg_command("pg_dump", connection)
        result = subprocess.run([*args, "--format=custom", "--file", str(dump)], env=env, capture_output=True)
        if result.returncode:
            raise _failed("pg_dump", result)


def _write_archive(raw, key: bytes | None, *, manifest_file: Path, ledger: Path, dump: Path, files, media: Path):
    writer = _EncryptingWriter(raw, key) if key else raw
    with tarfile.open(fileobj=writer, mode="w|gz") as archive:
        archive.add(manifest_file, arcname=MANIFEST)
        archive.add(ledger, arcname=LEDGER)
        archive.add(dump, arcname=dump.name)
        for path in files:
            archive.add(path, arcname=f"media/{path.relative_to(media).as_posix()}")
    if key:
        writer.finish()


def backup_create(out: Path, *, database: str = "default", unencrypted: bool = False) -> dict:
    """
    Write the database, every uploaded file and the erasure ledger to the archive ``out``, encrypted
    with ``BACKUP_KEY`` (plain only when asked and the settings allow it); return its manifest.
    """
    connection = connections[database]
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(_("Backups cover SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor})
    key = None if unencrypted else _configured_key()
    if unencrypted and not settings.BACKUP_UNENCRYPTED_ALLOWED:
        raise BackupError(_("These settings refuse unencrypted backups: set BACKUP_KEY and leave out --unencrypted."))
    if not key and not unencrypted:
        raise BackupError(
            _(
                "BACKUP_KEY is not set, and backups hold personal data: set it (`manage.py backup_key` makes "
                "one), or pass --unencrypted on a development machine."
            )
        )
    media = _media_root()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pm1-backup-") as work:
        dump = Path(work) / DUMPS[vendor]
        _dump_database(connection, dump)
        # After the dump: the copy lists every erasure the dump holds, and maybe some it does not yet.
        ledger = Path(work) / LEDGER
        ledger.write_bytes(ledger_path().read_bytes() if ledger_path().exists() else b"")
        files = [path for path in media.rglob("*") if path.is_file()] if media.exists() else []
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database": vendor,
            "dump": dump.name,
            "files": len(files),
            "encrypted": bool(key),
        }
        manifest_file = Path(work) / MANIFEST
        manifest_file.write_text(json.dumps(manifest, indent=2))
        # mkstemp creates the file 0600: the archive is never readable by others, not even half-written,
        # and appears under its name only once complete.
        descriptor, partial = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
        try:
            with os.fdopen(descriptor, "wb") as raw:
                _write_archive(
                    raw, key, manifest_file=manifest_file, ledger=ledger, dump=dump, files=files, media=media
                )
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, out)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return manifest


def _open_plain(raw, *, unencrypted: bool):
    """What the archive ``raw`` holds, decrypted: a file to read the .tar.gz from."""
    header = raw.read(HEADER_SIZE)
    if header.startswith(GZIP_MAGIC):
        if not unencrypted:
            raise BackupError(
                _(
                    "This archive is not encrypted (an old one, or made with --unencrypted): restore it with "
                    "--unencrypted if that is what you mean."
                )
            )
        raw.seek(0)
        return raw
    if len(header) < HEADER_SIZE or not header.startswith(MAGIC):
        raise BackupError(_("This file is not a PM1 backup."))
    if header[len(MAGIC)] != VERSION:
        raise BackupError(
            _("This backup is of a format this version of PM1 does not read (%(version)d).")
            % {"version": header[len(MAGIC)]}
        )
    key = _configured_key()
    if key is None:
        raise BackupError(_("This archive is encrypted and BACKUP_KEY is not set: set the key it was made with."))
    made_with = header[len(MAGIC) + 1 : len(MAGIC) + 1 + KEY_ID_SIZE]
    if made_with != _key_id(key):
        raise BackupError(
            _(
                "This archive was encrypted with another key (%(archive)s; BACKUP_KEY is %(configured)s): "
                "nothing was restored."
            )
            % {"archive": made_with.hex(), "configured": _key_id(key).hex()}
        )
    return _DecryptingReader(raw, key, header)


def _unpack(archive_path: Path, into: Path, *, unencrypted: bool) -> None:
    """Decrypt and unpack the whole archive into ``into``: it checks out to its last byte, or raises."""
    with archive_path.open("rb") as raw:
        plain = _open_plain(raw, unencrypted=unencrypted)
        try:
            with tarfile.open(fileobj=plain, mode="r|gz") as archive:
                # The "data" filter refuses absolute paths, links out of the directory and special files.
                archive.extractall(into, filter="data")
            # The end of the .tar.gz is not the end of the encrypted stream: read it to its last chunk.
            while plain.read(CHUNK):
                pass
        except (tarfile.TarError, zlib.error, EOFError, OSError) as error:
            raise BackupError(
                _("The archive is damaged: %(error)s. Nothing was restored.") % {"error": error}
            ) from error


def _restore_database(connection, dump: Path) -> None:
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
            raise _failed("pg_restore", result)


def backup_restore(archive_path: Path, *, database: str = "default", unencrypted: bool = False) -> dict:
    """
    Restore the archive into an empty database and the media directory, then erase again what the
    erasure ledgers (the archive's and this host's) list; return the manifest, with ``erasures``,
    how many records were erased again. ``unencrypted`` accepts an archive that is not encrypted.
    """
    connection = connections[database]
    with connection.cursor() as cursor:
        if connection.introspection.table_names(cursor):
            raise BackupError(_("The database is not empty: restore into a new, empty database (before migrate)."))
    media = _media_root()
    with tempfile.TemporaryDirectory(prefix="pm1-restore-") as work:
        unpacked = Path(work)
        _unpack(archive_path, unpacked, unencrypted=unencrypted)
        try:
            manifest = json.loads((unpacked / MANIFEST).read_text())
            dump = unpacked / manifest["dump"]
        except (OSError, ValueError, KeyError) as error:
            raise BackupError(_("The archive has no manifest: it was not made by `manage.py backup`.")) from error
        if manifest["database"] != connection.vendor:
            raise BackupError(
                _("The backup is of a %(archive)s database, this site uses %(site)s.")
                % {"archive": manifest["database"], "site": connection.vendor}
            )
        try:
            # This host's ledger learns the archive's erasures first, so that none is lost if what follows fails.
            erasures_merge(erasures_read(unpacked / LEDGER))
            entries = erasures_read()
        except ErasureLedgerError as error:
            raise BackupError(str(error)) from error
        _restore_database(connection, dump)
        media.mkdir(parents=True, exist_ok=True)
        if (unpacked / "media").is_dir():
            shutil.copytree(unpacked / "media", media, copy_function=shutil.move, dirs_exist_ok=True)
        manifest["erasures"] = erasures_apply_again(entries, using=database)
    return manifest
