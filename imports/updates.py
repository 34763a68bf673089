"""
Progress updates in files: historical reports on every registered kind of tracked item. A row is keyed
by its item (its reference as its kind's ``reference_field`` holds it: a directive's reference, a policy's
number…), its agency and the end of its period.

History is not moderated again: with ``--publish`` the updates are published by the importing user,
recorded in the audit log like any publication, and the statuses of the items' assignments are derived
from them at once; without it they are drafts that go through moderation as usual.

Every row is checked by ``updates.services.update_check``, the rules of the admin and the API, each
against the agency's update before it in history (the file's rows and PM1's published updates, in
period order). What history cannot meet (a status change with no reason, "completed" with no evidence
file) is imported marked with the gap (``updates.models.UpdateGap``: ``reason``, ``evidence``) and a
warning; ``strict`` refuses such rows with ``update_check``'s own messages.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models.functions import Length, Substr
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, override
from wagtail.models import Page

from agencies.models import Agency
from core.choices import Status
from core.kinds import kinds
from core.richtext import richtext_from_text, text_from_richtext
from updates.models import ProgressUpdatePage, UpdateEvidence, UpdateGap
from updates.services import item_refresh_status, update_check, update_default_title

from .items import Cells, ItemFile, set_text, with_revisions, working_copy
from .problems import WARNING, Problem, ValueProblem
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
#: The column of the file each field of ``update_check``'s errors is about.
RULE_COLUMNS = {
    "agency": "agency",
    "period_end": "period_end",
    "status_reason": "status_reason",
    "status_claim": "status",
}
#: The rules of ``update_check`` that history may not meet (by the error's code): the gap each leaves
#: and the warning that says so.
GAPS = {
    "reason_needed": (
        UpdateGap.REASON,
        gettext_noop(
            "The status changes from “%(old)s” to “%(new)s” and the record gives no reason: imported and marked "
            "“reason not recorded”."
        ),
    ),
    "evidence_needed": (
        UpdateGap.EVIDENCE,
        gettext_noop(
            "“Completed” with no evidence file: imported and marked “evidence not recorded”; attach the evidence "
            "in the admin."
        ),
    ),
}


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
    #: What the row lacks that ``update_check`` requires (``UpdateGap`` values), set by ``check``.
    gaps: tuple[str, ...] = ()

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


def _params(params) -> tuple[dict, tuple[str, ...]]:
    """A rule's parameters as text, and which of them are msgids (labels) to translate when shown."""
    params = params or {}
    return (
        {name: str(value) for name, value in params.items()},
        tuple(name for name, value in params.items() if isinstance(value, Promise)),
    )


def _shown(value) -> str:
    """A value read from a row as the file writes it."""
    if isinstance(value, Ref):
        return value.name
    if isinstance(value, date):
        return date_format(value)
    return "" if value is None else str(value)


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

    name = "updates"
    label = _("Progress updates")
    columns = COLUMNS
    key = KEY
    written = COLUMNS
    creates_agencies = False
    no_new_agencies = _("Progress updates are reported by agencies already assigned to their item: none is created.")

    def __init__(self, *, create_agencies: bool, strict: bool = False):
        if create_agencies:
            raise ValueError("Progress updates are reported by agencies already assigned: none is created.")
        super().__init__(create_agencies=False, strict=strict)
        # Items by their key as a file writes it, their tree paths and their kinds.
        self.items, self.item_paths, self.item_models = {}, {}, {}
        for model in (kind.model for kind in kinds()):
            rows = model.objects.filter(locale=self.thai).values_list("pk", model.reference_field, "path")
            for pk, text, path in rows:
                if text:
                    self.items.setdefault(key(text), []).append((pk, text))
                    self.item_paths[path] = (pk, text)
                    self.item_models[pk] = model
        #: Items with their assignments and agencies, as ``update_check`` reads them, by primary key.
        self.checked_items, self.checked_agencies = {}, {}

    # --- reading ---

    def _item(self, value) -> tuple[int, str]:
        found = self.items.get(key(line_text(value, digits=True)), [])
        if not found:
            # The message staff know (the commands' output is kept), though a fifth kind's items are found too.
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
        item, agency = values.get("item"), values.get("agency")
        if cells.failed and item:
            # The rules ``check`` applies are reported now too, so that a row's problems come at once
            # (all but the status rules, which need the row's place in history).
            self._load([item[0]], [agency.pk] if agency else [])
            problems, _gaps = self._rules(
                raw.number,
                lambda column: _shown(values.get(column)),
                item_id=item[0],
                agency_id=agency.pk if agency else None,
                period_start=values.get("period_start"),
                period_end=values.get("period_end"),
                status=None,
                reason="",
                previous=None,
                evidence_count=0,
            )
            cells.problems += problems
        if cells.failed:
            return None, cells.problems
        item_id, values["item"] = values["item"]
        if not values["title"]:
            values["title"] = self._default_title(agency, values["period_end"])
        return UpdateRow(number=raw.number, item_id=item_id, **values), cells.problems

    # --- the rules of live reporting ---

    def _load(self, item_ids, agency_ids):
        """The items (with their assignments) and agencies ``update_check`` is given, read once each."""
        by_model = defaultdict(list)
        for pk in set(item_ids) - set(self.checked_items):
            by_model[self.item_models[pk]].append(pk)
        for model, pks in by_model.items():
            for start in range(0, len(pks), 500):
                found = model.objects.filter(pk__in=pks[start : start + 500]).prefetch_related("assignments")
                self.checked_items.update((page.pk, page) for page in found)
        missing = set(agency_ids) - set(self.checked_agencies)
        if missing:
            self.checked_agencies.update(Agency.objects.in_bulk(missing))

    def _rules(
        self, number, shown, *, item_id, agency_id, period_start, period_end, status, reason, previous, evidence_count
    ) -> tuple[list[Problem], tuple[str, ...]]:
        """
        The row checked by ``update_check``: its problems, and the gaps it is imported with. A rule
        history may not meet (``GAPS``) is a gap and a warning, unless the import is strict or the row
        is refused anyway: then it is an error with ``update_check``'s own message.
        """
        # Without a language the messages come out as their msgids (and the labels in them too), kept
        # so to be translated when shown, as every import problem is.
        with override(None):
            try:
                update_check(
                    item=self.checked_items[item_id],
                    agency=self.checked_agencies.get(agency_id),
                    period_start=period_start,
                    period_end=period_end,
                    status_claim=status,
                    status_reason=reason,
                    evidence_count=evidence_count,
                    previous_status=previous,
                )
                return [], ()
            except ValidationError as error:
                found = [
                    (field, rule.code, str(rule.message), *_params(rule.params))
                    for field, rules in error.error_dict.items()
                    for rule in rules
                ]
        refused = self.strict or any(code not in GAPS for _field, code, *_rest in found)
        problems, gaps = [], []
        for field, code, message, params, translated in found:
            column = RULE_COLUMNS.get(field, "item")
            if refused:
                problems.append(Problem(number, column, shown(column), message, params, translated_params=translated))
            else:
                gap, warning = GAPS[code]
                gaps.append(str(gap))
                problems.append(
                    Problem(number, column, shown(column), warning, params, level=WARNING, translated_params=translated)
                )
        return problems, tuple(gaps)

    def check(self, rows) -> tuple[list, list[Problem]]:
        """
        Every row by ``update_check``, in the order of history: each against the status of the
        agency's update before it (a row of the file, else PM1's latest published one before its
        period), so a file of a year's reports is checked as if they had been reported one by one.
        """
        self._load({row.item_id for row in rows}, {row.agency.pk for row in rows})
        existing = self.existing(row.key for row in rows)
        evidence = dict(
            UpdateEvidence.objects.filter(page__in=[page.pk for page in existing.values()])
            .values("page")
            .annotate(count=Count("pk"))
            .values_list("page", "count")
        )
        history = self._published_history(rows)
        by_pair = defaultdict(list)
        for row in rows:
            by_pair[(row.item_id, row.agency.pk)].append(row)
        kept, problems = set(), []
        for pair, pair_rows in by_pair.items():
            in_file = {row.period_end for row in pair_rows}
            # PM1's own updates, but those the file's rows stand for (the same key).
            events = [(end, 0, status) for end, status in history.get(pair, []) if end not in in_file]
            events += [(row.period_end, 1, row) for row in pair_rows]
            previous = Status.NOT_STARTED
            for _end, from_file, event in sorted(events, key=lambda e: (e[0], e[1])):
                if not from_file:
                    previous = event
                    continue
                row = event
                page = existing.get(row.key)
                values = row.values()
                row_problems, row.gaps = self._rules(
                    row.number,
                    values.get,
                    item_id=row.item_id,
                    agency_id=row.agency.pk,
                    period_start=row.period_start,
                    period_end=row.period_end,
                    status=row.status,
                    reason=row.status_reason,
                    previous=previous,
                    evidence_count=evidence.get(page.pk, 0) if page is not None else 0,
                )
                problems += row_problems
                if not any(problem.level != WARNING for problem in row_problems):
                    kept.add(row.number)
                    previous = row.status
        return [row for row in rows if row.number in kept], problems

    def _published_history(self, rows) -> dict[tuple, list[tuple]]:
        """(item, agency) -> the published Thai updates' (period end, status), for the rows' items and agencies."""
        paths = {page.path: pk for pk, page in self.checked_items.items()}
        agencies = {row.agency.pk for row in rows}
        found = defaultdict(list)
        wanted = list(paths)
        for start in range(0, len(wanted), 500):
            updates = (
                ProgressUpdatePage.objects.live()
                .filter(locale=self.thai, agency__in=agencies)
                .annotate(parent_path=Substr("path", 1, Length("path") - ProgressUpdatePage.steplen))
                .filter(parent_path__in=wanted[start : start + 500])
                .values_list("parent_path", "agency_id", "period_end", "status_claim")
            )
            for parent_path, agency_id, end, status in updates:
                found[(paths[parent_path], agency_id)].append((end, status))
        return found

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
            # Not a column: compared (``differs``) so that a row's gaps reach an update imported before.
            rows[page.pk]["gaps"] = page.gaps
        return rows

    def differs(self, row, current: dict) -> bool:
        return super().differs(row, current) or tuple(row.gaps) != tuple(current["gaps"])

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
                "reason_not_recorded": UpdateGap.REASON in row.gaps,
                "evidence_not_recorded": UpdateGap.EVIDENCE in row.gaps,
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
        draft.reason_not_recorded = UpdateGap.REASON in row.gaps
        draft.evidence_not_recorded = UpdateGap.EVIDENCE in row.gaps
        return draft
