"""
``manage.py load_demo``: the default bilingual data set (loaded once for this module through Wagtail's
own APIs) and the bulk ``--scale`` path.
"""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Locale, Page, PageLogEntry, WorkflowState
from wagtail_localize.models import Translation, TranslationSource

from agencies.models import Agency, Membership
from complaints.models import Complainant, ComplaintPage
from core.choices import Status, Track
from core.kinds import kinds
from core.roles import Role
from core.status import status_rollup
from demo import data
from demo.plan import GENERATED_PREFIX
from directives.models import DirectiveAssignment, DirectivePage
from foreign.models import ForeignCommitmentPage
from policies.models import PolicyIndexPage, PolicyPage
from reports.facts import facts_rebuild
from reports.models import StaleFacts
from tests.builders import staff_login
from tests.reports.test_facts import facts_snapshot
from updates.models import ProgressUpdatePage
from updates.services import item_refresh_status

pytestmark = pytest.mark.django_db


def _load(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def demo_output(django_db_setup, django_db_blocker):
    """The default demo data, loaded once for the whole module and rolled back after it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _load()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _moderation_state(update: ProgressUpdatePage) -> str:
    if update.live:
        return "published"
    state = update.current_workflow_state
    if state is None:
        return "draft"
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return "sent back"
    return state.current_task_state.task.name


def _latest_published_status(item, agency_id) -> str:
    latest = (
        ProgressUpdatePage.objects.live()
        .child_of(item)
        .filter(agency_id=agency_id)
        .order_by("-period_end", "-last_published_at")
        .first()
    )
    return latest.status_claim if latest else Status.NOT_STARTED


def test_the_demo_has_every_ministry_and_departments_under_their_ministries():
    ministries = Agency.objects.filter(kind=Agency.Kind.MINISTRY)
    assert ministries.count() == 20
    assert set(Agency.objects.filter(code__in=data.DEMO_AGENCIES).values_list("code", flat=True)) == set(
        data.DEMO_AGENCIES
    )
    assert ministries.filter(code="MOPH", short_name_th="สธ.", name_en="Ministry of Public Health").exists()
    assert ministries.filter(code="OPM", name_th="สำนักนายกรัฐมนตรี").exists()
    ddc = Agency.objects.get(name_th="กรมควบคุมโรค")
    assert ddc.kind == Agency.Kind.DEPARTMENT and ddc.parent.code == "MOPH"
    assert Agency.objects.get(name_th="กรมชลประทาน").parent.code == "MOAC"
    assert Agency.objects.get(name_th="กรมป้องกันและบรรเทาสาธารณภัย").parent.code == "MOI"
    demo = Agency.objects.filter(code__in=data.DEMO_AGENCIES)
    assert not demo.exclude(kind=Agency.Kind.MINISTRY).filter(parent__isnull=True).exists()


def test_the_demo_has_at_least_fifty_directives_across_all_four_tracks():
    thai = DirectivePage.objects.filter(locale__language_code="th")
    assert thai.count() >= 50
    assert set(thai.values_list("track", flat=True)) == set(Track.values)
    assert thai.values("reference").distinct().count() == thai.count()
    assert thai.filter(live=True).count() > thai.filter(live=False).count() > 0
    assert thai.filter(visibility="internal").exists() and thai.filter(visibility="public").exists()
    assert thai.filter(occasion__isnull=False).exists()


def test_the_policies_form_a_tree_of_areas_policies_and_sub_items():
    index = PolicyIndexPage.objects.get(locale__language_code="th")
    policies = PolicyPage.objects.descendant_of(index).filter(locale=index.locale)
    depths = sorted(set(policies.values_list("depth", flat=True)))
    assert depths == [index.depth + 1, index.depth + 2, index.depth + 3]
    sub_item = policies.get(number="1.1.1")
    assert sub_item.get_parent().specific.number == "1.1"
    assert PolicyPage.objects.get(locale=index.locale, number="1.3").indicators.exists()
    assert PolicyPage.objects.get(locale=index.locale, number="1.3").assignments.exists()


def test_the_demo_has_updates_in_every_moderation_state():
    updates = list(ProgressUpdatePage.objects.filter(locale__language_code="th").specific())
    assert len(updates) >= 150
    states = {}
    for update in updates:
        states.setdefault(_moderation_state(update), []).append(update)
    assert set(states) == {"draft", "Agency approval", "PMO moderation", "sent back", "published"}
    for update in states["sent back"]:
        assert update.current_workflow_state.current_task_state.comment
    published = states["published"][0]
    # Publication went through both workflow tasks, and the audit log shows it.
    actions = set(PageLogEntry.objects.filter(page=published).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions


def test_every_update_is_by_an_assigned_agency_and_completed_ones_have_evidence():
    for update in ProgressUpdatePage.objects.filter(locale__language_code="th").specific():
        item = update.get_parent().specific
        assert update.agency_id in item.agency_scope()
        assert 0 <= update.percent_complete <= 100
        assert update.period_start <= update.period_end
        if update.status_claim == Status.COMPLETED:
            assert update.evidence.filter(document__isnull=False).exists()


def test_item_statuses_are_rolled_up_from_the_published_updates():
    for item in [*DirectivePage.objects.filter(live=True), *PolicyPage.objects.filter(live=True)]:
        assignments = list(item.assignments.all())
        source = item.get_translation(Locale.objects.get(language_code="th"))
        for assignment in assignments:
            assert assignment.status == _latest_published_status(source, assignment.agency_id)
        assert item.status == status_rollup(a.status for a in assignments)


def test_there_are_demo_users_for_every_role_with_the_demo_password():
    User = get_user_model()
    for username, role, agency_code, *_ in data.USERS:
        # A login always has a request: django-axes counts failures by account and address.
        user = authenticate(RequestFactory().post("/admin/login/"), username=username, password=data.DEMO_PASSWORD)
        assert user is not None, username
        assert user.wagtail_userprofile.preferred_language == "th"
        if role is None:
            assert user.is_superuser
        else:
            assert user.groups.filter(name=role).exists()
        if agency_code:
            assert Membership.objects.filter(user=user, agency__code=agency_code).exists()
    roles = set(User.objects.values_list("groups__name", flat=True))
    assert set(Role.values) <= roles
    assert Membership.objects.filter(agency__code="MOPH", role="approver", user__username="approver_moph").exists()


def test_assignments_have_deadlines_before_and_after_the_demo_date():
    deadlines = DirectiveAssignment.objects.values_list("deadline", flat=True)
    assert any(d < data.AS_OF for d in deadlines)
    assert any(d > data.AS_OF for d in deadlines)
    assert DirectiveAssignment.objects.filter(role="supporting").exists()


def test_public_directives_and_policies_have_english_translations():
    english = Locale.objects.get(language_code="en")
    for page in DirectivePage.objects.filter(locale__language_code="th", live=True, visibility="public"):
        translation = page.get_translation(english)
        assert translation.live and translation.title != page.title
        assert translation.reference == page.reference
    assert PolicyPage.objects.filter(locale=english, live=True).exists()


def test_every_public_item_of_every_kind_is_served_in_english_under_an_english_url(client):
    english = Locale.objects.get(language_code="en")
    for kind in kinds():
        thai = kind.model.objects.live().public().filter(locale__language_code="th", visibility="public")
        for page in thai:
            translation = page.get_translation(english)
            assert translation.live and translation.title != page.title, (kind, page.title)
            assert translation.url.startswith("/en/"), translation.url
            response = client.get(translation.url)
            assert response.status_code == 200, translation.url
            assert '<html lang="en">' in response.content.decode()


def test_english_pages_are_wagtail_localize_translations_in_english():
    english = Locale.objects.get(language_code="en")
    thai_letters = re.compile("[\u0e00-\u0e7f]")
    for model in (DirectivePage, PolicyPage):
        for page in model.objects.filter(locale=english):
            source = page.get_translation(Locale.objects.get(language_code="th"))
            assert Translation.objects.filter(
                source=TranslationSource.objects.get_for_instance(source), target_locale=english, enabled=True
            ).exists(), "it opens in wagtail-localize's translation editor"
            assert not thai_letters.search(page.title + page.body), page.title


def test_a_translator_opens_an_english_directive_in_the_translation_editor(client):
    english = DirectivePage.objects.filter(locale__language_code="en").first()
    staff_login(client, get_user_model().objects.get(username="translator"))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert response.status_code == 200
    assert "js-translation-editor" in response.content.decode()


def test_the_credentials_are_printed(demo_output):
    assert "pm1-demo-2569" in demo_output
    for username, *_ in data.USERS:
        assert username in demo_output


def test_the_accounts_that_need_two_step_verification_are_named(demo_output):
    line = next(line for line in demo_output.splitlines() if "two-step verification is mandatory" in line)
    assert line.startswith("admin, ") and "coordinator" in line and "oathtool" in line
    assert "reporter_moph" not in line


def test_the_demo_has_complaints_on_both_tracks_and_foreign_affairs_commitments():
    complaints = ComplaintPage.objects.filter(live=True, locale__language_code="th")
    assert set(complaints.values_list("track", flat=True)) == {Track.PARLIAMENT, Track.SECRETARY}
    assert set(complaints.values_list("stage", flat=True)) >= {"received", "referred", "closed"}
    assert Complainant.objects.count() == complaints.count()
    foreign = ForeignCommitmentPage.objects.filter(live=True, locale__language_code="th", assignments__isnull=False)
    assert foreign.distinct().count() == 2


def test_the_demo_has_published_items_and_listings_of_every_registered_kind(client):
    for kind in kinds():
        for language in ("th", "en"):
            index = kind.index_model.objects.live().get(locale__language_code=language)
            assert client.get(index.url).status_code == 200, (kind, language)
        thai = kind.model.objects.live().filter(locale__language_code="th")
        assert thai.exists(), kind
        public = thai.public().filter(visibility="public").first()
        assert public is not None, kind
        assert client.get(public.url).status_code == 200, kind


def test_a_second_run_adds_nothing():
    pages, users = Page.objects.count(), get_user_model().objects.count()
    output = _load()
    assert "already there" in output
    assert (Page.objects.count(), get_user_model().objects.count()) == (pages, users)


def test_scale_adds_directives_with_updates_in_a_sound_tree():
    before = DirectivePage.objects.count()
    output = _load("--scale", "50", "--batch-size", "20")
    assert "Generated 50 directives" in output
    generated = DirectivePage.objects.filter(reference__startswith=GENERATED_PREFIX)
    assert DirectivePage.objects.count() - before == generated.count() == 50
    assert sum(page.numchild for page in generated) >= 100
    assert Page.find_problems() == ([], [], [], [], [])
    for page in generated:
        assert page.live and page.live_revision_id == page.latest_revision_id
        assert page.numchild == page.get_children().count()
        assignments = list(page.assignments.all())
        for assignment in assignments:
            assert assignment.status == _latest_published_status(page, assignment.agency_id)
        assert page.status == status_rollup(a.status for a in assignments)
        # The service that keeps statuses current agrees with what was generated.
        assert item_refresh_status(item=page) == page.status
    completed = ProgressUpdatePage.objects.filter(
        path__startswith=generated.first().get_parent().path, status_claim=Status.COMPLETED, live=True
    ).last()
    # The revision holds the evidence row itself (with its key), as save_revision() would.
    assert [e.pk for e in completed.get_latest_revision_as_object().evidence.all()] == [
        e.pk for e in completed.evidence.all()
    ]


def test_a_generated_directive_can_be_edited_and_republished(client):
    _load("--scale", "3")
    page = DirectivePage.objects.filter(reference__startswith=GENERATED_PREFIX).first()
    draft = page.get_latest_revision_as_object()
    assert [a.pk for a in draft.assignments.all()] == [a.pk for a in page.assignments.all()]
    draft.title = "ข้อสั่งการที่แก้ไขแล้ว"
    revision = draft.save_revision(user=get_user_model().objects.get(username="coordinator"))
    revision.publish()
    page.refresh_from_db()
    assert page.title == "ข้อสั่งการที่แก้ไขแล้ว" and page.live_revision == revision
    assert client.get(page.url).status_code == 200
    assert page in DirectivePage.objects.search(page.reference)


def test_a_second_scale_run_continues_the_numbering():
    _load("--scale", "2")
    _load("--scale", "2")
    references = sorted(
        DirectivePage.objects.filter(reference__startswith=GENERATED_PREFIX).values_list("reference", flat=True)
    )
    assert references == [f"{GENERATED_PREFIX}{n:06d}" for n in range(1, 5)]


def test_the_bulk_scale_leaves_the_reporting_facts_written_and_as_a_rebuild_would():
    _load("--scale", "5", "--batch-size", "2")
    # The bulk writer flushed as it went: nothing is left for the first reader of the figures.
    assert not StaleFacts.objects.exists()
    written = facts_snapshot()
    live = DirectivePage.objects.live().filter(locale=Locale.get_default()).count()
    assert sum(kind == "directive" for _item, _status, kind, *_fields in written[0]) == live
    facts_rebuild()
    assert facts_snapshot() == written


class _Terminal(StringIO):
    """A stream that says it is a terminal, as a developer's shell is."""

    def isatty(self):
        return True


def test_progress_bars_are_drawn_on_a_terminal_and_never_written_to_a_log():
    log, terminal = StringIO(), _Terminal()
    call_command("load_demo", "--scale", "1", stdout=StringIO(), stderr=log)
    call_command("load_demo", "--scale", "1", stdout=StringIO(), stderr=terminal)
    assert "\r" not in log.getvalue()
    drawn = terminal.getvalue()
    assert "\r" in drawn and "translations" in drawn and "generated directives" in drawn
