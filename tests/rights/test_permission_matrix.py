"""
The permission matrix, generated from the models: every role × every kind of tracked item in the
registry (``core.kinds``) and the progress updates under them × every state × every surface that shows
a page, asserting what each role sees there.

What each role may see is the README's rights table (section "Roles and rights"), encoded in the rule
functions below, each citing the row it reads; ``ReadmeRightsTableTests`` fails when the table no
longer says what the rules assume, so a change of rights changes both. Every page carries a marker in
its title and texts, and its edit after being sent back another; a cell is the presence or absence of
a marker in a surface's response.
"""

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import NOT_PROVIDED, CharField, DateField, EmailField, TextField, URLField
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, WorkflowState

from api.open_data import OpenDataAPI
from core.choices import Visibility
from core.kinds import kinds
from core.roles import Role
from tests import builders
from updates.item_detail import ItemDetailAPI
from updates.models import ProgressUpdatePage

README = Path(settings.BASE_DIR) / "README.md"

DRAFT, IN_MODERATION, SENT_BACK, SENT_BACK_EDITED = "draft", "in moderation", "sent back", "sent back and edited"
PUBLISHED, INTERNAL, UNPUBLISHED = "published", "internal", "unpublished"
STATES = (DRAFT, IN_MODERATION, SENT_BACK, SENT_BACK_EDITED, PUBLISHED, INTERNAL, UNPUBLISHED)
#: States in which a page has been sent to moderation or published: what data sharing shows.
SUBMITTED_STATES = frozenset(STATES) - {DRAFT}

#: The actors: a role, and for agency staff how their agency stands to the items (all are assigned
#: to the "own" and the "sharing" agency; the "outsider" agency to none). ``None``: the public.
ACTORS = {
    "PMO administrator": (Role.PMO_ADMIN, None),
    "PMO coordinator": (Role.PMO_COORDINATOR, None),
    "reporter of the assigned agency": (Role.AGENCY_REPORTER, "own"),
    "approver of the assigned agency": (Role.AGENCY_APPROVER, "own"),
    "reporter of another agency on the item": (Role.AGENCY_REPORTER, "sharing"),
    "reporter of an agency not on the item": (Role.AGENCY_REPORTER, "outsider"),
    "executive": (Role.EXECUTIVE, None),
    "translator": (Role.TRANSLATOR, None),
    "public": (None, None),
}

#: What the rules below read in each row of the README's rights table (role → its cells' words).
README_ROWS = {
    Role.PMO_ADMIN: ("create, edit, publish, delete", "create, edit, publish (moderate), delete"),
    Role.PMO_COORDINATOR: ("create, edit, publish", "create, edit, moderate and publish"),
    Role.AGENCY_REPORTER: (
        "read its agency's items and public ones",
        "create and edit its agency's updates under items assigned to it",
        "read every agency's submitted updates under those items",
        "never publish",
    ),
    Role.AGENCY_APPROVER: ("as reporter",),
    Role.EXECUTIVE: ("read everything", "change nothing"),
    Role.TRANSLATOR: ("edit translations (English pages) of public content", "as for items"),
}


@dataclass(eq=False)
class Case:
    """One page of the matrix: a kind's item or an update under one, in one state."""

    kind: object
    state: str
    page: Page
    marker: str
    #: The marker of the edit saved after the page was sent back (``SENT_BACK_EDITED``), else "".
    draft_marker: str = ""
    #: The item an update is filed under (its own ``Case``), ``None`` for an item.
    parent: "Case | None" = None
    children: list = field(default_factory=list)

    @property
    def is_update(self) -> bool:
        return self.parent is not None

    def __str__(self):
        return f"{self.kind.item_type} {'update' if self.is_update else 'item'} {self.state}"


# The rules: the README's rights table, row by row. ----------------------------------------------


def is_public(case) -> bool:
    """What the public may see: a published public item, a published update under one."""
    if case.is_update:
        return case.state == PUBLISHED and is_public(case.parent)
    return case.state == PUBLISHED


def may_read(actor, case) -> bool:
    role, relation = ACTORS[actor]
    if role in (Role.PMO_ADMIN, Role.PMO_COORDINATOR):
        # Rows "PMO administrator" and "PMO coordinator": they create, edit and publish everything.
        return True
    if role == Role.EXECUTIVE:
        # Row "Executive": "read everything".
        return True
    if role in (Role.AGENCY_REPORTER, Role.AGENCY_APPROVER) and relation != "outsider":
        # Row "Agency reporter" (the approver's reads "as reporter"): "read its agency's items and
        # public ones"; "create and edit its agency's updates"; "read every agency's submitted
        # updates under those items".
        if not case.is_update or relation == "own":
            return True
        return case.state in SUBMITTED_STATES
    # Row "Translator": "edit translations … of public content"; outsiders and the public: public ones.
    return is_public(case)


def sees_latest(actor, case) -> bool:
    """
    Whether the actor reading a page sent back and edited sees the edit, or what was submitted. Row
    "Agency reporter": other agencies read *submitted* updates, so only the update's agency (which
    edits it) and the PMO (which moderates it) see the edit; an item's edit is read by all its readers.
    """
    role, relation = ACTORS[actor]
    return not case.is_update or role in (Role.PMO_ADMIN, Role.PMO_COORDINATOR) or relation == "own"


def may_edit(actor, case) -> bool:
    role, relation = ACTORS[actor]
    if role in (Role.PMO_ADMIN, Role.PMO_COORDINATOR):
        # Rows "PMO administrator", "PMO coordinator": "create, edit, publish".
        return True
    # Row "Agency reporter": "create and edit its agency's updates"; "Executive": "change nothing";
    # "Translator": "edit translations (English pages)" only, and the matrix's pages are Thai originals.
    return case.is_update and relation == "own"


def is_staff(actor) -> bool:
    return ACTORS[actor][0] is not None


def explores(actor) -> bool:
    """
    Whether the actor has Wagtail's page listings (explorer, admin search): every staff role with
    page rights. Row "Executive": "read everything (admin read view)", "change nothing": executives
    hold no page rights and read through the tracked items and the read view instead.
    """
    return is_staff(actor) and ACTORS[actor][0] != Role.EXECUTIVE


# The surfaces: what each shows of a case to an actor, as a rule. --------------------------------

#: surface → (shows items, shows updates, the rule for a page it shows)
SURFACES = {
    "admin listing": (True, False, lambda actor, case: is_staff(actor) and may_read(actor, case)),
    "explorer": (True, True, lambda actor, case: explores(actor) and may_read(actor, case)),
    "read view": (True, True, lambda actor, case: is_staff(actor) and may_read(actor, case)),
    "edit view": (True, True, lambda actor, case: may_edit(actor, case)),
    "history view": (True, True, lambda actor, case: may_edit(actor, case)),
    "API item": (True, True, lambda actor, case: is_staff(actor) and may_read(actor, case)),
    "API updates": (False, True, lambda actor, case: is_staff(actor) and may_read(actor, case)),
    "admin search": (True, True, lambda actor, case: explores(actor) and may_read(actor, case)),
    "public search": (True, False, lambda actor, case: is_public(case)),
    "feeds": (False, True, lambda actor, case: is_public(case)),
    "open data": (True, True, lambda actor, case: is_public(case)),
}


#: The surfaces that show a page by its title alone.
TITLE_SURFACES = frozenset({"admin listing", "explorer", "admin search", "history view"})


def expected_markers(actor, case, surface) -> tuple[set, set]:
    """The markers of ``case`` that ``surface`` must show ``actor``, and those it must not."""
    shows_items, shows_updates, rule = SURFACES[surface]
    if not (shows_updates if case.is_update else shows_items):
        return set(), set()
    if case.is_update and surface in TITLE_SURFACES:
        # An update's edit keeps its title (see ``_edit``): these surfaces show it unchanged to its readers.
        return ({case.marker}, set()) if rule(actor, case) else (set(), {case.marker})
    markers = {case.marker, case.draft_marker} - {""}
    visible = rule(actor, case) and (case.parent is None or surface != "explorer" or may_read(actor, case.parent))
    if not visible:
        return set(), markers
    if not case.draft_marker:
        return {case.marker}, set()
    if sees_latest(actor, case) or surface in ("edit view", "history view"):
        # The edit view and the history show the latest revision to those who may edit.
        return {case.draft_marker}, set()
    return {case.marker}, {case.draft_marker}


# Building the pages from the models. ------------------------------------------------------------


def _texts(model, marker) -> dict:
    """
    The marker in every free text field the model declares beyond Wagtail's page (so that any of them
    shown betrays the page), and a date in its required date fields.
    """
    page_fields = {f.name for f in Page._meta.concrete_fields}
    values = {}
    for model_field in model._meta.concrete_fields:
        if model_field.name in page_fields or model_field.choices:
            continue
        if isinstance(model_field, RichTextField):
            values[model_field.name] = f"<p>{marker}</p>"
        elif isinstance(model_field, URLField):
            values[model_field.name] = f"https://example.org/{marker}"
        elif isinstance(model_field, EmailField):
            values[model_field.name] = f"{marker}@example.org"
        elif isinstance(model_field, (CharField, TextField)):
            values[model_field.name] = marker[: model_field.max_length]
        elif isinstance(model_field, DateField) and not model_field.blank and model_field.default is NOT_PROVIDED:
            values[model_field.name] = datetime.date(2026, 1, 15)
    return values


def _reject(page, user):
    task_state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress").current_task_state
    task_state.task.specific.on_action(task_state, user, "reject", comment="โปรดแก้ไข")


def _edit(page, user, marker, edited):
    """
    Save an edit (``edited``: fields' new values, the marker in them) as the admin's edit view does
    for a page not live: the page's row and a new revision.
    """
    page = type(page).objects.get(pk=page.pk)
    for name, value in edited.items():
        setattr(page, name, value)
    page.save()
    page.save_revision(user=user)


def _bring_to(page, state, *, submitter, reviewer, draft_marker, edited):
    """Move a page just saved as a draft to ``state``; ``None`` if the page cannot be in it."""
    if state in (PUBLISHED, INTERNAL, UNPUBLISHED):
        page.get_latest_revision().publish()
        if state == UNPUBLISHED:
            type(page).objects.get(pk=page.pk).unpublish()
        return page
    if state == DRAFT:
        return page
    workflow = page.get_workflow()
    if workflow is None:
        return None
    workflow.start(page, submitter)
    if state in (SENT_BACK, SENT_BACK_EDITED):
        _reject(page, reviewer)
    if state == SENT_BACK_EDITED:
        _edit(page, submitter, draft_marker, edited)
    return page


def search_word(kind) -> str:
    """A word in the title of every page of the kind, to find them all in one search."""
    return f"matrix{kind.item_type}"


class PermissionMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agencies = {
            relation: builders.agency(f"MX{relation.upper()}") for relation in ("own", "sharing", "outsider")
        }
        cls.users = {}
        for actor, (role, relation) in ACTORS.items():
            if role is None:
                continue
            username = re.sub(r"\W+", "-", actor)
            if relation is None:
                cls.users[actor] = builders.user(username, role=role)
            else:
                membership = "approver" if role == Role.AGENCY_APPROVER else "reporter"
                cls.users[actor] = builders.user(username, agency=cls.agencies[relation], membership=membership)
        coordinator = cls.users["PMO coordinator"]
        reporter = cls.users["reporter of the assigned agency"]
        approver = cls.users["approver of the assigned agency"]
        cls.cases = []
        numbers = iter(range(1000))

        def marker():
            return f"mk{next(numbers):03d}x"

        for kind in kinds():
            index = kind.index_model.objects.get(locale=Locale.get_default())
            items = {}
            for state in STATES:
                item_marker, draft_marker = marker(), marker()
                text = _texts(kind.model, item_marker)
                item = kind.model(
                    title=f"{search_word(kind)} {item_marker}",
                    slug=item_marker,
                    visibility=Visibility.INTERNAL if state == INTERNAL else Visibility.PUBLIC,
                    live=False,
                    **text,
                )
                for relation in ("own", "sharing"):
                    item.assignments.add(
                        kind.assignment_model(agency=cls.agencies[relation], deadline=datetime.date(2026, 9, 30))
                    )
                index.add_child(instance=item)
                item.save_revision(user=coordinator)
                item = _bring_to(
                    item,
                    state,
                    submitter=coordinator,
                    reviewer=coordinator,
                    draft_marker=draft_marker,
                    edited={
                        "title": f"{search_word(kind)} {draft_marker}",
                        **{
                            name: value
                            for name, value in _texts(kind.model, draft_marker).items()
                            if isinstance(value, str)
                        },
                    },
                )
                if item is not None:
                    items[state] = Case(
                        kind, state, item, item_marker, draft_marker if state == SENT_BACK_EDITED else ""
                    )
                    cls.cases.append(items[state])
            for state in STATES:
                parent = items[INTERNAL if state == INTERNAL else PUBLISHED]
                update_marker, draft_marker = marker(), marker()
                update = ProgressUpdatePage(
                    title=f"{search_word(kind)} {update_marker}",
                    slug=update_marker,
                    agency=cls.agencies["own"],
                    period_start=datetime.date(2026, 1, 1),
                    period_end=datetime.date(2026, 3, 31),
                    status_claim="on_track",
                    percent_complete=40,
                    status_reason=update_marker,
                    narrative=f"<p>{update_marker}</p>",
                    public_summary=update_marker,
                    live=False,
                    owner=reporter,
                )
                parent.page.add_child(instance=update)
                update.save_revision(user=reporter)
                _bring_to(
                    update,
                    state,
                    submitter=reporter,
                    reviewer=approver,
                    draft_marker=draft_marker,
                    # Not the title: Wagtail's listings (explorer, admin search) show a page's latest
                    # title (``draft_title``) to every reader, an edit's too.
                    edited={
                        "status_reason": draft_marker,
                        "narrative": f"<p>{draft_marker}</p>",
                        "public_summary": draft_marker,
                    },
                )
                case = Case(
                    kind, state, update, update_marker, draft_marker if state == SENT_BACK_EDITED else "", parent
                )
                parent.children.append(case)
                cls.cases.append(case)
        builders.index_for_search()

    # Requests: each surface's responses for an actor, as text. -----------------------------------

    def login(self, actor):
        self.client.logout()
        if is_staff(actor):
            builders.staff_login(self.client, self.users[actor])

    def text(self, url, params=None):
        response = self.client.get(url, params or {})
        if response.status_code != 200:
            return ""
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.get("Content-Type", "").startswith("application/json"):
            # The admin's JSON answers escape non-ASCII text; the API's do not.
            return json.dumps(json.loads(body), ensure_ascii=False)
        return body.decode()

    def surface_texts(self, actor):
        """surface → case → the response text in which that case's markers are looked for."""
        texts = {surface: {} for surface in SURFACES}
        listing = self.text(reverse("pm1_items"), {"p": 1})
        public_search = {}
        admin_search = {}
        feeds = self.text("/th/feeds/updates.rss")
        open_data = "".join(self.text(url, {"format": "csv"}) for url in open_data_urls())
        for kind in kinds():
            public_search[kind.item_type] = self.text("/th/search/", {"q": search_word(kind)})
            admin_search[kind.item_type] = self.text(reverse("wagtailadmin_pages:search"), {"q": search_word(kind)})
        explored, item_answers = {}, {}
        for case in self.cases:
            parent = (
                case.parent.page if case.is_update else case.kind.index_model.objects.get(locale=Locale.get_default())
            )
            if parent.pk not in explored:
                explored[parent.pk] = self.text(reverse("wagtailadmin_explore", args=[parent.pk]))
            texts["explorer"][case] = explored[parent.pk]
            texts["admin listing"][case] = listing
            texts["read view"][case] = self.text(reverse("pm1_page_read", args=[case.page.pk]))
            texts["edit view"][case] = self.text(reverse("wagtailadmin_pages:edit", args=[case.page.pk]))
            texts["history view"][case] = self.text(reverse("wagtailadmin_pages:history", args=[case.page.pk]))
            texts["admin search"][case] = admin_search[case.kind.item_type]
            texts["public search"][case] = public_search[case.kind.item_type]
            texts["feeds"][case] = feeds
            texts["open data"][case] = open_data
            item = case.parent if case.is_update else case
            if item.page.pk not in item_answers:
                item_answers[item.page.pk] = self.text(item_api_url(item.kind, item.page))
            texts["API item"][case] = item_answers[item.page.pk]
            if case.is_update:
                texts["API updates"][case] = self.text(reverse("api-v1:update", args=[case.page.pk]))
        return texts

    def test_every_role_sees_on_every_surface_what_the_readme_rights_table_allows(self):
        failures = []
        for actor in ACTORS:
            self.login(actor)
            texts = self.surface_texts(actor)
            for surface, by_case in texts.items():
                for case, text in by_case.items():
                    shown, hidden = expected_markers(actor, case, surface)
                    for marker in shown:
                        if marker not in text:
                            failures.append(f"{actor} / {surface} / {case}: {marker} missing")
                    for marker in hidden:
                        if marker in text:
                            failures.append(f"{actor} / {surface} / {case}: {marker} shown")
        self.assertEqual(failures, [], "\n".join(failures))

    def test_the_matrix_covers_every_kind_in_every_state_it_can_be_in(self):
        covered = {(case.kind.item_type, case.is_update, case.state) for case in self.cases}
        for kind in kinds():
            for state in STATES:
                self.assertIn((kind.item_type, True, state), covered)
                moderated = state in (IN_MODERATION, SENT_BACK, SENT_BACK_EDITED)
                if kind.model().get_workflow() is not None or not moderated:
                    self.assertIn((kind.item_type, False, state), covered)


def _views(resolver=None, prefix=""):
    """Every URL pattern of the project with its full route, to find each kind's views by their model."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), getattr(pattern.callback, "view_class", None)


def item_api_url(kind, page) -> str:
    """The agency API's answer about one item of ``kind`` (the ``ItemDetailAPI`` serving its model)."""
    for route, view in _views():
        if isinstance(view, type) and issubclass(view, ItemDetailAPI) and view.model is kind.model:
            return "/" + route.replace("<id:pk>", str(page.pk))
    raise AssertionError(f"No API view answers about one {kind.name}.")


def open_data_urls() -> list[str]:
    """Every open data listing (each ``OpenDataAPI`` the URLs route to)."""
    return ["/" + route for route, view in _views() if isinstance(view, type) and issubclass(view, OpenDataAPI)]


class ReadmeRightsTableTests(TestCase):
    """The rules above read the README's rights table: it must still say what they assume."""

    def rows(self) -> dict[str, list[str]]:
        text = README.read_text(encoding="utf-8")
        section = text.split("### Roles and rights", 1)[1].split("\n### ", 1)[0]
        rows = {}
        for line in section.splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if line.startswith("|") and len(cells) == 3 and cells[0] not in ("role", "---"):
                rows[cells[0]] = cells[1:]
        return rows

    def test_the_table_names_exactly_the_roles_the_rules_know(self):
        self.assertEqual(set(self.rows()), {role.value for role in Role})
        self.assertEqual(set(README_ROWS), set(Role))
        self.assertEqual({role for role, _ in ACTORS.values()} - {None}, set(Role))

    def test_each_row_still_says_what_the_rules_read_in_it(self):
        rows = self.rows()
        for role, phrases in README_ROWS.items():
            for phrase in phrases:
                with self.subTest(role=role, phrase=phrase):
                    self.assertIn(phrase, " ".join(rows[role.value]))
