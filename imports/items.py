"""
What the files of every kind share: reading a row's cells into values and problems, comparing a row
with the row the page would export as, and writing pages (new ones in bulk, changed ones through
Wagtail's revisions as an editor would), in the Thai tree and, for translated kinds, in the English one.
"""

import hashlib
import uuid

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_noop
from wagtail.models import Locale, Page, Revision

from core.bulk import BulkIds, new_page, page_history, pages_index, pages_insert
from core.choices import DatePrecision, Gap, Status
from core.models.pages import DERIVED_REFERENCE_PREFIX
from core.richtext import richtext_from_text, text_from_richtext
from core.thai import has_two_digit_year, thai_date

from .problems import WARNING, Problem, ValueProblem
from .reading import FORMULA_WITHOUT_VALUE
from .references import AgencyNames, Ref
from .values import (
    cell,
    date_format,
    date_value,
    line_text,
    list_items,
    partial_date_format,
    partial_date_value,
    shown_value,
    without_year,
)

#: Other headings archives give the source link under; each is read as ``source_url``.
SOURCE_ALIASES = {
    alias: "source_url"
    for alias in (
        "source",
        "url",
        "link",
        "source_link",
        "ที่มา",
        "แหล่งที่มา",
        "แหล่งข้อมูล",
        "ลิงก์",
        "ลิงค์",
        "ลิงก์ที่มา",
        "ลิงค์ที่มา",
        "ที่มา_url",
    )
}
#: What each gap's warning says. A row's ``gaps`` name them: the date column's name (``issued_on``,
#: ``received_on``), ``agencies``, ``date_precision``, ``ref``; docs/import.md lists them by kind. (The
#: items' own gaps, ``TrackedItemPage.gaps``, use ``core.choices.Gap``: ``date`` whatever the column.)
GAP_DATE = gettext_noop("No date: imported and marked “date not recorded”, to be completed in the editor.")
GAP_AGENCIES = gettext_noop("No agency: imported and marked “agency not recorded”, to be completed in the editor.")
GAP_AGENCY_UNKNOWN = gettext_noop(
    "Imported without this agency: add it in the editor, or import again with new agencies allowed."
)
READ_TWO_DIGIT_YEAR = gettext_noop("A two-digit year in a Thai date is a Buddhist Era year: read as %(date)s.")
GAP_NO_YEAR = gettext_noop(
    "“%(text)s” gives no year: imported and marked “date not recorded”, to be completed in the editor."
)
GAP_MONTH = gettext_noop("Only the month is known: kept as %(date)s and never shown as a day.")
GAP_YEAR = gettext_noop("Only the year is known: kept as %(date)s and never shown as a month or a day.")
GAP_REFERENCE = gettext_noop(
    "No reference number: %(ref)s is derived from the Thai title and text, so importing this file again finds "
    "the same item."
)


def derived_ref(*texts: str) -> str:
    """
    A reference for a record that has none, from its (normalised) Thai title and text: the same
    row always gets the same one, so importing a file again changes nothing.
    """
    digest = hashlib.sha256("\n".join(" ".join(text.split()) for text in texts).encode("utf-8")).hexdigest()
    return f"{DERIVED_REFERENCE_PREFIX}{digest[:10].upper()}"


class Cells:
    """One row of the sheet being read: each column's value, or the problem that kept it from being read."""

    def __init__(self, raw):
        self.raw = raw
        self.values = {}
        self.problems = []
        #: What the row lacks (codes above ``GAP_DATE``): it is imported and marked (strict: refused).
        self.gaps = []

    def take(self, column, read, *, required=False, joined=False, default=""):
        """The column's value read by ``read``; ``default`` when empty, ``None`` when it has a problem."""
        try:
            value = cell(self.raw.cells.get(column, []), joined=joined)
            if value is None:
                if required:
                    raise ValueProblem(gettext_noop("Required."))
                self.values[column] = default
            else:
                self.values[column] = read(value)
        except ValueProblem as problem:
            self.error(column, problem)
            self.values[column] = None

    def error(self, column, problem: ValueProblem, cells=None):
        cells = self.raw.cells.get(column, [None]) if cells is None else cells
        shown = "; ".join(
            shown_value(value) for value in cells if value is not None and value is not FORMULA_WITHOUT_VALUE
        )
        self.problems.append(Problem(self.raw.number, column, shown[:500], problem.message, problem.params))

    def add(self, column, value, message, **params):
        self.problems.append(Problem(self.raw.number, column, value, message, params))

    def warn(self, column, value, message, params: dict):
        """A warning on the row: it is imported all the same."""
        self.problems.append(Problem(self.raw.number, column, value, message, params, level=WARNING))

    def gap(self, code: str, column: str, value: str, message: str, **params):
        """The row lacks ``code``: it is imported with the gap, and a warning says so."""
        self.gaps.append(str(code))
        self.problems.append(Problem(self.raw.number, column, value, message, params, level=WARNING))

    def has_error(self, column: str) -> bool:
        return any(problem.column == column and problem.level != WARNING for problem in self.problems)

    @property
    def failed(self) -> bool:
        return any(problem.level != WARNING for problem in self.problems)


def status_warning(number: int, given: str, status: str) -> Problem | None:
    """A tracked item's status column is checked, not written: it is derived from published progress updates."""
    if given and given != status:
        return Problem(
            number,
            "status",
            given,
            gettext_noop(
                "The status is derived from published progress updates, so it is %(status)s here: import "
                "the progress updates to record “%(given)s”."
            ),
            {"status": status, "given": given},
            level=WARNING,
        )
    return None


def item_status_warnings(row, page) -> list[Problem]:
    """The warnings of a tracked item's row: its status column against the page's derived status."""
    warning = status_warning(row.number, row.status, page.status if page else Status.NOT_STARTED)
    return [warning] if warning else []


def with_revisions(pages):
    """Pages with ``_draft`` set to their latest revision's content where it differs from the page row."""
    pages = list(pages)
    drafts = [page.latest_revision_id for page in pages if page.has_unpublished_changes and page.latest_revision_id]
    contents = {}
    for start in range(0, len(drafts), 500):
        contents.update(Revision.objects.filter(pk__in=drafts[start : start + 500]).values_list("pk", "content"))
    for page in pages:
        page._draft = contents.get(page.latest_revision_id) if page.has_unpublished_changes else None
    return pages


def working_copy(page):
    """The page as the admin shows it: its latest revision (drafts are exported as they are)."""
    return page.with_content_json(page._draft) if page._draft is not None else page


def lead_first(assignments) -> list:
    """An item's assignments as files list its agencies: the lead first, then in the item's order."""
    return sorted(assignments, key=lambda a: (a.role != "lead", a.sort_order or 0, a.pk or 0))


def set_text(draft, field: str, text: str, *, rich: bool = False):
    """Set a field from a row's text; rich text whose text is unchanged keeps its formatting."""
    if rich:
        if text_from_richtext(getattr(draft, field)) != text:
            setattr(draft, field, richtext_from_text(text))
    else:
        setattr(draft, field, text)


class ItemFile:
    """
    Reads rows of one kind of page against the database, and writes them. A kind gives its columns,
    its key column, how a row is read (``parse``) and how a page is a row (``rows_of``), and what a
    new page (``bulk_pages``) or a changed one (``edit``) is made of. A tracked kind's subclass lives in
    the kind's app and is its ``core.kinds.Kind.importer``; ``imports.services.item_files`` finds them.
    """

    #: What commands (``import_<name>``, ``export_<name>``), the admin's export links and ``ImportJob.kind``
    #: call the file: stored with every import, so never renamed.
    name: str
    #: What the admin calls the file's contents ("Directives").
    label: str
    #: The column of the item's start date: a row lacking it has the column's name among its ``gaps``,
    #: which the report names as the item's gap ``Gap.DATE``.
    start_column = ""
    columns: tuple[str, ...]
    key: str
    #: The columns a row sets; others (a derived status) are only checked.
    written: tuple[str, ...]
    #: Models below the pages whose primary keys the bulk write hands out.
    child_models: tuple = ()
    #: Kinds with English columns keep an English translation of each page.
    translated = False
    #: Whether --create-agencies applies to the kind, and why not when it does not (the admin says so).
    creates_agencies = True
    no_new_agencies = ""
    #: The kind's page model and the field holding its key column (``existing``, ``working_copies``).
    model = None
    key_field = ""

    #: Other headings for the kind's columns (``table_read``).
    aliases: dict[str, str] = {}

    def __init__(self, *, create_agencies: bool, strict: bool = False):
        #: Refuse archival rows (no date, no agency, a partial date, no key) instead of marking them.
        self.strict = strict
        self.agencies = AgencyNames(create=create_agencies, creatable=self.creates_agencies)
        self.thai = Locale.objects.get(language_code="th")
        self.english = Locale.objects.filter(language_code="en").first()
        self.slugs = {}

    # --- reading ---

    def parse(self, raw):
        """The row's values (``None`` when it cannot be used) and its problems."""
        raise NotImplementedError

    @property
    def header_columns(self) -> tuple[str, ...]:
        """Besides the key, what marks the header row: an archive may have no key column at all."""
        return () if self.strict else ("title_th",)

    def take_start(self, cells: Cells, column: str, *, required: bool = True):
        """
        The row's start date (``column``) and its ``date_precision``. Not strict, a date known only
        to the month or the year is kept at that precision, and a missing one that the kind
        requires is a gap; strict, both are refused as before.
        """
        values = cells.values
        values["date_precision"] = DatePrecision.DAY
        if self.strict:
            cells.take(column, date_value, required=required, default=None)
            return
        given = cell(cells.raw.cells.get(column, []))
        if given is not None and without_year(given):
            # News items date themselves by day and month only: the year is not a guess to make.
            values[column] = None
            shown = line_text(given)
            cells.gap(column, column, shown, GAP_NO_YEAR, text=shown)
            return
        cells.take(column, partial_date_value, default=None)
        if values[column] is None:
            if required and not cells.has_error(column):
                cells.gap(column, column, "", GAP_DATE)
            return
        day, precision = values[column]
        values[column], values["date_precision"] = day, precision
        if precision == DatePrecision.DAY and has_two_digit_year(line_text(given)):
            cells.warn(column, line_text(given), READ_TWO_DIGIT_YEAR, {"date": thai_date(day, "long")})
        if precision != DatePrecision.DAY:
            shown = partial_date_format(day, precision)
            cells.gap(Gap.DATE_PRECISION, column, shown, GAP_MONTH if precision == "month" else GAP_YEAR, date=shown)

    def take_agencies(self, cells: Cells, *, required: bool = True):
        """The row's agencies; none is a gap where the kind requires one (strict: refused as before)."""
        if self.strict:
            cells.take("agencies", self.agency_list, required=required, joined=True, default=[])
            return
        reader = self.agency_list if self.agencies.create else lambda value: self.known_agencies(cells, value)
        cells.take("agencies", reader, joined=True, default=[])
        if required and cells.values["agencies"] == [] and not cells.has_error("agencies"):
            cells.gap(Gap.AGENCIES, "agencies", "", GAP_AGENCIES)

    def known_agencies(self, cells: Cells, value) -> list[Ref]:
        """
        The agencies of the list that PM1 knows. An archival record names agencies as its writer did
        ("ทุกกระทรวง", a misspelt or dissolved body): such a name is a warning that names the closest
        agencies, and the item is imported with the others (with none, it is marked "agency not recorded").
        """
        found = []
        for name in (name for name in list_items(value) if name):
            try:
                found.append(self.agencies.find(name))
            except ValueProblem as problem:
                cells.warn("agencies", name, problem.message, problem.params)
                cells.warn("agencies", name, GAP_AGENCY_UNKNOWN, {})
        if len(set(found)) < len(found):
            raise ValueProblem(gettext_noop("An agency is listed twice."))
        return found

    def take_ref(self, cells: Cells, column: str, read, *, texts: tuple[str, ...]):
        """
        The row's reference; without one (not strict) it is derived from the Thai title and text
        (``texts``: the title's column, then the text's ones, taken before), so that the same row
        always gets the same one.
        """
        if self.strict:
            cells.take(column, read, required=True)
            return
        cells.take(column, read, default="")
        title, *text = (cells.values.get(name) or "" for name in texts)
        if cells.values[column] == "" and title and any(text):
            ref = derived_ref(title, *text)
            cells.values[column] = ref
            cells.gap(Gap.REFERENCE, column, ref, GAP_REFERENCE, ref=ref)
        elif cells.values[column] == "":
            cells.error(column, ValueProblem(gettext_noop("Required.")))

    def agency_deadlines(self, cells: Cells, start, start_message):
        """``deadlines``, and none for a row without agencies (a deadline then has no agency to hold it)."""
        if cells.values.get("agencies") == []:
            if cells.values.get("deadline"):
                cells.add("deadline", "", gettext_noop("Deadlines need agencies."))
            return []
        return self.deadlines(cells, start, start_message)

    def check(self, rows) -> tuple[list, list[Problem]]:
        """Rows that can be imported, given the others in the file and the database; problems of the rest."""
        return rows, []

    def agency_list(self, value) -> list[Ref]:
        names = [name for name in list_items(value) if name]
        found = [self.agencies.find(name) for name in names]
        if len(set(found)) < len(found):
            raise ValueProblem(gettext_noop("An agency is listed twice."))
        return found

    def deadlines(self, cells: Cells, start, start_message):
        """One deadline per agency from the ``deadline`` column (one for all, or one each), none before ``start``."""
        agencies, items = cells.values.get("agencies"), cells.values.get("deadline")
        if not agencies or items is None:
            return None
        if not items:
            return [None] * len(agencies)
        if len(items) not in (1, len(agencies)):
            cells.error(
                "deadline",
                ValueProblem(
                    gettext_noop(
                        "%(deadlines)s deadlines for %(agencies)s agencies: give one for all or one for each."
                    ),
                    deadlines=len(items),
                    agencies=len(agencies),
                ),
            )
            return None
        days = []
        for item in items:
            try:
                day = date_value(item) if item else None
            except ValueProblem as problem:
                cells.error("deadline", problem, [item])
                return None
            if day and start and day < start:
                cells.add("deadline", item, start_message)
                return None
            days.append(day)
        return days * len(agencies) if len(days) == 1 else days

    # --- the database ---

    def existing(self, keys) -> dict:
        """The Thai pages with these keys, by key: by default the page model's ``key_field``."""
        pages = {}
        keys = list(keys)
        for start in range(0, len(keys), 500):
            lookup = {"locale": self.thai, f"{self.key_field}__in": keys[start : start + 500]}
            for page in self.model.objects.filter(**lookup):
                pages[getattr(page, self.key_field)] = page
        return pages

    def working_copies(self, pages) -> tuple[list, dict]:
        """
        The pages as the admin shows them (drafts as their latest revisions), and their English
        translations likewise, by translation key.
        """
        pages = [working_copy(page) for page in with_revisions(pages)]
        english = {}
        if self.english:
            translations = self.model.objects.filter(
                locale=self.english, translation_key__in=[page.translation_key for page in pages]
            )
            english = {page.translation_key: working_copy(page) for page in with_revisions(translations)}
        return pages, english

    def rows_of(self, pages) -> dict[int, dict[str, str]]:
        """Each page as a row, by the page's key."""
        raise NotImplementedError

    def all_pages(self):
        """Every Thai page of the kind, in the order exports write them."""
        raise NotImplementedError

    def differs(self, row, current: dict[str, str]) -> bool:
        """Would importing the row change the page? Empty English columns leave English alone."""
        values = row.values()
        for column in self.written:
            if column.endswith("_en") and not values[column]:
                values[column] = current[column]
        return any(values[column] != current[column] for column in self.written)

    def warnings(self, row, page) -> list[Problem]:
        return []

    def new_names(self, rows) -> dict[str, list[str]]:
        """What the rows would create besides pages: new agencies (and, by kind, more)."""
        return {"agencies": sorted({agency.name for row in rows for agency in row.agencies if agency.pk is None})}

    def ordered(self, work):
        """The rows to write, in the order they can be written."""
        return work

    # --- writing ---

    def prepare(self, work) -> Problem | None:
        """Look up where new pages go; a problem when they cannot go anywhere."""
        return None

    def resolve(self, row):
        """Create the agencies (and the like) the row names that do not exist yet."""
        row.agencies = [self.agencies.created(agency) for agency in row.agencies]

    def write(self, batch, *, user, publish: bool):
        """Write a batch of ``(row, page or None)``: call it inside one transaction."""
        for row, _ in batch:
            self.resolve(row)
        # Wagtail's own edits first: they take keys from the sequences, which the bulk write then follows.
        for row, page in batch:
            if page is not None:
                self.update(page, row, user=user, publish=publish)
        new = [row for row, page in batch if page is None]
        if new:
            self.write_new(new, user_id=user.pk if user is not None else None, publish=publish)

    def write_new(self, rows, *, user_id, publish: bool):
        """New pages in bulk, with the revisions, audit entries, references and search entries Wagtail writes."""
        ids = BulkIds(self.child_models)
        now = timezone.now()
        pages, revisions, logs, references = [], [], [], []
        for row in rows:
            row_pages, histories = self.bulk_pages(row, ids=ids, user_id=user_id, publish=publish, now=now)
            pages += row_pages
            for revision, page_logs, page_references in histories:
                revisions.append(revision)
                logs += page_logs
                references += page_references
        by_model = {}
        for page in pages:
            by_model.setdefault(type(page), []).append(page)
        pages_insert(by_model, revisions=revisions, logs=logs, references=references, children=self.children(pages))
        pages_index(by_model)
        ids.reset_sequences()
        self.written_new(rows, pages, publish=publish)

    def children(self, pages) -> dict:
        """The pages' child objects to write, by model."""
        return {}

    def written_new(self, rows, pages, *, publish: bool):
        """What follows the bulk write of new pages in the same transaction."""

    def slug(self, parent, text: str, fallback: str) -> str:
        """A slug for a new child of ``parent``, free among its children (read once per parent)."""
        if parent.pk not in self.slugs:
            self.slugs[parent.pk] = set(Page.objects.child_of(parent).values_list("slug", flat=True))
        base = slugify(text) or fallback
        slug, number = base, 1
        while slug in self.slugs[parent.pk]:
            number += 1
            slug = f"{base}-{number}"
        self.slugs[parent.pk].add(slug)
        return slug

    def new_pages(
        self, model, *, ids, parent, english_parent, slug, fallback, row, texts, fields, user_id, publish, now
    ):
        """
        A new Thai page under ``parent`` and, when the row has an English title and ``english_parent`` is
        given, its English translation, as unsaved pages with their histories (what ``add_child`` +
        ``save_revision(log_action=True)`` (+ ``publish()``) and ``copy_for_translation`` record).
        ``texts(language)`` gives the fields that differ by language.
        """
        published = {"first_published_at": now, "last_published_at": now} if publish else {}
        common = {
            **fields,
            "owner_id": user_id,
            "live": publish,
            "has_unpublished_changes": not publish,
            **published,
        }
        key = uuid.uuid4()

        def page(under, locale, language):
            made = new_page(
                model,
                ids=ids,
                parent=under,
                slug=self.slug(under, slug, fallback),
                locale_id=locale.pk,
                translation_key=key,
                **texts(language),
                **common,
            )
            return self.with_children(made, row, ids)

        thai = page(parent, self.thai, "th")
        actions = [("wagtail.create", False), ("wagtail.edit", True)] + ([("wagtail.publish", True)] if publish else [])
        pages = [thai]
        histories = [page_history(thai, ids=ids, at=now, user_id=user_id, actions=actions)]
        if self.translated and row.title_en and english_parent is not None:
            english = page(english_parent, self.english, "en")
            copied = {
                "page": {
                    "id": english.pk,
                    "title": thai.title,
                    "locale": {"id": self.english.pk, "language_code": "en"},
                },
                "source": {"id": parent.pk, "title": parent.title},
                "destination": {"id": english_parent.pk, "title": english_parent.title},
                "keep_live": False,
                "source_locale": {"id": self.thai.pk, "language_code": "th"},
            }
            english_actions = [actions[0], ("wagtail.copy_for_translation", False), *actions[1:]]
            histories.append(
                page_history(
                    english,
                    ids=ids,
                    at=now,
                    user_id=user_id,
                    actions=english_actions,
                    log_data={"wagtail.copy_for_translation": copied},
                )
            )
            pages.append(english)
        return pages, histories

    def bulk_pages(self, row, *, ids, user_id, publish: bool, now):
        """The new pages of a row (``new_pages``) with their histories."""
        raise NotImplementedError

    def with_children(self, page, row, ids):
        """``page`` with its child relations set in memory, as the row says."""
        raise NotImplementedError

    def edit(self, draft, row, *, english: bool):
        """``draft`` with the row's values (the English ones for the English translation)."""
        raise NotImplementedError

    def new_translation(self, page):
        """An English translation of ``page``, which has none yet, made as the admin makes one."""
        return page.copy_for_translation(self.english)

    def update(self, page, row, *, user, publish: bool):
        """Change an existing page as an editor would: a new revision, logged, published with ``publish``."""
        revision = self.edit(page.get_latest_revision_as_object(), row, english=False).save_revision(
            user=user, log_action=True
        )
        if publish:
            revision.publish(user=user)
        if not self.translated or self.english is None:
            return
        translation = page.get_translation_or_none(self.english)
        if translation is None and not row.title_en:
            return
        if translation is None:
            translation = self.new_translation(page)
        revision = self.edit(translation.get_latest_revision_as_object(), row, english=True).save_revision(
            user=user, log_action=True
        )
        if publish:
            revision.publish(user=user)


def new_assignments(page, row, ids, model):
    """A new page's assignments, one per agency of the row (the first leads), not started."""
    return [
        model(
            id=ids.take(model),
            page_id=page.pk,
            agency_id=agency.pk,
            role=model.Role.LEAD if position == 0 else model.Role.SUPPORTING,
            deadline=deadline,
            status=Status.NOT_STARTED,
            sort_order=position,
            updated_at=page.first_published_at or timezone.now(),
        )
        for position, (agency, deadline) in enumerate(zip(row.agencies, row.deadlines, strict=True))
    ]


def assignments_for(draft, row, model):
    """The draft's assignments as the row lists them: existing ones kept (their statuses), the first leads."""
    current = {a.agency_id: a for a in draft.assignments.all()}
    assignments = []
    for position, (agency, deadline) in enumerate(zip(row.agencies, row.deadlines, strict=True)):
        assignment = current.get(agency.pk) or model(agency_id=agency.pk)
        assignment.role = model.Role.LEAD if position == 0 else model.Role.SUPPORTING
        assignment.deadline = deadline
        assignment.sort_order = position
        assignments.append(assignment)
    return assignments


def dates_text(days) -> str:
    """Deadlines as exports write them: one when all agencies share it, else one per agency."""
    written = {date_format(day) for day in days}
    return written.pop() if len(written) == 1 else "; ".join(date_format(day) for day in days)
