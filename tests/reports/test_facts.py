"""
The reporting facts (``reports.facts``): whatever changes the pages, by Django or behind its back, the
figures count from facts equal to facts written afresh from the pages.
"""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from wagtail.models import Page

from core.choices import Status, Track
from core.models import tracked_item_models
from directives.models import DirectiveAssignment, DirectivePage
from reports import selectors
from reports.facts import facts_flush, facts_rebuild
from reports.models import AssignmentFact, ItemFact, ReportingRound, StaleFacts, UpdateFact
from reports.selectors import DashboardFilters
from reports.triggers import PREFIX, triggers_drop
from tests import builders
from updates.models import ProgressUpdatePage

from .world import TODAY, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


#: What an assignment's facts copy from its item's.
ITEM_FIELDS = ("kind", "track", "start", "end", "occasion_id", "public")


def facts_snapshot():
    """Every fact as it stands once the stale pages are written again."""
    facts_flush()
    assignments = ("item_id", "assignment", "agency_id", "status", "deadline", "completed_on", *ITEM_FIELDS)
    return (
        set(ItemFact.objects.values_list("item_id", "status", *ITEM_FIELDS)),
        Counter(AssignmentFact.objects.values_list(*assignments)),
        set(UpdateFact.objects.values_list("update_id", "item_id", "agency_id", "period_start", "period_end")),
    )


def _rebuilt():
    facts_rebuild()
    return facts_snapshot()


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


def test_every_kind_and_the_updates_mark_their_pages_stale():
    tables = [ProgressUpdatePage._meta.db_table]
    for model in tracked_item_models():
        tables += [model._meta.db_table, model._meta.get_field("assignments").related_model._meta.db_table]
    triggers = _triggers()
    for table in tables:
        assert any(name.startswith(f"{PREFIX}{table}_") for name in triggers), table


def test_a_database_without_the_triggers_gets_them_at_the_next_migrate(world):
    triggers_drop(connection)
    assert not {name for name in _triggers() if name.startswith(PREFIX)}
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    test_every_kind_and_the_updates_mark_their_pages_stale()
    facts_flush()
    DirectivePage.objects.filter(pk=world.directives["shared"].pk).update(status=Status.NOT_PURSUED)
    assert StaleFacts.objects.filter(page=world.directives["shared"].pk).exists()


def test_what_the_workflows_write_equals_facts_written_afresh(world):
    # Moderation: an update sent to its approvers counts for a round before it is published.
    update = builders.update(world.directives["next_year"], world.ministry, period=(TODAY, TODAY))
    update.get_workflow().start(update, None)
    # Publication and unpublication, a translation, a deletion, a new assignment.
    world.directives["foreign"].unpublish()
    builders.translate(world.policy)
    world.complaints["secretary_2568"].delete()
    shared = world.directives["shared"]
    shared.assignments.add(DirectiveAssignment(agency=world.ministry, deadline=datetime.date(2026, 2, 2)))
    shared.save_revision().publish()

    facts = facts_snapshot()
    assert update.pk in {row[0] for row in facts[2]}
    assert world.directives["foreign"].pk not in {row[0] for row in facts[0]}
    assert world.complaints["secretary_2568"].pk not in {row[0] for row in facts[0]}
    assert facts == _rebuilt()


def test_changes_behind_djangos_back_reach_the_figures(world):
    shared = world.directives["shared"]
    filters = DashboardFilters(today=TODAY)
    before = selectors.key_figures(filters)

    DirectivePage.objects.filter(pk=shared.pk).update(status=Status.NOT_PURSUED, track=Track.PARLIAMENT)
    DirectiveAssignment.objects.filter(page=shared).update(status=Status.ON_TRACK, deadline=datetime.date(2026, 1, 1))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE wagtailcore_page SET live = %s WHERE id = %s", [False, world.policy.pk])

    key = selectors.key_figures(filters)
    assert key["policies"] == before["policies"] - 1
    assert key["not_pursued"] == before["not_pursued"] + 1
    overdue = DirectiveAssignment.objects.filter(page=shared).count()
    assert {"track": Track.PARLIAMENT, "status": Status.NOT_PURSUED, "count": 1} in selectors.status_by_track(filters)
    total, rows = selectors.overdue_assignments(filters)
    assert sum(row["item"] == shared.pk for row in rows) == overdue
    assert not StaleFacts.objects.exists()
    assert facts_snapshot() == _rebuilt()


def test_a_deleted_update_or_item_leaves_no_facts(world):
    update = ProgressUpdatePage.objects.child_of(world.commitment).get()
    facts_flush()
    assert UpdateFact.objects.filter(update_id=update.pk).exists()
    update.delete()
    world.commitment.delete()
    facts_flush()
    assert not UpdateFact.objects.filter(update_id=update.pk).exists()
    assert not ItemFact.objects.filter(item_id=world.commitment.pk).exists()
    assert not AssignmentFact.objects.filter(item_id=world.commitment.pk).exists()


def test_a_round_counts_an_update_moved_to_another_item(world):
    reporting_round = ReportingRound.objects.create(
        title="รอบ", period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 1, 31), due_on=TODAY
    )
    reporting_round.items.set([world.directives["next_year"], world.directives["shared"]])
    update = builders.update(
        world.directives["shared"], world.ministry, period=(datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
    )
    update.save_revision().publish()
    Page.objects.get(pk=update.pk).move(world.directives["next_year"], pos="last-child")
    reported = {(row["item"], row["agency"]): row["reported"] for row in selectors.round_assignments(reporting_round)}
    assert reported[world.directives["next_year"].pk, world.ministry.pk] is True


def test_the_rebuild_command_writes_every_fact(world):
    expected = facts_snapshot()
    ItemFact.objects.all().delete()
    UpdateFact.objects.all().delete()
    out = StringIO()
    call_command("rebuild_reporting_facts", stdout=out)
    assert facts_snapshot() == expected
    assert f"{len(expected[0]):,} items" in out.getvalue()
    assert f"{sum(expected[1].values()):,} assignments" in out.getvalue()
