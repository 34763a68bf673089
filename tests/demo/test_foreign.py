"""``demo.foreign``: the demo's foreign-affairs commitments, published with their agencies, the lead first."""

import pytest
from django.core.cache import cache

from demo.foreign import FOREIGN, load_foreign_commitments
from foreign.models import ForeignCommitmentPage
from tests.demo.helpers import prepared_loader

pytestmark = pytest.mark.django_db


def test_the_commitments_are_published_with_their_lead_agency_first(client):
    loader = prepared_loader()
    load_foreign_commitments(loader)
    pages = {page.reference: page for page in ForeignCommitmentPage.objects.live().filter(locale__language_code="th")}
    assert set(pages) == {spec["reference"] for spec in FOREIGN}
    roles = [(a.agency.code, a.role) for a in pages["ตท 2569/001"].assignments.order_by("sort_order", "pk")]
    assert roles == [("MOI", "lead"), ("MFA", "supporting")]
    assert loader.created["pages"] == len(FOREIGN)
    cache.clear()
    assert client.get(pages["ตท 2569/001"].url).status_code == 200


def test_a_second_run_adds_no_commitment():
    load_foreign_commitments(prepared_loader())
    loader = prepared_loader()
    load_foreign_commitments(loader)
    assert ForeignCommitmentPage.objects.filter(locale__language_code="th").count() == len(FOREIGN)
    assert ForeignCommitmentPage.objects.filter(locale__language_code="en").count() == len(FOREIGN)
    assert loader.created["pages"] == 0


def test_the_commitments_are_published_in_english_under_english_urls(client):
    load_foreign_commitments(prepared_loader())
    english = ForeignCommitmentPage.objects.live().filter(locale__language_code="en")
    assert {page.title for page in english} == {spec["english"]["title"] for spec in FOREIGN}
    cache.clear()
    for page in english:
        assert page.url.startswith("/en/foreign-affairs/")
        assert client.get(page.url).status_code == 200
