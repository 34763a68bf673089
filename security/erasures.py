"""
The erasure ledger: which personal data was erased and when, in a file of its own
(``ERASURE_LEDGER``), outside the database and out of a restore's reach. A restore brings back the
database of its day, data erased since included; it then applies again every erasure this ledger,
and the copy of it inside the archive, lists. A line names what was erased (its subject, the key
of its record, a reference for people), never the data.

The apps that erase personal data sit above this one: they write each erasure here
(``erasure_record``) and answer ``erasures_reapply`` on the restored database.
"""

import json
import os
from pathlib import Path

from django.conf import settings
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

__all__ = [
    "ErasureLedgerError",
    "erasure_record",
    "erasures_apply_again",
    "erasures_merge",
    "erasures_read",
    "erasures_reapply",
]

#: Sent after a restore with ``using`` (the database alias) and ``entries`` (every ledger line).
#: Each receiver erases again, on whatever schema the restored database has (restore comes before
#: ``migrate``), the records of its subject whose data came back, and returns how many there were.
erasures_reapply = Signal()


class ErasureLedgerError(Exception):
    """The ledger cannot be read: the message says where."""


def ledger_path() -> Path:
    return Path(settings.ERASURE_LEDGER)


def erasure_record(*, subject: str, key: int | str, reference: str = "") -> None:
    """
    Append one erasure to the ledger, on disk before returning. Called before the database commits
    the erasure: the ledger may list an erasure that was rolled back (and decided on), never miss one
    that was committed.
    """
    _append([{"subject": subject, "key": key, "reference": reference, "erased_at": timezone.now().isoformat()}])


def _append(entries: list[dict]) -> None:
    path = ledger_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created 0600 and only ever appended to: one line per erasure, each complete or cut short.
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "ab") as ledger:
        ledger.write(b"".join(json.dumps(entry, ensure_ascii=False).encode() + b"\n" for entry in entries))
        ledger.flush()
        os.fsync(ledger.fileno())


def erasures_read(path: Path | None = None) -> list[dict]:
    """
    Every erasure in the ledger at ``path`` (this host's by default; none if it does not exist). A
    last line without its newline is a write cut short, made before its erasure was committed.
    """
    path = path or ledger_path()
    if not path.exists():
        return []
    lines = path.read_bytes().split(b"\n")
    entries = []
    for number, line in enumerate(lines[:-1], start=1):
        try:
            entry = json.loads(line)
        except ValueError:
            entry = None
        if not isinstance(entry, dict) or not {"subject", "key"} <= entry.keys():
            raise ErasureLedgerError(
                _("Line %(number)d of the erasure ledger %(path)s is damaged.") % {"number": number, "path": path}
            )
        entries.append(entry)
    return entries


def _identity(entry: dict) -> tuple[str, str]:
    return entry["subject"], str(entry["key"])


def erasures_merge(entries: list[dict]) -> int:
    """Append to this host's ledger the erasures it does not list yet; return how many."""
    known = {_identity(entry) for entry in erasures_read()}
    missing = []
    for entry in entries:
        if _identity(entry) not in known:
            known.add(_identity(entry))
            missing.append(entry)
    if missing:
        _append(missing)
    return len(missing)


def erasures_apply_again(entries: list[dict], *, using: str = "default") -> int:
    """Erase again, in the database ``using``, what ``entries`` list; return how many records it was."""
    return sum(count for _receiver, count in erasures_reapply.send(sender=None, using=using, entries=entries))
