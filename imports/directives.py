"""
Directives in files: the columns, how a row becomes a directive, how a directive becomes a row.

A row and a directive are compared through the row the directive would export as, so a file that was
exported, or imported before, changes nothing; a row that differs updates the directive.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_noop
from wagtail.models import Locale, Revision

from core.bulk import new_page, page_history
from core.choices import Status, Track, Visibility
from core.richtext import richtext_from_text, text_from_richtext
from directives.models import DirectiveAssignment, DirectiveIndexPage, DirectivePage, Occasion

from .problems import WARNING, Problem, ValueProblem
from .reading import FORMULA_WITHOUT_VALUE
from .references import AgencyNames, OccasionNames, Ref
from .values import (
    cell,
    choice,
    choice_names,
    date_format,
    date_value,
    line_text,
    list_items,
    long_text,
    shown_value,
    status_value,
    track_value,
)

#: The file's columns, in the order exports write them. The first eleven are the stable contract;
#: priority and visibility follow so that an export keeps internal directives internal.
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
)
KEY = "ref"
# What a row sets; the status is derived from progress updates and only checked.
_WRITTEN = tuple(column for column in COLUMNS if column != "status")
PRIORITY_NAMES = choice_names(DirectivePage.Priority)
VISIBILITY_NAMES = choice_names(Visibility, {Visibility.PUBLIC: ["สาธารณะ"], Visibility.INTERNAL: ["ภายใน"]})


@dataclass
class DirectiveRow:
    """One row, read and checked: the values a directive gets from it."""

    number: int
    ref: str
    title_th: str
    body_th: str
    title_en: str
    body_en: str
    issued_on: date
    occasion: Ref | None
    track: str
    priority: str
    visibility: str
    agencies: list[Ref]
    deadlines: list[date | None]
    status: str

    def values(self) -> dict[str, str]:
        return _row(
            ref=self.ref,
            title_th=self.title_th,
            body_th=self.body_th,
            title_en=self.title_en,
            body_en=self.body_en,
            issued_on=self.issued_on,
            occasion=self.occasion.name if self.occasion else "",
            track=self.track,
            agencies=[agency.name for agency in self.agencies],
            deadlines=self.deadlines,
            status=self.status,
            priority=self.priority,
            visibility=self.visibility,
        )


def _row(*, agencies, deadlines, issued_on, **values) -> dict[str, str]:
    """The row as exports write it: dates in BE, one deadline when all agencies share it."""
    written = {date_format(day) for day in deadlines}
    return {
        **values,
        "issued_on": date_format(issued_on),
        "agencies": "; ".join(agencies),
        "deadline": written.pop() if len(written) == 1 else "; ".join(date_format(day) for day in deadlines),
    }


class DirectiveFile:
    """Reads rows of directives against the database, and writes them."""

    columns = COLUMNS
    key = KEY
    model = DirectivePage

    def __init__(self, *, create_agencies: bool):
        self.agencies = AgencyNames(create=create_agencies)
        self.occasions = OccasionNames()
        self.thai = Locale.objects.get(language_code="th")
        self.english = Locale.objects.filter(language_code="en").first()

    # --- reading ---

    def parse(self, raw) -> tuple[DirectiveRow | None, list[Problem]]:
        """The row's values (``None`` when it cannot be used) and its problems."""
        problems = []
        values = {}

        def take(column, read, *, required=False, joined=False, default=""):
            try:
                value = cell(raw.cells.get(column, []), joined=joined)
                if value is None:
                    if required:
                        raise ValueProblem(gettext_noop("Required."))
                    values[column] = default
                else:
                    values[column] = read(value)
            except ValueProblem as problem:
                shown = raw.cells.get(column, [None])
                problems.append(_problem(raw.number, column, shown, problem))
                values[column] = None

        take("ref", lambda v: line_text(v, max_length=60, digits=True), required=True)
        take("title_th", lambda v: line_text(v, max_length=255), required=True)
        take("body_th", long_text, required=True)
        take("title_en", lambda v: line_text(v, max_length=255))
        take("body_en", long_text)
        take("issued_on", date_value, required=True)
        take("track", track_value, default=Track.POLICY)
        take("priority", lambda v: choice(v, PRIORITY_NAMES, "normal, high, urgent"), default="normal")
        take("visibility", lambda v: choice(v, VISIBILITY_NAMES, "public, internal"), default=Visibility.PUBLIC)
        take("status", status_value)
        take("occasion", lambda v: self.occasions.find(line_text(v), values.get("issued_on")), default=None)
        take("agencies", self._agencies, required=True, joined=True)
        take("deadline", list_items, joined=True, default=[])
        if values.get("body_en") and not values.get("title_en"):
            problems.append(
                Problem(raw.number, "title_en", "", gettext_noop("An English body needs an English title."))
            )
        agencies, deadlines = values.get("agencies"), values.get("deadline")
        if agencies and deadlines is not None:
            values["deadline"] = self._deadlines(raw, agencies, deadlines, values.get("issued_on"), problems)
        if any(problem.level != WARNING for problem in problems):
            return None, problems
        return DirectiveRow(number=raw.number, deadlines=values.pop("deadline"), **values), problems

    def _agencies(self, value) -> list[Ref]:
        names = [name for name in list_items(value) if name]
        found = [self.agencies.find(name) for name in names]
        if len(set(found)) < len(found):
            raise ValueProblem(gettext_noop("An agency is listed twice."))
        return found

    def _deadlines(self, raw, agencies, items, issued_on, problems):
        if not items:
            return [None] * len(agencies)
        if len(items) not in (1, len(agencies)):
            problems.append(
                _problem(
                    raw.number,
                    "deadline",
                    raw.cells.get("deadline", [None]),
                    ValueProblem(
                        gettext_noop(
                            "%(deadlines)s deadlines for %(agencies)s agencies: give one for all or one for each."
                        ),
                        deadlines=len(items),
                        agencies=len(agencies),
                    ),
                )
            )
            return None
        days = []
        for item in items:
            try:
                day = date_value(item) if item else None
            except ValueProblem as problem:
                problems.append(_problem(raw.number, "deadline", [item], problem))
                return None
            if day and issued_on and day < issued_on:
                problems.append(
                    Problem(raw.number, "deadline", item, gettext_noop("The deadline cannot be before the issue date."))
                )
                return None
            days.append(day)
        return days * len(agencies) if len(days) == 1 else days

    # --- the database ---

    def existing(self, refs) -> dict[str, DirectivePage]:
        """The Thai directives with these references."""
        pages = {}
        refs = list(refs)
        for start in range(0, len(refs), 500):
            for page in DirectivePage.objects.filter(locale=self.thai, reference__in=refs[start : start + 500]):
                pages[page.reference] = page
        return pages

    def rows_of(self, pages) -> dict[int, dict[str, str]]:
        """Each Thai directive as a row (its latest revision: drafts are exported as the admin shows them)."""
        pages = [_working_copy(page) for page in _with_revisions(pages)]
        english = {}
        if self.english:
            translations = DirectivePage.objects.filter(
                locale=self.english, translation_key__in=[page.translation_key for page in pages]
            )
            english = {page.translation_key: _working_copy(page) for page in _with_revisions(translations)}
        agency_names = dict(self.agencies.names)
        occasions = dict(Occasion.objects.values_list("pk", "title_th"))
        rows = {}
        for page in pages:
            assignments = sorted(page.assignments.all(), key=lambda a: (a.role != "lead", a.sort_order or 0, a.pk or 0))
            translation = english.get(page.translation_key)
            rows[page.pk] = _row(
                ref=page.reference,
                title_th=page.title,
                body_th=text_from_richtext(page.body),
                title_en=translation.title if translation else "",
                body_en=text_from_richtext(translation.body) if translation else "",
                issued_on=page.issued_on,
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

    def differs(self, row: DirectiveRow, current: dict[str, str]) -> bool:
        """Would importing the row change the directive? Empty English columns leave English alone."""
        values = row.values()
        for column in ("title_en", "body_en"):
            if not values[column]:
                values[column] = current[column]
        return any(values[column] != current[column] for column in _WRITTEN)

    def status_warning(self, row: DirectiveRow, status: str) -> Problem | None:
        if row.status and row.status != status:
            return Problem(
                row.number,
                "status",
                row.status,
                gettext_noop(
                    "The status is derived from published progress updates, so it is %(status)s here: import "
                    "the progress updates to record “%(given)s”."
                ),
                {"status": status, "given": row.status},
                level=WARNING,
            )
        return None

    # --- writing ---

    def prepare(self):
        """Parent pages for new directives: the Thai directive index, and the English one if there is one."""
        self.index = DirectiveIndexPage.objects.filter(locale=self.thai).first()
        self.english_index = (
            DirectiveIndexPage.objects.filter(locale=self.english).first() if self.english and self.index else None
        )
        self.slugs = (
            {self.index.pk: set(self.index.get_children().values_list("slug", flat=True))} if self.index else {}
        )
        if self.english_index:
            self.slugs[self.english_index.pk] = set(self.english_index.get_children().values_list("slug", flat=True))

    def ensure_english_index(self):
        """The English directive index, translated from the Thai one the way the admin does, when missing."""
        if self.english_index is None and self.english is not None:
            translation = self.index.copy_for_translation(self.english, copy_parents=True)
            translation.save_revision(log_action=True).publish()
            self.english_index = DirectiveIndexPage.objects.get(pk=translation.pk)
            self.slugs[self.english_index.pk] = set()

    def _slug(self, parent, ref: str) -> str:
        base = slugify(ref) or "directive"
        slug, number = base, 1
        while slug in self.slugs[parent.pk]:
            number += 1
            slug = f"{base}-{number}"
        self.slugs[parent.pk].add(slug)
        return slug

    def resolve(self, row: DirectiveRow):
        """Create the agencies and occasion the row names that do not exist yet."""
        row.agencies = [self.agencies.created(agency) for agency in row.agencies]
        if row.occasion is not None:
            row.occasion = self.occasions.created(row.occasion)

    def bulk_pages(self, row: DirectiveRow, *, ids, user_id, publish: bool, now):
        """The new directive (and its English translation) as unsaved pages with their histories."""
        published = {"first_published_at": now, "last_published_at": now} if publish else {}
        common = {
            "reference": row.ref,
            "issued_on": row.issued_on,
            "occasion_id": row.occasion.pk if row.occasion else None,
            "track": row.track,
            "priority": row.priority,
            "visibility": row.visibility,
            "status": Status.NOT_STARTED,
            "owner_id": user_id,
            "live": publish,
            "has_unpublished_changes": not publish,
            **published,
        }
        key = uuid.uuid4()

        def page(parent, slug, title, locale, body):
            made = new_page(
                DirectivePage,
                ids=ids,
                parent=parent,
                slug=self._slug(parent, slug),
                title=title,
                locale_id=locale.pk,
                translation_key=key,
                body=body,
                **common,
            )
            return _with_children(made, row, ids)

        thai = page(self.index, row.ref, row.title_th, self.thai, richtext_from_text(row.body_th))
        pages = [thai]
        actions = [("wagtail.create", False), ("wagtail.edit", True)] + ([("wagtail.publish", True)] if publish else [])
        histories = [page_history(thai, ids=ids, at=now, user_id=user_id, actions=actions)]
        if row.title_en and self.english_index is not None:
            body = richtext_from_text(row.body_en) if row.body_en else thai.body
            english = page(self.english_index, thai.slug, row.title_en, self.english, body)
            copied = {
                "page": {
                    "id": english.pk,
                    "title": row.title_th,
                    "locale": {"id": self.english.pk, "language_code": "en"},
                },
                "source": {"id": self.index.pk, "title": self.index.title},
                "destination": {"id": self.english_index.pk, "title": self.english_index.title},
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

    def update(self, page: DirectivePage, row: DirectiveRow, *, user, publish: bool):
        """Change an existing directive as an editor would: a new revision, logged, published with ``publish``."""
        draft = _edit(page.get_latest_revision_as_object(), row, title=row.title_th, body=row.body_th)
        revision = draft.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
        if self.english is None:
            return
        translation = page.get_translation_or_none(self.english)
        if translation is None and not row.title_en:
            return
        if translation is None:
            self.ensure_english_index()
            translation = page.copy_for_translation(self.english)
        draft = translation.get_latest_revision_as_object()
        draft = _edit(draft, row, title=row.title_en or draft.title, body=row.body_en or text_from_richtext(draft.body))
        revision = draft.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)


def _problem(number, column, cells, problem: ValueProblem) -> Problem:
    shown = "; ".join(shown_value(value) for value in cells if value is not None and value is not FORMULA_WITHOUT_VALUE)
    return Problem(number, column, shown[:500], problem.message, problem.params)


def _with_revisions(pages):
    """Pages with ``_draft`` set to their latest revision's content where it differs from the page row."""
    pages = list(pages)
    drafts = [page.latest_revision_id for page in pages if page.has_unpublished_changes and page.latest_revision_id]
    contents = {}
    for start in range(0, len(drafts), 500):
        contents.update(Revision.objects.filter(pk__in=drafts[start : start + 500]).values_list("pk", "content"))
    for page in pages:
        page._draft = contents.get(page.latest_revision_id) if page.has_unpublished_changes else None
    return pages


def _working_copy(page):
    return page.with_content_json(page._draft) if page._draft is not None else page


def _with_children(page, row: DirectiveRow, ids):
    page.assignments = [
        DirectiveAssignment(
            id=ids.take(DirectiveAssignment),
            page_id=page.pk,
            agency_id=agency.pk,
            role=DirectiveAssignment.Role.LEAD if position == 0 else DirectiveAssignment.Role.SUPPORTING,
            deadline=deadline,
            status=Status.NOT_STARTED,
            sort_order=position,
            updated_at=page.first_published_at or timezone.now(),
        )
        for position, (agency, deadline) in enumerate(zip(row.agencies, row.deadlines, strict=True))
    ]
    page.related_policies = []
    page.wagtail_admin_comments = []
    return page


def _edit(draft, row: DirectiveRow, *, title: str, body: str):
    """``draft`` with the row's values; rich text is kept when its text is what the row says."""
    draft.title = title
    if text_from_richtext(draft.body) != body:
        draft.body = richtext_from_text(body)
    draft.reference = row.ref
    draft.issued_on = row.issued_on
    draft.occasion_id = row.occasion.pk if row.occasion else None
    draft.track = row.track
    draft.priority = row.priority
    draft.visibility = row.visibility
    current = {a.agency_id: a for a in draft.assignments.all()}
    assignments = []
    for position, (agency, deadline) in enumerate(zip(row.agencies, row.deadlines, strict=True)):
        assignment = current.get(agency.pk) or DirectiveAssignment(agency_id=agency.pk)
        assignment.role = DirectiveAssignment.Role.LEAD if position == 0 else DirectiveAssignment.Role.SUPPORTING
        assignment.deadline = deadline
        assignment.sort_order = position
        assignments.append(assignment)
    draft.assignments = assignments
    return draft
