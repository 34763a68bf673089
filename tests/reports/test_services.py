"""Reporting rounds and their frozen snapshots; executive summary pages whose figures stay frozen."""

import datetime
import json
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.models import Locale

from core.choices import Track
from notifications.kinds import EventKind
from notifications.models import Channel, Delivery, Event
from reports import selectors, services
from reports.models import ExecutiveSummaryPage, RoundSnapshot
from tests import builders
from tests.complaints.helpers import PERSONAL

from .world import TODAY, build_world, publish_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _round(world):
    items = [world.directives["shared"], world.directives["internal"], world.policy]
    return services.round_open(
        title="รอบรายงานเดือนมีนาคม 2569",
        kind="monthly",
        period_start=datetime.date(2026, 2, 1),
        period_end=datetime.date(2026, 2, 28),
        due_on=datetime.date(2026, 3, 5),
        items=items,
    )


def test_a_round_knows_who_owes_an_update_and_who_has_not_submitted(world):
    reporting_round = _round(world)
    owed = {(row["item"], row["agency"]): row["reported"] for row in selectors.round_assignments(reporting_round)}
    shared, internal = world.directives["shared"], world.directives["internal"]
    # The department completed: it owes nothing. Nobody reported for February yet.
    assert owed == {
        (shared.pk, world.other.pk): False,
        (internal.pk, world.ministry.pk): False,
        (world.policy.pk, world.ministry.pk): False,
        (world.policy.pk, world.other.pk): False,
    }
    publish_update(internal, world.ministry, status="delayed", on=datetime.date(2026, 2, 27))
    missing = {row["code"]: row["missing"] for row in selectors.agencies_not_reported(selectors.DashboardFilters())}
    assert missing == {"MOI": 2, "MOPH": 1}


def test_closing_a_round_freezes_its_snapshot(world):
    reporting_round = services.round_close(reporting_round=_round(world), today=TODAY)
    snapshot = {(s.item_id, s.agency.code): s for s in RoundSnapshot.objects.filter(round=reporting_round)}
    assert len(snapshot) == 5
    shared = snapshot[world.directives["shared"].pk, "MOI"]
    assert (shared.status, shared.overdue, shared.reported) == ("delayed", True, False)
    before = list(RoundSnapshot.objects.values_list("status", "overdue", "reported", "percent_complete"))
    publish_update(world.directives["shared"], world.other, status="completed", on=datetime.date(2026, 3, 2))
    assert list(RoundSnapshot.objects.values_list("status", "overdue", "reported", "percent_complete")) == before
    with pytest.raises(ValidationError):
        services.round_close(reporting_round=reporting_round)
    (compared,) = services.round_compare(rounds=[reporting_round])
    assert (compared["assignments"], compared["overdue"], compared["completed"]) == (5, 4, 1)


def test_an_executive_summary_freezes_its_figures_at_first_publication(world):
    index = builders.summary_index()
    page = index.add_child(
        instance=ExecutiveSummaryPage(
            title="สรุปสำหรับผู้บริหาร ปีงบประมาณ 2569",
            slug="fy2569",
            fiscal_year=2569,
            published_on=TODAY,
            narrative="<p>ภาพรวมการดำเนินงานเป็นไปตามแผน</p>",
        )
    )
    page.save_revision().publish()
    page.refresh_from_db()
    frozen = page.figures
    # The page and its PDF are public: the internal directive and complaint are not in them.
    assert frozen["key"]["items"] == 5 and page.pdf is not None
    assert (frozen["key"]["complaints"], frozen["key"]["foreign_commitments"]) == (1, 1)
    pdf = page.pdf.file.read()
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, check=True, capture_output=True).stdout.decode()
    assert "นร 2569/001" in text and "นร 2569/003" not in text
    # Table cells wrap: compared without the line breaks.
    squashed = "".join(text.split())
    assert "สผ2569/001" in squashed and "กต2569/001" in squashed
    assert "ลน2569/001" not in squashed and "".join(world.complaints["secretary"].title.split()) not in squashed

    builders.directive("นร 2569/099", world.other, issued_on=datetime.date(2026, 4, 1))
    page.narrative = "<p>ปรับถ้อยคำ</p>"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.figures == frozen
    now = services.summary_figures(filters=selectors.DashboardFilters(fiscal_year=2569, public_only=True))
    assert now["key"]["items"] == 6

    listing = Client().get(index.url).content.decode()
    assert page.title in listing and page.pdf.url in listing
    assert Client().get(page.pdf.url).status_code == 200
    assert ">5<" in Client().get(page.url).content.decode()

    english = builders.translate(page, "en", title="Executive summary FY 2026", narrative="<p>On track.</p>")
    english.refresh_from_db()
    assert english.figures == frozen and english.pdf_id != page.pdf_id
    assert selectors.latest_executive_summary(Locale.objects.get(language_code="en")).pk == english.pk


def test_the_agencies_a_round_covers_are_told_it_opened_and_closed(world):
    reporters = {
        agency.code: builders.user(f"reporter_{agency.code}", agency=agency, membership="reporter")
        for agency in (world.ministry, world.other)
    }
    outsider = builders.user("outsider", agency=builders.agency("MOF"), membership="reporter")
    reporting_round = _round(world)
    services.round_close(reporting_round=reporting_round, today=TODAY)
    for kind in (EventKind.ROUND_OPENED, EventKind.ROUND_CLOSED):
        event = Event.objects.get(kind=kind)
        assert event.key == f"{kind}:{reporting_round.pk}"
        assert event.context["title"] == "รอบรายงานเดือนมีนาคม 2569"
        told = {delivery.user for delivery in Delivery.objects.filter(event=event, channel=Channel.IN_APP)}
        assert told == set(reporters.values())
        assert outsider not in told
    assert Event.objects.get(kind=EventKind.ROUND_OPENED).context["deadline"] == "2026-03-05"


def test_a_round_of_complaints_and_commitments_owes_their_updates_and_freezes_them(world):
    parliament, commitment = world.complaints["parliament"], world.commitment
    reporting_round = services.round_open(
        title="รอบรายงานเรื่องร้องเรียนและการต่างประเทศ",
        kind="ad_hoc",
        period_start=datetime.date(2026, 2, 1),
        period_end=datetime.date(2026, 2, 28),
        due_on=datetime.date(2026, 3, 5),
        items=[parliament, commitment],
    )
    owed = {(row["item"], row["agency"]): row["reported"] for row in selectors.round_assignments(reporting_round)}
    # The ministry's update on the commitment (20 February) falls in the round's period.
    assert owed == {
        (parliament.pk, world.other.pk): False,
        (commitment.pk, world.ministry.pk): True,
        (commitment.pk, world.other.pk): False,
    }
    missing = {row["code"]: row["missing"] for row in selectors.agencies_not_reported(selectors.DashboardFilters())}
    assert missing == {"MOI": 2}
    publish_update(parliament, world.other, status="delayed", on=datetime.date(2026, 2, 27), percent=10)
    missing = {row["code"]: row["missing"] for row in selectors.agencies_not_reported(selectors.DashboardFilters())}
    assert missing == {"MOI": 1}

    services.round_close(reporting_round=reporting_round, today=TODAY)
    snapshot = {(s.item_id, s.agency.code): s for s in RoundSnapshot.objects.filter(round=reporting_round)}
    assert set(snapshot) == {(parliament.pk, "MOI"), (commitment.pk, "MOPH"), (commitment.pk, "MOI")}
    complained = snapshot[parliament.pk, "MOI"]
    assert (complained.item_title, complained.status, complained.overdue, complained.reported) == (
        parliament.title,
        "delayed",
        True,
        True,
    )
    assert (complained.percent_complete, snapshot[commitment.pk, "MOPH"].percent_complete) == (10, 30)


def test_summary_figures_name_complaints_by_title_and_hold_no_complainant_data(world):
    figures = services.summary_figures(filters=selectors.DashboardFilters(today=TODAY))
    held = json.dumps(figures, ensure_ascii=False)
    # The overdue annex names complaints by their title (the 2568 one is overdue, its complainant known).
    assert world.complaints["parliament"].title in held and world.complaints["secretary_2568"].title in held
    assert figures["key"]["complaints"] == 3
    # The PDF's section per track is built from these rows: every track has items in them.
    assert {row["track"] for row in figures["status_by_track"]} == set(Track.values)
    for value in PERSONAL.values():
        assert value not in held
