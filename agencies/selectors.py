"""Reads about agencies and who belongs to them, and the one way an agency is found by name."""

import difflib
import re
from functools import cache

import icu
from django.utils.translation import get_language
from wagtail.models import Page

from core.choices import Status
from core.kinds import kinds
from core.text import normalise
from core.thai import to_arabic_digits

from .models import Agency, agency_known_names


def agency_public_assignments(*, agency, locale) -> list:
    """
    The agency's assignments on the public, published items of ``locale`` of the kinds an agency's
    page lists (``core.kinds.Kind.on_agency_page``: directives and policies), view restrictions
    respected, the item updated last first, each with its page (``assignment.page``).
    """
    public = Page.objects.live().public().filter(locale=locale).values("pk")
    found = []
    for kind in kinds():
        if not kind.on_agency_page:
            continue
        model = kind.model._meta.get_field("assignments").related_model
        found += list(
            model.objects.filter(agency=agency, page__visibility="public", page__in=public).select_related("page")
        )
    return sorted(found, key=lambda a: a.page.last_published_at, reverse=True)


def on_time_rate(assignments, *, today) -> float | None:
    """
    Of the assignments that are due (deadline passed) or completed, the share completed by their
    deadline; ``None`` when none is due yet. Completed work without a deadline counts as on time.
    """
    due = on_time = 0
    for assignment in assignments:
        completed = assignment.status == Status.COMPLETED
        if completed:
            due += 1
            deadline, done = assignment.deadline, assignment.completed_on
            on_time += deadline is None or done is None or done <= deadline
        elif assignment.status != Status.NOT_PURSUED and assignment.deadline and assignment.deadline < today:
            due += 1
    return on_time / due if due else None


# What officials put before a name and leave out as often: กระทรวงสาธารณสุข, สาธารณสุข; Ministry of
# Public Health, Public Health.
_PREFIXES = ("กระทรวง", "ministry of the ", "ministry of ", "the ")
# Words that begin so many names that two names sharing only them are not alike (กรมลึกลับ, กรมพลศึกษา).
_GENERIC = ("สำนักงาน", "กระทรวง", "กรม", "office of the ", "office of ", "department of ")
_CLOSE = 0.75
_LOOSE = re.compile(r"[\s.\u0e2f'’\-]")


def agency_name_key(text) -> str:
    """How names compare exactly: normalised (NFC, no zero-width characters), case-folded, Arabic digits."""
    return " ".join(to_arabic_digits(normalise(str(text))).casefold().split())


def agency_loose_key(text) -> str:
    """How names compare loosely: the exact key without dots, spaces and hyphens (สธ. = สธ = ส.ธ. = ส ธ)."""
    return _LOOSE.sub("", agency_name_key(text))


def _without_prefix(key: str) -> str:
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key.removeprefix(prefix).strip()
    return key


def _generic_stripped(key: str) -> str:
    for word in _GENERIC:
        if key.startswith(word.replace(" ", "")) and len(key) > len(word):
            return key.removeprefix(word.replace(" ", ""))
    return key


def agency_label(agency) -> str:
    """The Thai name with the short name after it, as a problem names an agency: กระทรวงสาธารณสุข (สธ.)."""
    return f"{agency.name_th} ({agency.short_name_th})" if agency.short_name_th else agency.name_th


class AgencyNames:
    """
    Agencies by every name they are known by, in three tiers tried in order: the code; any name as
    written (normalised, case-folded); any name loosely (without dots, spaces, "กระทรวง" or "Ministry
    of"). The first tier that finds something decides, so "กพร." (กรมพัฒนาฝีมือแรงงาน) and "ก.พ.ร."
    (สำนักงาน ก.พ.ร.) stay apart while "กพร" fits both and is reported as such.

    ``agencies`` defaults to every agency; a data migration passes its historical model's rows.
    """

    def __init__(self, agencies=None):
        if agencies is None:
            agencies = Agency.objects.only(
                "pk", "code", "name_th", "name_en", "short_name_th", "short_name_en", "aliases"
            )
        self.agencies = {}
        self.codes = {}
        self.exact = {}
        self.loose = {}
        for agency in agencies:
            self.add(agency)

    def add(self, agency) -> None:
        """Know ``agency`` (one just created, say) by all its names."""
        self.agencies[agency.pk] = agency
        self.codes.setdefault(agency_name_key(agency.code), set()).add(agency.pk)
        for name in agency_known_names(agency):
            key = agency_name_key(name)
            self.exact.setdefault(key, set()).add(agency.pk)
            for loose in {agency_loose_key(key), agency_loose_key(_without_prefix(key))} - {""}:
                self.loose.setdefault(loose, set()).add(agency.pk)

    def matches(self, text) -> list:
        """The agencies ``text`` names, from the first tier that finds any: one, several (ambiguous) or none."""
        key = agency_name_key(text)
        if not key:
            return []
        loose = {agency_loose_key(key), agency_loose_key(_without_prefix(key))} - {""}
        for found in (
            self.codes.get(key, set()),
            self.exact.get(key, set()),
            set().union(*(self.loose.get(name, set()) for name in loose)),
        ):
            if found:
                return sorted((self.agencies[pk] for pk in found), key=lambda agency: agency.code)
        return []

    def resolve(self, text):
        """The one agency ``text`` names, or ``None`` when it names none or several."""
        found = self.matches(text)
        return found[0] if len(found) == 1 else None

    def closest(self, text, *, limit: int = 3) -> list:
        """The agencies whose names look most like ``text``, best first (for "did you mean …?")."""
        key = _generic_stripped(agency_loose_key(_without_prefix(agency_name_key(text))))
        if not key:
            return []
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(key)
        scores = {}
        for name, pks in self.loose.items():
            matcher.set_seq1(_generic_stripped(name))
            if matcher.real_quick_ratio() < _CLOSE or matcher.quick_ratio() < _CLOSE:
                continue
            score = matcher.ratio()
            if score >= _CLOSE:
                for pk in pks:
                    scores[pk] = max(score, scores.get(pk, 0))
        ranked = sorted(scores, key=lambda pk: (-scores[pk], self.agencies[pk].code))
        return [self.agencies[pk] for pk in ranked[:limit]]


def agency_resolve(text):
    """The one agency that ``text`` names (code, any name or short name, other names), or ``None``."""
    return AgencyNames().resolve(text)


def agencies_named(text) -> list:
    """Every agency that ``text`` could name (several when it is ambiguous): for searches and filters."""
    return AgencyNames().matches(text)


@cache
def _collator(language: str):
    """ICU's collation for a language: Thai order skips leading vowels (เกษตร files under ก)."""
    return icu.Collator.createInstance(icu.Locale(language))


def agency_sort_key(agency) -> bytes:
    """An agency's place by its name in the active language, in that language's dictionary order."""
    language = "en" if (get_language() or "").startswith("en") else "th"
    return _collator(language).getSortKey(agency.name)


def agencies_in_hierarchy(agencies) -> list[tuple]:
    """
    The agencies as the government's list reads: each top-level body (a ministry, an independent
    body…; an agency whose parent is not among them counts as one) in dictionary order, followed by
    the agencies under it, in the same order and depth first. Pairs of (agency, depth from 0).
    """
    agencies = list(agencies)
    present = {agency.pk for agency in agencies}
    children = {}
    for agency in sorted(agencies, key=agency_sort_key):
        parent = agency.parent_id if agency.parent_id in present else None
        children.setdefault(parent, []).append(agency)
    ordered = []
    stack = [(agency, 0) for agency in reversed(children.get(None, []))]
    while stack:
        agency, depth = stack.pop()
        ordered.append((agency, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(agency.pk, [])))
    # Agencies that are each other's ancestors (made before ``Agency.clean`` refused it) still show.
    listed = {agency.pk for agency, _ in ordered}
    return ordered + [(agency, 0) for agency in sorted(agencies, key=agency_sort_key) if agency.pk not in listed]
