"""
Policies in files: the columns, how a row becomes a policy, how a policy becomes a row.

Policies are a tree (policy areas, policies, sub-items): each row names its parent by number, and the
tree is rebuilt from those numbers whatever the rows' order, parents written before their children.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.choices import Status, Visibility
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
    date_format,
    date_value,
    decimal_format,
    decimal_value,
    line_text,
    list_items,
    long_text,
    partial_date_format,
    source_url_value,
    status_value,
)

from .models import PolicyAssignment, PolicyIndexPage, PolicyIndicator, PolicyPage

#: The file's columns, in the order exports write them.
COLUMNS = (
    "number",
    "parent",
    "title_th",
    "summary_th",
    "body_th",
    "title_en",
    "summary_en",
    "body_en",
    "category",
    "period_start",
    "period_end",
    "agencies",
    "deadline",
    "indicators",
    "status",
    "visibility",
    "source_url",
)
KEY = "number"
_WRITTEN = tuple(column for column in COLUMNS if column != "status")
CATEGORY_NAMES = choice_names(PolicyPage.Category, {PolicyPage.Category.URGENT: ["เร่งด่วน"], "main": ["หลัก"]})
_INDICATOR_PARTS = ("name", "unit", "baseline", "target", "target_date")


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    target_date: date | None

    def text(self) -> str:
        return "|".join(
            [
                self.name,
                self.unit,
                decimal_format(self.baseline),
                decimal_format(self.target),
                date_format(self.target_date),
            ]
        )


@dataclass
class PolicyRow:
    """
    One row, read and checked: the values a policy gets from it, and its ``gaps`` (``date_precision``,
    ``ref`` for a derived number: a policy may have no period and no agency without lacking anything).
    """

    number: int
    policy: str
    parent: str
    title_th: str
    summary_th: str
    body_th: str
    title_en: str
    summary_en: str
    body_en: str
    category: str
    period_start: date | None
    date_precision: str
    period_end: date | None
    visibility: str
    source_url: str
    agencies: list[Ref]
    deadlines: list[date | None]
    indicators: list[Indicator]
    status: str
    gaps: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.policy

    def values(self) -> dict[str, str]:
        return _row(
            number=self.policy,
            parent=self.parent,
            title_th=self.title_th,
            summary_th=self.summary_th,
            body_th=self.body_th,
            title_en=self.title_en,
            summary_en=self.summary_en,
            body_en=self.body_en,
            category=self.category,
            period_start=self.period_start,
            date_precision=self.date_precision,
            period_end=self.period_end,
            agencies=[agency.name for agency in self.agencies],
            deadlines=self.deadlines,
            indicators=self.indicators,
            status=self.status,
            visibility=self.visibility,
            source_url=self.source_url,
        )


def _row(*, agencies, deadlines, indicators, period_start, date_precision, period_end, **values) -> dict[str, str]:
    """The row as exports write it: the period's start only as far as it is known (read back at that precision)."""
    return {
        **values,
        "period_start": partial_date_format(period_start, date_precision),
        "period_end": date_format(period_end),
        "agencies": "; ".join(agencies),
        "deadline": dates_text(deadlines),
        "indicators": "; ".join(indicator.text() for indicator in indicators),
    }


def _number(value) -> str:
    return line_text(value, max_length=20, digits=True)


def _indicators(value) -> list[Indicator]:
    """``name|unit|baseline|target|target_date`` entries, separated by ";" or line breaks."""
    indicators = []
    for entry in list_items(value):
        if not entry:
            continue
        parts = [part.strip() for part in entry.split("|")]
        if len(parts) > len(_INDICATOR_PARTS):
            raise ValueProblem(
                gettext_noop("“%(value)s”: an indicator is name|unit|baseline|target|target date."), value=entry
            )
        parts += [""] * (len(_INDICATOR_PARTS) - len(parts))
        name, unit, baseline, target, target_date = parts
        if not name:
            raise ValueProblem(gettext_noop("“%(value)s”: an indicator needs a name."), value=entry)
        indicators.append(
            Indicator(
                name=line_text(name, max_length=255),
                unit=line_text(unit, max_length=50),
                baseline=decimal_value(baseline) if baseline else None,
                target=decimal_value(target) if target else None,
                target_date=date_value(target_date) if target_date else None,
            )
        )
    if len({indicator.name for indicator in indicators}) < len(indicators):
        raise ValueProblem(gettext_noop("Two indicators have the same name."))
    return indicators


class PolicyFile(ItemFile):
    """Reads rows of policies against the database, and writes them."""

    name = "policies"
    label = _("Policies")
    columns = COLUMNS
    key = KEY
    model = PolicyPage
    key_field = "number"
    written = _WRITTEN
    child_models = (PolicyAssignment, PolicyIndicator)
    translated = True
    aliases = SOURCE_ALIASES

    def __init__(self, *, create_agencies: bool, strict: bool = False):
        super().__init__(create_agencies=create_agencies, strict=strict)
        # Every Thai policy's number, parent number ("" under the index) and whether it is in English.
        self.tree = {}
        self.in_english = set()
        by_path = dict(PolicyPage.objects.filter(locale=self.thai).values_list("path", "number"))
        for path, number in by_path.items():
            if number:
                self.tree[number] = by_path.get(path[: -PolicyPage.steplen], "")
        if self.english:
            thai_keys = dict(PolicyPage.objects.filter(locale=self.thai).values_list("translation_key", "number"))
            for key in PolicyPage.objects.filter(locale=self.english).values_list("translation_key", flat=True):
                self.in_english.add(thai_keys.get(key))

    # --- reading ---

    def parse(self, raw) -> tuple[PolicyRow | None, list]:
        cells = Cells(raw)
        take, values = cells.take, cells.values
        take("title_th", lambda v: line_text(v, max_length=255), required=True)
        take("summary_th", long_text)
        take("body_th", long_text)
        self.take_ref(cells, "number", _number, texts=("title_th", "summary_th", "body_th"))
        take("parent", _number)
        take("title_en", lambda v: line_text(v, max_length=255))
        take("summary_en", long_text)
        take("body_en", long_text)
        take("category", lambda v: choice(v, CATEGORY_NAMES, "urgent, main, other"), default="main")
        # A policy without a period lacks nothing; one known only to the month or the year keeps that.
        self.take_start(cells, "period_start", required=False)
        take("period_end", date_value, default=None)
        take("visibility", lambda v: choice(v, VISIBILITY_NAMES, "public, internal"), default=Visibility.PUBLIC)
        take("source_url", source_url_value)
        take("status", status_value)
        take("agencies", self.agency_list, joined=True, default=[])
        take("deadline", list_items, joined=True, default=[])
        take("indicators", _indicators, joined=True, default=[])
        start, end = values.get("period_start"), values.get("period_end")
        if start and end and end < start:
            cells.add("period_end", date_format(end), gettext_noop("The period cannot end before it starts."))
        if values.get("parent") and values["parent"] == values.get("number"):
            cells.add("parent", values["parent"], gettext_noop("A policy cannot be its own parent."))
        if (values.get("summary_en") or values.get("body_en")) and not values.get("title_en"):
            cells.add("title_en", "", gettext_noop("An English summary or body needs an English title."))
        values["deadline"] = self.agency_deadlines(
            cells, start, gettext_noop("The deadline cannot be before the start of the period.")
        )
        if cells.failed:
            return None, cells.problems
        number = values.pop("number")
        row = PolicyRow(
            number=raw.number, policy=number, deadlines=values.pop("deadline"), gaps=tuple(cells.gaps), **values
        )
        return row, cells.problems

    def check(self, rows) -> tuple[list, list[Problem]]:
        """
        A row's parent must be a policy in PM1 or a row of the file that can be imported, and must not
        lead back to the row; a row with an English title needs its parent in English. A row left out
        leaves its children out too, so this runs until nothing more is left out.
        """
        problems = []
        while True:
            tree = {**self.tree, **{row.policy: row.parent for row in rows}}
            english = self.in_english | {row.policy for row in rows if row.title_en}
            kept = []
            for row in rows:
                problem = self._tree_problem(row, tree, english)
                if problem is None:
                    kept.append(row)
                else:
                    problems.append(Problem(row.number, "parent", row.parent, *problem))
            if len(kept) == len(rows):
                self.parents = tree
                return kept, problems
            rows = kept

    def _tree_problem(self, row: PolicyRow, tree, english):
        if not row.parent:
            return None
        if row.parent not in tree:
            return (
                gettext_noop("No policy numbered %(parent)s, in PM1 or among the file's rows that can be imported."),
                {"parent": row.parent},
            )
        seen, number = {row.policy}, row.parent
        while number:
            if number in seen:
                return (gettext_noop("The parents lead back to policy %(number)s: a cycle."), {"number": row.policy})
            seen.add(number)
            number = tree.get(number, "")
        if row.title_en and row.parent not in english:
            return (
                gettext_noop(
                    "Policy %(parent)s has no English title: give it one, or leave this row's English columns empty."
                ),
                {"parent": row.parent},
            )
        return None

    # --- the database ---

    def rows_of(self, pages) -> dict[int, dict[str, str]]:
        """Each Thai policy as a row (its latest revision: drafts are exported as the admin shows them)."""
        pages, english = self.working_copies(pages)
        agency_names = dict(self.agencies.names)
        rows = {}
        for page in pages:
            assignments = lead_first(page.assignments.all())
            indicators = sorted(page.indicators.all(), key=lambda i: (i.sort_order or 0, i.pk or 0))
            translation = english.get(page.translation_key)
            rows[page.pk] = _row(
                number=page.number,
                parent=self.tree.get(page.number, ""),
                title_th=page.title,
                summary_th=page.summary,
                body_th=text_from_richtext(page.body),
                title_en=translation.title if translation else "",
                summary_en=translation.summary if translation else "",
                body_en=text_from_richtext(translation.body) if translation else "",
                category=page.category,
                period_start=page.period_start,
                date_precision=page.date_precision,
                period_end=page.period_end,
                agencies=[agency_names[a.agency_id] for a in assignments],
                deadlines=[a.deadline for a in assignments],
                indicators=[Indicator(i.name, i.unit, i.baseline, i.target, i.target_date) for i in indicators],
                status=page.status,
                visibility=page.visibility,
                source_url=page.source_url,
            )
        return rows

    def all_pages(self):
        """Every numbered Thai policy, in the tree's order: parents before their children."""
        return PolicyPage.objects.filter(locale=self.thai).exclude(number="").order_by("path")

    def warnings(self, row: PolicyRow, page) -> list:
        return item_status_warnings(row, page)

    def ordered(self, work):
        """Parents before children (the file's order otherwise), so that a parent exists when its child is written."""

        def depth(row):
            count, number = 0, row.parent
            while number:
                count, number = count + 1, self.parents.get(number, "")
            return count

        return sorted(work, key=lambda item: depth(item[0]))

    # --- writing ---

    def prepare(self, work):
        self.index = PolicyIndexPage.objects.filter(locale=self.thai).first()
        if self.index is None:
            return Problem(0, "", "", gettext_noop("There is no Thai policy index page to import into."))
        self.pages = {page.number: page for page in PolicyPage.objects.filter(locale=self.thai).exclude(number="")}
        self.english_pages = {}
        if self.english:
            self.english_pages = {page.translation_key: page for page in PolicyPage.objects.filter(locale=self.english)}
        self.english_index = PolicyIndexPage.objects.filter(locale=self.english).first() if self.english else None
        if self.english_index is None and any(row.title_en and not row.parent for row, _ in work):
            with transaction.atomic():
                translation = self.index.copy_for_translation(self.english, copy_parents=True)
                translation.save_revision(log_action=True).publish()
                self.english_index = PolicyIndexPage.objects.get(pk=translation.pk)
        return None

    def _parent(self, number: str):
        return self.pages[number] if number else self.index

    def _english_parent(self, number: str):
        if not number:
            return self.english_index
        parent = self.pages[number]
        return self.english_pages.get(parent.translation_key) or parent.get_translation_or_none(self.english)

    def bulk_pages(self, row: PolicyRow, *, ids, user_id, publish: bool, now):
        """The new policy (and its English translation) as unsaved pages with their histories."""
        thai_body = richtext_from_text(row.body_th)

        def texts(language):
            if language == "th":
                return {"title": row.title_th, "summary": row.summary_th, "body": thai_body}
            return {
                "title": row.title_en,
                "summary": row.summary_en or row.summary_th,
                "body": richtext_from_text(row.body_en) if row.body_en else thai_body,
            }

        pages, histories = self.new_pages(
            PolicyPage,
            ids=ids,
            parent=self._parent(row.parent),
            english_parent=self._english_parent(row.parent),
            slug=row.policy,
            fallback="policy",
            row=row,
            texts=texts,
            fields={
                "number": row.policy,
                "category": row.category,
                "period_start": row.period_start,
                "date_precision": row.date_precision,
                "period_end": row.period_end,
                "visibility": row.visibility,
                "source_url": row.source_url,
                "status": Status.NOT_STARTED,
            },
            user_id=user_id,
            publish=publish,
            now=now,
        )
        # Children later in the batch are written under these pages.
        self.pages[row.policy] = pages[0]
        if len(pages) > 1:
            self.english_pages[pages[1].translation_key] = pages[1]
        return pages, histories

    def children(self, pages) -> dict:
        return {
            PolicyAssignment: [a for page in pages for a in page.assignments.all()],
            PolicyIndicator: [i for page in pages for i in page.indicators.all()],
        }

    def with_children(self, page, row: PolicyRow, ids):
        page.assignments = new_assignments(page, row, ids, PolicyAssignment)
        page.indicators = [
            PolicyIndicator(
                id=ids.take(PolicyIndicator),
                page_id=page.pk,
                sort_order=position,
                **{part: getattr(indicator, part) for part in _INDICATOR_PARTS},
            )
            for position, indicator in enumerate(row.indicators)
        ]
        page.wagtail_admin_comments = []
        return page

    def edit(self, draft, row: PolicyRow, *, english: bool):
        if english:
            set_text(draft, "title", row.title_en or draft.title)
            set_text(draft, "summary", row.summary_en or draft.summary)
            set_text(draft, "body", row.body_en or text_from_richtext(draft.body), rich=True)
        else:
            set_text(draft, "title", row.title_th)
            set_text(draft, "summary", row.summary_th)
            set_text(draft, "body", row.body_th, rich=True)
        draft.number = row.policy
        draft.category = row.category
        draft.period_start = row.period_start
        draft.date_precision = row.date_precision
        draft.period_end = row.period_end
        draft.visibility = row.visibility
        draft.source_url = row.source_url
        draft.assignments = assignments_for(draft, row, PolicyAssignment)
        # Indicators are matched by name, so that the values progress updates reported for them stay.
        current = {indicator.name: indicator for indicator in draft.indicators.all()}
        indicators = []
        for position, indicator in enumerate(row.indicators):
            kept = current.get(indicator.name) or PolicyIndicator()
            for part in _INDICATOR_PARTS:
                setattr(kept, part, getattr(indicator, part))
            kept.sort_order = position
            indicators.append(kept)
        draft.indicators = indicators
        return draft

    def update(self, page: PolicyPage, row: PolicyRow, *, user, publish: bool):
        """Move the policy under its new parent first (Wagtail logs the move), then edit it."""
        if self.tree.get(page.number, "") != row.parent:
            page.move(self._parent(row.parent), pos="last-child", user=user)
            translation = page.get_translation_or_none(self.english) if self.english else None
            english_parent = self._english_parent(row.parent)
            if translation is not None and english_parent is not None:
                translation.move(english_parent, pos="last-child", user=user)
            self.tree[page.number] = row.parent
            page = PolicyPage.objects.get(pk=page.pk)
        super().update(page, row, user=user, publish=publish)
        self.pages[row.policy] = PolicyPage.objects.get(pk=page.pk)
