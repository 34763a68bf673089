"""
Complaints in files: the case as the PMO records it (tracks ``parliament`` and ``secretary``), with
the agencies it is referred to. The complainant's personal data has no column on purpose: it would
stay in stored uploads and problem reports, so PMO staff enter it in the admin's complainant record.

A complaint's case number stays required even in an archival import: the only text to derive one
from is the complainant's account, and a fingerprint of it does not belong in a public field.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.choices import Status, Track, Visibility
from imports.items import (
    SOURCE_ALIASES,
    Cells,
    ItemFile,
    assignments_for,
    dates_text,
    item_status_warnings,
    lead_first,
    new_assignments,
)
from imports.problems import Problem, ValueProblem
from imports.references import Ref
from imports.values import (
    VISIBILITY_NAMES,
    choice,
    choice_names,
    line_text,
    list_items,
    long_text,
    partial_date_format,
    source_url_value,
    status_value,
    track_value,
)

from .models import COMPLAINT_TRACKS, Complainant, ComplaintAssignment, ComplaintIndexPage, ComplaintPage

#: The file's columns, in the order exports write them.
COLUMNS = (
    "ref",
    "title_th",
    "track",
    "received_on",
    "channel",
    "mp_or_committee",
    "category",
    "province",
    "district",
    "details",
    "public_summary",
    "agencies",
    "deadline",
    "status",
    "visibility",
    "source_url",
)
KEY = "ref"
_WRITTEN = tuple(column for column in COLUMNS if column != "status")
CHANNEL_NAMES = choice_names(ComplaintPage.Channel, {ComplaintPage.Channel.HOTLINE: ["1111"]})
CATEGORY_NAMES = choice_names(ComplaintPage.Category)
_TRACKS = {value for value, _label in COMPLAINT_TRACKS}


@dataclass
class ComplaintRow:
    """One row, read and checked: what a complaint gets from it, and its ``gaps`` (``date``, ``date_precision``)."""

    number: int
    ref: str
    title_th: str
    track: str
    received_on: date | None
    date_precision: str
    channel: str
    mp_or_committee: str
    category: str
    province: str
    district: str
    details: str
    public_summary: str
    visibility: str
    source_url: str
    agencies: list[Ref]
    deadlines: list[date | None]
    status: str
    gaps: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.ref

    def values(self) -> dict[str, str]:
        return _row(
            **{name: getattr(self, name) for name in _WRITTEN if name not in ("agencies", "deadline")},
            date_precision=self.date_precision,
            agencies=[agency.name for agency in self.agencies],
            deadlines=self.deadlines,
            status=self.status,
        )


def _row(*, agencies, deadlines, received_on, date_precision, **values) -> dict[str, str]:
    """The row as exports write it: the date received only as far as it is known (read back at that precision)."""
    return {
        **values,
        "received_on": partial_date_format(received_on, date_precision),
        "agencies": "; ".join(agencies),
        "deadline": dates_text(deadlines) if deadlines else "",
    }


def _complaint_track(value) -> str:
    track = track_value(value)
    if track not in _TRACKS:
        raise ValueProblem(gettext_noop("A complaint is on the parliament or the secretary track."))
    return track


class ComplaintFile(ItemFile):
    """Reads rows of complaints against the database, and writes them."""

    name = "complaints"
    label = _("Complaints")
    start_column = "received_on"
    columns = COLUMNS
    key = KEY
    model = ComplaintPage
    key_field = "reference"
    written = _WRITTEN
    child_models = (ComplaintAssignment,)
    aliases = SOURCE_ALIASES

    # --- reading ---

    def parse(self, raw) -> tuple[ComplaintRow | None, list]:
        cells = Cells(raw)
        take, values = cells.take, cells.values
        take("ref", lambda v: line_text(v, max_length=60, digits=True), required=True)
        take("title_th", lambda v: line_text(v, max_length=255), required=True)
        take("track", _complaint_track, default=Track.SECRETARY)
        self.take_start(cells, "received_on")
        take("channel", lambda v: choice(v, CHANNEL_NAMES, ", ".join(ComplaintPage.Channel.values)), default="letter")
        take("mp_or_committee", lambda v: line_text(v, max_length=255))
        take("category", lambda v: choice(v, CATEGORY_NAMES, ", ".join(ComplaintPage.Category.values)), default="other")
        take("province", lambda v: line_text(v, max_length=100))
        take("district", lambda v: line_text(v, max_length=100))
        take("details", long_text, required=True)
        take("public_summary", long_text)
        take("visibility", lambda v: choice(v, VISIBILITY_NAMES, "public, internal"), default=Visibility.INTERNAL)
        take("status", status_value)
        take("source_url", source_url_value)
        take("agencies", self.agency_list, joined=True, default=[])
        take("deadline", list_items, joined=True, default=[])
        if values.get("visibility") == Visibility.PUBLIC and not values.get("public_summary"):
            cells.add("public_summary", "", gettext_noop("A public complaint needs a public summary."))
        if values.get("agencies"):
            values["deadline"] = self.deadlines(
                cells, values.get("received_on"), gettext_noop("The deadline cannot be before the date received.")
            )
        else:
            values["deadline"] = []
        if cells.failed:
            return None, cells.problems
        row = ComplaintRow(number=raw.number, deadlines=values.pop("deadline"), gaps=tuple(cells.gaps), **values)
        return row, cells.problems

    # --- the database ---

    def rows_of(self, pages) -> dict[int, dict[str, str]]:
        pages, _english = self.working_copies(pages)
        agency_names = dict(self.agencies.names)
        rows = {}
        for page in pages:
            assignments = lead_first(page.assignments.all())
            rows[page.pk] = _row(
                ref=page.reference,
                title_th=page.title,
                track=page.track,
                received_on=page.received_on,
                date_precision=page.date_precision,
                channel=page.channel,
                mp_or_committee=page.mp_or_committee,
                category=page.category,
                province=page.province,
                district=page.district,
                details=page.details,
                public_summary=page.public_summary,
                agencies=[agency_names[a.agency_id] for a in assignments],
                deadlines=[a.deadline for a in assignments],
                status=page.status,
                visibility=page.visibility,
                source_url=page.source_url,
            )
        return rows

    def all_pages(self):
        return ComplaintPage.objects.filter(locale=self.thai).order_by("reference", "pk")

    def warnings(self, row: ComplaintRow, page) -> list:
        return item_status_warnings(row, page)

    # --- writing ---

    def prepare(self, work):
        self.index = ComplaintIndexPage.objects.filter(locale=self.thai).first()
        if self.index is None:
            return Problem(0, "", "", gettext_noop("There is no Thai complaint index page to import into."))
        return None

    def _fields(self, row: ComplaintRow) -> dict:
        return {
            "reference": row.ref,
            "track": row.track,
            "received_on": row.received_on,
            "date_precision": row.date_precision,
            "channel": row.channel,
            "mp_or_committee": row.mp_or_committee,
            "category": row.category,
            "province": row.province,
            "district": row.district,
            "details": row.details,
            "public_summary": row.public_summary,
            "visibility": row.visibility,
            "source_url": row.source_url,
        }

    def bulk_pages(self, row: ComplaintRow, *, ids, user_id, publish: bool, now):
        stage = ComplaintPage.Stage.REFERRED if row.agencies else ComplaintPage.Stage.RECEIVED
        return self.new_pages(
            ComplaintPage,
            ids=ids,
            parent=self.index,
            english_parent=None,
            slug=row.ref,
            fallback="complaint",
            row=row,
            texts=lambda language: {"title": row.title_th},
            fields={**self._fields(row), "status": Status.NOT_STARTED, "stage": stage},
            user_id=user_id,
            publish=publish,
            now=now,
        )

    def children(self, pages) -> dict:
        return {ComplaintAssignment: [a for page in pages for a in page.assignments.all()]}

    def with_children(self, page, row: ComplaintRow, ids):
        page.assignments = new_assignments(page, row, ids, ComplaintAssignment)
        page.related_directives = []
        page.related_policies = []
        page.wagtail_admin_comments = []
        return page

    def written_new(self, rows, pages, *, publish: bool):
        # Every complaint has its (empty) complainant record, for staff to fill in the admin.
        Complainant.objects.bulk_create([Complainant(complaint_id=page.pk) for page in pages])

    def edit(self, draft, row: ComplaintRow, *, english: bool):
        draft.title = row.title_th
        for name, value in self._fields(row).items():
            setattr(draft, name, value)
        draft.assignments = assignments_for(draft, row, ComplaintAssignment)
        return draft
