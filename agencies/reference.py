"""
The government's agency list (agencies/data/agencies.csv, sources in agencies/data/README.md) and
the one way it reaches the database: the data migration and ``load_agencies`` both call
``agencies_load``, which updates agencies in place by code, keeps every former name as another
name, never duplicates and leaves agencies that are not in the list alone.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import Agency, alias_list
from .selectors import agency_name_key

DEFAULT_FILE = Path(__file__).parent / "data" / "agencies.csv"
COLUMNS = ("code", "parent", "kind", "name_th", "name_en", "short_name_th", "short_name_en", "aliases")
_KINDS = ("ministry", "department", "office", "independent", "other")
# The fields the list owns; ``is_active`` and memberships stay the editors'.
_FIELDS = ("name_th", "name_en", "short_name_th", "short_name_en", "kind")


class ReferenceError(ValueError):
    """The agency file cannot be read as the list: the message says where and why."""


@dataclass(frozen=True)
class ReferenceAgency:
    """One row of the agency list."""

    code: str
    parent: str
    kind: str
    name_th: str
    name_en: str
    short_name_th: str
    short_name_en: str
    aliases: tuple[str, ...]


@dataclass
class LoadReport:
    """What loading the list did (or, in a dry run, would do), by agency code."""

    created: list[str] = field(default_factory=list)
    #: code → {field: (old, new)}
    updated: dict[str, dict[str, tuple]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)


def _cell(row: dict, column: str) -> str:
    return " ".join((row.get(column) or "").split())


def reference_agencies(path: Path | str = DEFAULT_FILE) -> list[ReferenceAgency]:
    """The rows of the agency file, checked: known kinds, unique codes, each parent listed before its children."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise ReferenceError(f"{path}: missing columns {', '.join(sorted(missing))}")
        rows = []
        codes = set()
        for line, row in enumerate(reader, start=2):
            agency = ReferenceAgency(
                code=_cell(row, "code"),
                parent=_cell(row, "parent"),
                kind=_cell(row, "kind"),
                name_th=_cell(row, "name_th"),
                name_en=_cell(row, "name_en"),
                short_name_th=_cell(row, "short_name_th"),
                short_name_en=_cell(row, "short_name_en"),
                aliases=tuple(name.strip() for name in (row.get("aliases") or "").split(";") if name.strip()),
            )
            if not agency.code or not agency.name_th:
                raise ReferenceError(f"{path}, line {line}: an agency needs a code and a Thai name")
            if agency.code in codes:
                raise ReferenceError(f"{path}, line {line}: the code {agency.code} is listed twice")
            if agency.kind not in _KINDS:
                raise ReferenceError(f"{path}, line {line}: unknown kind {agency.kind!r}")
            if agency.parent and agency.parent not in codes:
                raise ReferenceError(f"{path}, line {line}: the parent {agency.parent} must be listed before")
            codes.add(agency.code)
            rows.append(agency)
    return rows


def _merged_aliases(current: list[str], *extra: str, names: tuple[str, ...]) -> str:
    """``current`` other names and ``extra`` ones, each once, without the agency's own names."""
    own = {agency_name_key(name) for name in names if name}
    merged, seen = [], set()
    for name in (*current, *extra):
        key = agency_name_key(name)
        if name and key not in own and key not in seen:
            seen.add(key)
            merged.append(name)
    return "\n".join(merged)


def _by_name(model, row: ReferenceAgency, listed: set[str]):
    """An agency not in the list that already carries one of ``row``'s full names (made by hand or an import)."""
    wanted = {agency_name_key(name) for name in (row.name_th, row.name_en, *row.aliases) if name}
    for agency in model.objects.exclude(code__in=listed):
        names = (agency.name_th, agency.name_en, *alias_list(agency.aliases))
        if wanted & {agency_name_key(name) for name in names if name}:
            return agency
    return None


@transaction.atomic
def agencies_load(*, rows: list[ReferenceAgency], model=None, dry_run: bool = False) -> LoadReport:
    """
    Bring the agencies in step with ``rows``: an agency is found by its code, then by any of its
    full names (it then takes the list's code, its old code kept as another name); otherwise it is
    created. A changed name is updated in place, the old one kept among the other names, so files
    and links that use it still find the same agency, its assignments and history. ``model`` is
    the Agency model to use (a data migration passes its historical one). ``dry_run`` reports and
    rolls back.
    """
    model = model or Agency
    report = LoadReport()
    listed = {row.code for row in rows}
    saved = {}
    for row in rows:
        agency = model.objects.filter(code=row.code).first() or _by_name(model, row, listed)
        parent = saved[row.parent] if row.parent else None
        wanted = {name: getattr(row, name) for name in _FIELDS}
        if agency is None:
            agency = model(code=row.code, parent=parent, aliases="\n".join(row.aliases), **wanted)
            agency.save()
            report.created.append(row.code)
            saved[row.code] = agency
            continue
        changes = {}
        old = {name: getattr(agency, name) for name in ("code", *_FIELDS)}
        for name, value in (("code", row.code), *wanted.items()):
            if old[name] != value:
                changes[name] = (old[name], value)
        if agency.parent_id != (parent.pk if parent else None):
            changes["parent"] = (agency.parent.code if agency.parent_id else "", row.parent)
        former = [old[name] for name in ("code", "name_th", "name_en", "short_name_th") if name in changes]
        aliases = _merged_aliases(
            alias_list(agency.aliases),
            *row.aliases,
            *former,
            names=(row.code, row.name_th, row.name_en, row.short_name_th, row.short_name_en),
        )
        if aliases != agency.aliases:
            changes["aliases"] = (agency.aliases, aliases)
        if changes:
            agency.code = row.code
            agency.parent = parent
            agency.aliases = aliases
            for name, value in wanted.items():
                setattr(agency, name, value)
            agency.save()
            report.updated[row.code] = changes
        else:
            report.unchanged.append(row.code)
        saved[row.code] = agency
    if dry_run:
        transaction.set_rollback(True)
    return report
