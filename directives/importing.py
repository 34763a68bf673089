"""
Directives in files: the columns, how a row becomes a directive, how a directive becomes a row.

A row and a directive are compared through the row the directive would export as, so a file that was
exported, or imported before, changes nothing; a row that differs updates the directive.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.choices import Status, Track, Visibility
from core.richtext import richtext_from_text, text_from_richtext
from imports.items import (
    SOURCE_ALIASES,
    Cells,
    ItemFile,
    assignments_for,
    dates_text,
    item_status_warnings,
    lead_first,
    new_assignments,
    set_text,
)
from imports.problems import Problem, ValueProblem
from imports.references import Ref
from imports.values import (
    VISIBILITY_NAMES,
    choice,
    choice_names,
    key,
    line_text,
    list_items,
    long_text,
    partial_date_format,
    source_url_value,
    status_value,
    track_value,
)

from .models import DirectiveAssignment, DirectiveIndexPage, DirectivePage, Occasion

#: The file's columns, in the order exports write them. The first eleven are the stable contract;
#: priority and visibility follow so that an export keeps internal directives internal, and the
#: source link of an archival record.
COLUMNS = (
    "ref",
    "title_th",
    "body_th",
    "title_en",
    "body_en",
    "issued_on",
    "occasion",
    "track",
    "agencies",
    "deadline",
    "status",
    "priority",
    "visibility",
    "source_url",
)
KEY = "ref"
# What a row sets; the status is derived from progress updates and only checked.
_WRITTEN = tuple(column for column in COLUMNS if column != "status")
PRIORITY_NAMES = choice_names(DirectivePage.Priority)


class OccasionNames:
    """Occasions named in a file, by Thai or English title; where titles repeat, the one on the directive's date."""

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


@dataclass
class DirectiveRow:
    """
    One row, read and checked: the values a directive gets from it, and its ``gaps``: what an
    archival record lacks (``issued_on``, ``agencies``, ``date_precision``, ``ref``), imported and marked.
    """

    number: int
    ref: str
    title_th: str
    body_th: str
    title_en: str
    body_en: str
    issued_on: date | None
    date_precision: str
    source_url: str
    occasion: Ref | None
    track: str
    priority: str
    visibility: str
    agencies: list[Ref]
    deadlines: list[date | None]
    status: str
    gaps: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.ref

    def values(self) -> dict[str, str]:
        return _row(
            ref=self.ref,
            title_th=self.title_th,
            body_th=self.body_th,
            title_en=self.title_en,
            body_en=self.body_en,
            issued_on=self.issued_on,
            date_precision=self.date_precision,
            source_url=self.source_url,
            occasion=self.occasion.name if self.occasion else "",
            track=self.track,
            agencies=[agency.name for agency in self.agencies],
            deadlines=self.deadlines,
            status=self.status,
            priority=self.priority,
            visibility=self.visibility,
        )


def _row(*, agencies, deadlines, issued_on, date_precision, **values) -> dict[str, str]:
    """
    The row as exports write it: dates in BE (the issue date only as far as it is known, which the
    import reads back at that precision), one deadline when all agencies share it.
    """
    return {
        **values,
        "issued_on": partial_date_format(issued_on, date_precision),
        "agencies": "; ".join(agencies),
        "deadline": dates_text(deadlines),
    }


class DirectiveFile(ItemFile):
    """Reads rows of directives against the database, and writes them."""

    name = "directives"
    label = _("Directives")
    start_column = "issued_on"
    columns = COLUMNS
    key = KEY
    model = DirectivePage
    key_field = "reference"
    written = _WRITTEN
    child_models = (DirectiveAssignment,)
    translated = True
    aliases = SOURCE_ALIASES

    def __init__(self, *, create_agencies: bool, strict: bool = False):
        super().__init__(create_agencies=create_agencies, strict=strict)
        self.occasions = OccasionNames()

    # --- reading ---

    def parse(self, raw) -> tuple[DirectiveRow | None, list]:
        cells = Cells(raw)
        take, values = cells.take, cells.values
        take("title_th", lambda v: line_text(v, max_length=255), required=True)
        take("body_th", long_text, required=True)
        self.take_ref(cells, "ref", lambda v: line_text(v, max_length=60, digits=True), texts=("title_th", "body_th"))
        take("title_en", lambda v: line_text(v, max_length=255))
        take("body_en", long_text)
        self.take_start(cells, "issued_on")
        take("source_url", source_url_value)
        take("track", track_value, default=Track.POLICY)
        take("priority", lambda v: choice(v, PRIORITY_NAMES, "normal, high, urgent"), default="normal")
        take("visibility", lambda v: choice(v, VISIBILITY_NAMES, "public, internal"), default=Visibility.PUBLIC)
        take("status", status_value)
        # A new occasion is dated by its first directive, only by a whole date: never by a day not recorded.
        day = values.get("issued_on") if values.get("date_precision") == "day" else None
        take("occasion", lambda v: self.occasions.find(line_text(v), day), default=None)
        self.take_agencies(cells)
        take("deadline", list_items, joined=True, default=[])
        if values.get("body_en") and not values.get("title_en"):
            cells.add("title_en", "", gettext_noop("An English body needs an English title."))
        values["deadline"] = self.agency_deadlines(
            cells, values.get("issued_on"), gettext_noop("The deadline cannot be before the issue date.")
        )
        if cells.failed:
            return None, cells.problems
        row = DirectiveRow(number=raw.number, deadlines=values.pop("deadline"), gaps=tuple(cells.gaps), **values)
        return row, cells.problems

    # --- the database ---

    def rows_of(self, pages) -> dict[int, dict[str, str]]:
        """Each Thai directive as a row (its latest revision: drafts are exported as the admin shows them)."""
        pages, english = self.working_copies(pages)
        agency_names = dict(self.agencies.names)
        occasions = dict(Occasion.objects.values_list("pk", "title_th"))
        rows = {}
        for page in pages:
            assignments = lead_first(page.assignments.all())
            translation = english.get(page.translation_key)
            rows[page.pk] = _row(
                ref=page.reference,
                title_th=page.title,
                body_th=text_from_richtext(page.body),
                title_en=translation.title if translation else "",
                body_en=text_from_richtext(translation.body) if translation else "",
                issued_on=page.issued_on,
                date_precision=page.date_precision,
                source_url=page.source_url,
                occasion=occasions.get(page.occasion_id, ""),
                track=page.track,
                agencies=[agency_names[a.agency_id] for a in assignments],
                deadlines=[a.deadline for a in assignments],
                status=page.status,
                priority=page.priority,
                visibility=page.visibility,
            )
        return rows

    def all_pages(self):
        return DirectivePage.objects.filter(locale=self.thai).order_by("reference", "pk")

    def warnings(self, row: DirectiveRow, page) -> list:
        return item_status_warnings(row, page)

    def new_names(self, rows) -> dict[str, list[str]]:
        occasions = sorted({row.occasion.name for row in rows if row.occasion and row.occasion.pk is None})
        return {**super().new_names(rows), "occasions": occasions}

    # --- writing ---

    def prepare(self, work):
        """Parent pages for new directives: the Thai directive index, and the English one (made when needed)."""
        self.index = DirectiveIndexPage.objects.filter(locale=self.thai).first()
        if self.index is None:
            return Problem(0, "", "", gettext_noop("There is no Thai directive index page to import into."))
        self.english_index = DirectiveIndexPage.objects.filter(locale=self.english).first() if self.english else None
        if any(row.title_en for row, page in work if page is None):
            with transaction.atomic():
                self.ensure_english_index()
        return None

    def ensure_english_index(self):
        """The English directive index, translated from the Thai one the way the admin does, when missing."""
        if self.english_index is None and self.english is not None:
            translation = self.index.copy_for_translation(self.english, copy_parents=True)
            translation.save_revision(log_action=True).publish()
            self.english_index = DirectiveIndexPage.objects.get(pk=translation.pk)

    def new_translation(self, page):
        self.ensure_english_index()
        return super().new_translation(page)

    def resolve(self, row: DirectiveRow):
        super().resolve(row)
        if row.occasion is not None:
            row.occasion = self.occasions.created(row.occasion)

    def bulk_pages(self, row: DirectiveRow, *, ids, user_id, publish: bool, now):
        """The new directive (and its English translation) as unsaved pages with their histories."""
        thai_body = richtext_from_text(row.body_th)

        def texts(language):
            if language == "th":
                return {"title": row.title_th, "body": thai_body}
            return {"title": row.title_en, "body": richtext_from_text(row.body_en) if row.body_en else thai_body}

        return self.new_pages(
            DirectivePage,
            ids=ids,
            parent=self.index,
            english_parent=self.english_index,
            slug=row.ref,
            fallback="directive",
            row=row,
            texts=texts,
            fields={
                "reference": row.ref,
                "issued_on": row.issued_on,
                "date_precision": row.date_precision,
                "source_url": row.source_url,
                "occasion_id": row.occasion.pk if row.occasion else None,
                "track": row.track,
                "priority": row.priority,
                "visibility": row.visibility,
                "status": Status.NOT_STARTED,
            },
            user_id=user_id,
            publish=publish,
            now=now,
        )

    def children(self, pages) -> dict:
        return {DirectiveAssignment: [a for page in pages for a in page.assignments.all()]}

    def with_children(self, page, row: DirectiveRow, ids):
        page.assignments = new_assignments(page, row, ids, DirectiveAssignment)
        page.related_policies = []
        page.wagtail_admin_comments = []
        return page

    def edit(self, draft, row: DirectiveRow, *, english: bool):
        if english:
            set_text(draft, "title", row.title_en or draft.title)
            set_text(draft, "body", row.body_en or text_from_richtext(draft.body), rich=True)
        else:
            set_text(draft, "title", row.title_th)
            set_text(draft, "body", row.body_th, rich=True)
        draft.reference = row.ref
        draft.issued_on = row.issued_on
        draft.date_precision = row.date_precision
        draft.source_url = row.source_url
        draft.occasion_id = row.occasion.pk if row.occasion else None
        draft.track = row.track
        draft.priority = row.priority
        draft.visibility = row.visibility
        draft.assignments = assignments_for(draft, row, DirectiveAssignment)
        return draft
