"""
Agencies and occasions named in a file: found by any of their names, never guessed. A name that fits
several is an error that lists them; an unknown one is an error unless it may be created.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_noop

from agencies.models import Agency
from directives.models import Occasion

from .problems import ValueProblem
from .values import key

_MINISTRY = "กระทรวง"


@dataclass(frozen=True)
class Ref:
    """An agency or occasion: its key when it exists, else ``None`` and the name it will be created with."""

    pk: int | None
    name: str


def _dotless(text: str) -> str:
    return key(text).replace(".", "").replace(" ", "")


class AgencyNames:
    """Every agency by code, Thai and English name (with or without "กระทรวง") and short names."""

    def __init__(self, *, create: bool, creatable: bool = True):
        self.create = create
        #: Whether the kind of file may create agencies at all (--create-agencies), to say so or not.
        self.creatable = creatable
        self.names = {}
        self.keys = {}
        self.pending = {}
        for agency in Agency.objects.only("pk", "code", "name_th", "name_en", "short_name_th", "short_name_en"):
            self._add(agency)

    def _add(self, agency):
        self.names[agency.pk] = agency.name_th
        full = [key(agency.code), key(agency.name_th), key(agency.name_th).removeprefix(_MINISTRY).strip()]
        if agency.name_en:
            full.append(key(agency.name_en))
        short = [_dotless(name) for name in (agency.short_name_th, agency.short_name_en) if name]
        for name in {*full, *short} - {""}:
            self.keys.setdefault(name, set()).add(agency.pk)

    def find(self, text: str) -> Ref:
        name = key(text)
        found = set()
        for candidate in (name, name.removeprefix(_MINISTRY).strip(), _dotless(text)):
            found |= self.keys.get(candidate, set())
        if len(found) == 1:
            pk = found.pop()
            return Ref(pk, self.names[pk])
        if found:
            raise ValueProblem(
                gettext_noop("“%(value)s” fits several agencies (%(names)s): use the agency's code."),
                value=text,
                names=", ".join(sorted(self.names[pk] for pk in found)),
            )
        if not self.create and self.creatable:
            raise ValueProblem(
                gettext_noop(
                    "Unknown agency “%(value)s”: expected the code, Thai or English name or short name of an "
                    "agency in PM1, or allow new agencies to be created."
                ),
                value=text,
            )
        if not self.create:
            raise ValueProblem(
                gettext_noop(
                    "Unknown agency “%(value)s”: expected the code, Thai or English name or short name of an "
                    "agency in PM1."
                ),
                value=text,
            )
        return self.pending.setdefault(name, Ref(None, " ".join(text.split())))

    def created(self, ref: Ref) -> Ref:
        """The agency ``ref`` names, created now if it is still pending (codes IMP-0001, IMP-0002…)."""
        if ref.pk is not None:
            return ref
        found = self.keys.get(key(ref.name))
        if found:
            return Ref(next(iter(found)), ref.name)
        number = Agency.objects.filter(code__startswith="IMP-").count() + 1
        while Agency.objects.filter(code=f"IMP-{number:04d}").exists():
            number += 1
        agency = Agency.objects.create(code=f"IMP-{number:04d}", name_th=ref.name, kind=Agency.Kind.OTHER)
        self._add(agency)
        return Ref(agency.pk, agency.name_th)


class OccasionNames:
    """Occasions by Thai or English title; where titles repeat, the one on the directive's date."""

    def __init__(self):
        self.keys = {}
        self.pending = {}
        for occasion in Occasion.objects.only("pk", "title_th", "title_en", "date"):
            self._add(occasion)

    def _add(self, occasion):
        for title in {key(occasion.title_th), key(occasion.title_en)} - {""}:
            self.keys.setdefault(title, []).append((occasion.pk, occasion.date, occasion.title_th))

    def find(self, text: str, day: date | None) -> Ref:
        found = self.keys.get(key(text), [])
        if len(found) > 1:
            found = [occasion for occasion in found if occasion[1] == day]
            if len(found) != 1:
                raise ValueProblem(
                    gettext_noop("Several occasions are called “%(value)s” and none is on the issue date."), value=text
                )
        if found:
            return Ref(found[0][0], found[0][2])
        # A new occasion is dated by the first directive given at it.
        self.pending.setdefault(key(text), (" ".join(text.split()), day))
        return Ref(None, self.pending[key(text)][0])

    def created(self, ref: Ref) -> Ref:
        if ref.pk is not None:
            return ref
        found = self.keys.get(key(ref.name))
        if found:
            return Ref(found[0][0], ref.name)
        title, day = self.pending[key(ref.name)]
        occasion = Occasion.objects.create(title_th=title, date=day, kind=Occasion.Kind.OTHER)
        self._add(occasion)
        return Ref(occasion.pk, occasion.title_th)
