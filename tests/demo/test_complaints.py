"""``demo.complaints``: the demo's complaints, on both tracks, received, referred and closed as the PMO does."""

import pytest
from django.core.cache import cache

from complaints.models import Complainant, ComplaintPage
from core.choices import Track, Visibility
from demo.complaints import COMPLAINTS, load_complaints
from tests.demo.helpers import prepared_loader

pytestmark = pytest.mark.django_db


def test_the_complaints_are_received_on_both_tracks_referred_and_one_closed():
    loader = prepared_loader()
    load_complaints(loader)
    complaints = {page.reference: page for page in ComplaintPage.objects.filter(locale__language_code="th")}
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
    page = ComplaintPage.objects.get(locale__language_code="th", reference="ร 2569/0001")
    assert "080-000-0001" not in str(page.get_latest_revision().content)


def test_a_second_run_adds_no_complaint():
    load_complaints(prepared_loader())
    loader = prepared_loader()
    load_complaints(loader)
    assert ComplaintPage.objects.filter(locale__language_code="th").count() == len(COMPLAINTS)
    assert loader.created["pages"] == 0


def test_the_public_complaints_are_published_in_english_under_english_urls(client):
    load_complaints(prepared_loader())
    english = ComplaintPage.objects.live().filter(locale__language_code="en")
    public = [spec for spec in COMPLAINTS if spec.get("visibility") == Visibility.PUBLIC]
    assert {page.title for page in english} == {spec["english"]["title"] for spec in public}
    cache.clear()
    for page in english:
        assert page.url.startswith("/en/complaints/")
        assert client.get(page.url).status_code == 200
