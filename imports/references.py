"""
Agencies (and, by kind, the like: a directive's occasion) named in a file: found by any of their names,
never guessed. A name that fits several is an error that lists them; an unknown one is an error unless
it may be created.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop

from agencies.models import Agency
from agencies.selectors import AgencyNames as AgencyNameIndex
from agencies.selectors import agency_label, agency_name_key

from .problems import ValueProblem


@dataclass(frozen=True)
class Ref:
    """An agency (or an occasion…): its key when it exists, else ``None`` and the name it will be created with."""

    pk: int | None
    name: str


class AgencyNames:
    """
    Agencies named in a file, found by ``agencies.selectors.AgencyNames`` (code, any name or short
    name, with or without dots, "กระทรวง" or "Ministry of", other names), the same way the API and
    the admin find them.
    """

    def __init__(self, *, create: bool, creatable: bool = True):
        self.create = create
        #: Whether the kind of file may create agencies at all (--create-agencies), to say so or not.
        self.creatable = creatable
        self.index = AgencyNameIndex()
        self.pending = {}

    @property
    def names(self) -> dict[int, str]:
        """Every agency's Thai name by key."""
        return {pk: agency.name_th for pk, agency in self.index.agencies.items()}

    def find(self, text: str) -> Ref:
        found = self.index.matches(text)
        if len(found) == 1:
            return Ref(found[0].pk, found[0].name_th)
        if found:
            raise ValueProblem(
                gettext_noop("“%(value)s” fits several agencies (%(names)s): use the agency's code."),
                value=text,
                names=", ".join(f"{agency_label(agency)} [{agency.code}]" for agency in found),
            )
        if self.create:
            return self.pending.setdefault(agency_name_key(text), Ref(None, " ".join(text.split())))
        closest = ", ".join(agency_label(agency) for agency in self.index.closest(text))
        if closest and self.creatable:
            raise ValueProblem(
                gettext_noop(
                    "Unknown agency “%(value)s”: did you mean %(names)s? Otherwise allow new agencies to be created."
                ),
                value=text,
                names=closest,
            )
        if closest:
            raise ValueProblem(
                gettext_noop("Unknown agency “%(value)s”: did you mean %(names)s?"), value=text, names=closest
            )
        if self.creatable:
            raise ValueProblem(
                gettext_noop(
                    "Unknown agency “%(value)s”: expected the code, Thai or English name or short name of an "
                    "agency in PM1, or allow new agencies to be created."
                ),
                value=text,
            )
        raise ValueProblem(
            gettext_noop(
                "Unknown agency “%(value)s”: expected the code, Thai or English name or short name of an agency in PM1."
            ),
            value=text,
        )

    def created(self, ref: Ref) -> Ref:
        """The agency ``ref`` names, created now if it is still pending (codes IMP-0001, IMP-0002…)."""
        if ref.pk is not None:
            return ref
        found = self.index.resolve(ref.name)
        if found is not None:
            return Ref(found.pk, ref.name)
        number = Agency.objects.filter(code__startswith="IMP-").count() + 1
        while Agency.objects.filter(code=f"IMP-{number:04d}").exists():
            number += 1
        agency = Agency.objects.create(code=f"IMP-{number:04d}", name_th=ref.name, kind=Agency.Kind.OTHER)
        self.index.add(agency)
        return Ref(agency.pk, agency.name_th)
