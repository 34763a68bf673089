"""``demo.complaints``: the demo's complaints, on both tracks, received, referred and closed as the PMO does."""

import pytest

from complaints.models import Complainant, ComplaintPage
from core.choices import Track
from demo.complaints import COMPLAINTS, load_complaints
from tests.demo.helpers import prepared_loader

pytestmark = pytest.mark.django_db


def test_the_complaints_are_received_on_both_tracks_referred_and_one_closed():
    loader = prepared_loader()
    load_complaints(loader)
    complaints = {page.reference: page for page in ComplaintPage.objects.all()}
    assert set(complaints) == {spec["reference"] for spec in COMPLAINTS}
    assert {page.track for page in complaints.values()} == {Track.PARLIAMENT, Track.SECRETARY}
    referred = complaints["ร 2569/0001"]
    assert [a.agency.code for a in referred.assignments.order_by("sort_order", "pk")] == ["MOI", "MOT"]
    assert referred.stage == "referred"
    assert complaints["ส 2569/0002"].stage == "closed" and complaints["ส 2569/0002"].outcome
    assert complaints["ร 2569/0003"].stage == "received"
    assert loader.created["pages"] == len(COMPLAINTS)


def test_the_complainants_personal_data_is_kept_apart_from_the_page():
    load_complaints(prepared_loader())
    complainant = Complainant.objects.get(complaint__reference="ร 2569/0001")
    assert (complainant.name, complainant.phone) == ("นายสมมติ ตัวอย่าง", "080-000-0001")
    assert "080-000-0001" not in str(ComplaintPage.objects.get(reference="ร 2569/0001").get_latest_revision().content)


def test_a_second_run_adds_no_complaint():
    load_complaints(prepared_loader())
    loader = prepared_loader()
    load_complaints(loader)
    assert ComplaintPage.objects.count() == len(COMPLAINTS)
    assert loader.created["pages"] == 0
