"""
Progress updates in files: historical reports on every kind of tracked item. A row is keyed by its item
(a directive's, complaint's or foreign-affairs commitment's reference, or a policy's number), its agency
and the end of its period.

History is not moderated again: with ``--publish`` the updates are published by the importing user,
recorded in the audit log like any publication, and the statuses of the items' assignments are derived
from them at once; without it they are drafts that go through moderation as usual.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_noop, override
from wagtail.models import Page

from agencies.models import Agency
from core.models import tracked_item_models
from core.richtext import richtext_from_text, text_from_richtext
from updates.models import ProgressUpdatePage
from updates.services import item_refresh_status, update_default_title

from .items import Cells, ItemFile, set_text, with_revisions, working_copy
from .problems import ValueProblem
from .references import Ref
from .values import date_format, date_value, key, line_text, long_text, status_value

#: The file's columns, in the order exports write them.
COLUMNS = (
    "item",
    "agency",
    "period_start",
    "period_end",
    "status",
    "percent_complete",
    "status_reason",
    "narrative",
    "public_summary",
    "title",
)
KEY = "item"


@dataclass
class UpdateRow:
    """One row, read and checked: the values a progress update gets from it."""

    number: int
    item: str
    item_id: int
    agency: Ref
    period_start: date
    period_end: date
    status: str
    percent_complete: int
    status_reason: str
    narrative: str
    public_summary: str
    title: str

    @property
    def key(self) -> tuple:
        return (self.item_id, self.agency.pk, self.period_end)

    @property
    def agencies(self) -> list[Ref]:
        return [self.agency]

    def values(self) -> dict[str, str]:
        return _row(
            item=self.item,
            agency=self.agency.name,
            period_start=self.period_start,
            period_end=self.period_end,
            status=self.status,
            percent_complete=self.percent_complete,
            status_reason=self.status_reason,
            narrative=self.narrative,
            public_summary=self.public_summary,
            title=self.title,
        )


def _row(*, period_start, period_end, percent_complete, **values) -> dict[str, str]:
    return {
        **values,
        "period_start": date_format(period_start),
        "period_end": date_format(period_end),
        "percent_complete": str(percent_complete),
    }


def _percent(value) -> int:
    text = line_text(value, digits=True).removesuffix("%").strip()
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is None or not number.is_integer() or not 0 <= number <= 100:
        raise ValueProblem(gettext_noop("Not a whole number from 0 to 100."))
    return int(number)


class UpdateFile(ItemFile):
    """Reads rows of progress updates against the database, and writes them."""

    columns = COLUMNS
    key = KEY
    written = COLUMNS
    creates_agencies = False

    def __init__(self, *, create_agencies: bool, strict: bool = False):
        if create_agencies:
            raise ValueError("Progress updates are reported by agencies already assigned: none is created.")
        super().__init__(create_agencies=False, strict=strict)
        # Items by their key as a file writes it, their tree paths, and the agencies assigned to them.
        self.items, self.item_paths, self.assigned = {}, {}, {}
        for model in tracked_item_models():
            rows = model.objects.filter(locale=self.thai).values_list("pk", model.reference_field, "path")
            for pk, text, path in rows:
                if text:
                    self.items.setdefault(key(text), []).append((pk, text))
                    self.item_paths[path] = (pk, text)
            assignments = model._meta.get_field("assignments").related_model
            for page_id, agency_id in assignments.objects.values_list("page_id", "agency_id"):
                self.assigned.setdefault(page_id, set()).add(agency_id)

    # --- reading ---

    def _item(self, value) -> tuple[int, str]:
        found = self.items.get(key(line_text(value, digits=True)), [])
        if not found:
            raise ValueProblem(
                gettext_noop(
                    "No directive, complaint or foreign-affairs commitment with this reference and no policy with "
                    "this number is in PM1."
                )
            )
        if len(found) > 1:
            raise ValueProblem(gettext_noop("Several items are numbered so: which one cannot be told."))
        return found[0]

    def parse(self, raw) -> tuple[UpdateRow | None, list]:
        cells = Cells(raw)
        take, values = cells.take, cells.values
        take("item", self._item, required=True)
        take("agency", lambda v: self.agencies.find(line_text(v)), required=True)
        take("period_start", date_value, required=True)
        take("period_end", date_value, required=True)
        take("status", status_value, required=True)
        take("percent_complete", _percent, required=True)
        take("status_reason", long_text)
        take("narrative", long_text)
        take("public_summary", long_text)
        take("title", lambda v: line_text(v, max_length=255))
        start, end = values.get("period_start"), values.get("period_end")
        if start and end and end < start:
            cells.add("period_end", date_format(end), gettext_noop("The reporting period cannot end before it starts."))
        item, agency = values.get("item"), values.get("agency")
        if item and agency and agency.pk not in self.assigned.get(item[0], set()):
            cells.add(
                "agency",
                agency.name,
                gettext_noop("%(agency)s is not assigned to %(item)s."),
                agency=agency.name,
                item=item[1],
            )
        if cells.failed:
            return None, cells.problems
        item_id, values["item"] = values["item"]
        if not values["title"]:
            values["title"] = self._default_title(agency, end)
        return UpdateRow(number=raw.number, item_id=item_id, **values), cells.problems

    def _default_title(self, agency: Ref, period_end: date) -> str:
        # Named in Thai, as the admin names a Thai item's updates.
        with override("th"):
            return str(update_default_title(agency=Agency.objects.get(pk=agency.pk), period_end=period_end))

    # --- the database ---

    def _updates(self):
        return ProgressUpdatePage.objects.filter(locale=self.thai)

    def _item_of(self, page) -> tuple[int, str]:
        return self.item_paths.get(page.path[: -ProgressUpdatePage.steplen], (None, ""))

    def existing(self, keys) -> dict[tuple, ProgressUpdatePage]:
        keys = set(keys)
        pages = {}
        for page in self._updates().filter(period_end__in={wanted[2] for wanted in keys}).order_by("path"):
            found = (self._item_of(page)[0], page.agency_id, page.period_end)
            if found in keys:
                pages.setdefault(found, page)
        return pages

    def rows_of(self, pages) -> dict[int, dict[str, str]]:
        """Each Thai update as a row (its latest revision: drafts are exported as the admin shows them)."""
        agency_names = dict(self.agencies.names)
        rows = {}
        for page in [working_copy(page) for page in with_revisions(pages)]:
            rows[page.pk] = _row(
                item=self._item_of(page)[1],
                agency=agency_names[page.agency_id],
                period_start=page.period_start,
                period_end=page.period_end,
                status=page.status_claim,
                percent_complete=page.percent_complete,
                status_reason=page.status_reason,
                narrative=text_from_richtext(page.narrative),
                public_summary=page.public_summary,
                title=page.title,
            )
        return rows

    def all_pages(self):
        """Every Thai update under a keyed item, by item, agency and period."""
        agency_names = dict(self.agencies.names)
        pages = [page for page in self._updates() if self._item_of(page)[1]]
        return sorted(pages, key=lambda p: (self._item_of(p)[1], agency_names[p.agency_id], p.period_end, p.pk))

    # --- writing ---

    def prepare(self, work):
        self.parents = {}
        return None

    def _parent(self, item_id: int):
        if item_id not in self.parents:
            self.parents[item_id] = Page.objects.get(pk=item_id).specific
        return self.parents[item_id]

    def resolve(self, row: UpdateRow):
        """Nothing to create: an update's agency is one already assigned to its item."""

    def bulk_pages(self, row: UpdateRow, *, ids, user_id, publish: bool, now):
        """The new update as an unsaved page with its history; no workflow: history is not moderated again."""
        parent = self._parent(row.item_id)
        code = Agency.objects.filter(pk=row.agency.pk).values_list("code", flat=True).get()
        return self.new_pages(
            ProgressUpdatePage,
            ids=ids,
            parent=parent,
            english_parent=None,
            slug=f"{code}-{row.period_end:%Y-%m-%d}",
            fallback="update",
            row=row,
            texts=lambda language: {"title": row.title},
            fields={
                "agency_id": row.agency.pk,
                "period_start": row.period_start,
                "period_end": row.period_end,
                "status_claim": row.status,
                "percent_complete": row.percent_complete,
                "status_reason": row.status_reason,
                "narrative": richtext_from_text(row.narrative),
                "public_summary": row.public_summary,
            },
            user_id=user_id,
            publish=publish,
            now=now,
        )

    def with_children(self, page, row: UpdateRow, ids):
        page.evidence = []
        page.indicator_values = []
        page.wagtail_admin_comments = []
        return page

    def written_new(self, rows, pages, *, publish: bool):
        """Published history counts at once: the items' assignments take their status from it."""
        if publish:
            for item_id in sorted({row.item_id for row in rows}):
                item_refresh_status(item=self._parent(item_id))

    def edit(self, draft, row: UpdateRow, *, english: bool):
        set_text(draft, "title", row.title)
        draft.agency_id = row.agency.pk
        draft.period_start = row.period_start
        draft.period_end = row.period_end
        draft.status_claim = row.status
        draft.percent_complete = row.percent_complete
        set_text(draft, "status_reason", row.status_reason)
        set_text(draft, "narrative", row.narrative, rich=True)
        set_text(draft, "public_summary", row.public_summary)
        return draft
