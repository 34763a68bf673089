"""
The site skeleton (``home.skeleton``, migration home 0003): a database made by ``migrate`` alone has the
Thai home page, its English translation and every kind's index page under each, serves them, takes an
import and an agency's push; making the skeleton again leaves an editor's changes alone.
"""

import json
from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import nested_form_data, rich_text

from api.services import apikey_issue
from complaints.models import ComplaintIndexPage
from core.roles import Role
from directives.models import DirectiveIndexPage, DirectivePage
from foreign.models import ForeignIndexPage
from home.models import HomePage, StandardPage
from home.skeleton import INDEX_PAGES, skeleton_create
from policies.models import PolicyIndexPage
from reports.models import ExecutiveSummaryIndexPage
from tests import builders
from tests.imports.helpers import agencies, csv_bytes, row
from updates.models import ProgressUpdatePage

pytestmark = pytest.mark.django_db

INDEX_MODELS = [PolicyIndexPage, DirectiveIndexPage, ComplaintIndexPage, ForeignIndexPage, ExecutiveSummaryIndexPage]
PATHS = ["/", "/policies/", "/directives/", "/complaints/", "/foreign-affairs/", "/executive-summaries/"]


def _snapshot():
    """Every page as stored, and every index page's introduction."""
    pages = list(Page.objects.order_by("pk").values())
    intros = [list(model.objects.order_by("pk").values_list("pk", "intro")) for model in INDEX_MODELS]
    return pages, intros


def _sound():
    assert Page.find_problems() == ([], [], [], [], [])
    for page in Page.objects.all():
        assert page.numchild == page.get_children().count(), page.url_path
        if page.depth > 1:
            assert page.url_path == f"{page.get_parent().url_path}{page.slug}/"


def _historical_apps():
    return MigrationExecutor(connection).loader.project_state(("home", "0003_site_skeleton")).apps


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("path", PATHS)
def test_a_migrated_database_serves_the_home_page_and_every_index_page(client, language, path):
    response = client.get(f"/{language}{path}")
    assert response.status_code == 200
    assert response.context["page"].locale.language_code == language


def test_every_index_page_is_live_under_its_languages_home_and_shares_a_translation_key():
    homes = {code: HomePage.objects.get(locale__language_code=code) for code in ("th", "en")}
    assert homes["th"].translation_key == homes["en"].translation_key
    for model, spec in zip(INDEX_MODELS, INDEX_PAGES, strict=True):
        thai, english = (model.objects.get(locale__language_code=code) for code in ("th", "en"))
        assert (thai.title, english.title) == (spec.title_th, spec.title_en)
        assert thai.translation_key == english.translation_key
        assert thai.get_parent().pk == homes["th"].pk and english.get_parent().pk == homes["en"].pk
        assert thai.live and english.live and not thai.has_unpublished_changes
        assert thai.url == f"/th/{spec.slug_th}/" and english.url == f"/en/{spec.slug_en}/"
    assert DirectiveIndexPage.objects.get(locale__language_code="en").intro.startswith("<p>The Prime Minister")
    _sound()


def test_making_the_skeleton_again_changes_nothing():
    before = _snapshot()
    assert skeleton_create(apps=apps) == 0
    import_module("home.migrations.0003_site_skeleton").create_skeleton(_historical_apps(), None)
    assert _snapshot() == before


def test_an_edited_site_is_left_alone_and_only_what_is_missing_is_made_again():
    thai_directives = builders.directive_index()
    thai_directives.title, thai_directives.slug = "ข้อสั่งการของนายก", "pm-directives"
    thai_directives.save_revision().publish()
    builders.index_page(ComplaintIndexPage).move(builders.policy_index(), pos="last-child")
    HomePage.objects.get(locale__language_code="en").delete()
    thai = Locale.objects.get(language_code="th")
    kept = list(Page.objects.filter(locale=thai, depth__gt=1).order_by("pk").values())

    # The English home and its five index pages, by the historical models of the migration as migrate runs it.
    import_module("home.migrations.0003_site_skeleton").create_skeleton(_historical_apps(), None)

    assert list(Page.objects.filter(locale=thai, depth__gt=1).order_by("pk").values()) == kept
    thai_home, english_home = (HomePage.objects.get(locale__language_code=code) for code in ("th", "en"))
    assert english_home.translation_key == thai_home.translation_key and english_home.url == "/en/"
    for model in INDEX_MODELS:
        thai_page, english_page = (model.objects.get(locale__language_code=code) for code in ("th", "en"))
        assert thai_page.translation_key == english_page.translation_key
        assert english_page.get_parent().pk == english_home.pk
    assert builders.index_page(ComplaintIndexPage).get_parent().pk == builders.policy_index().pk
    assert builders.directive_index().url == "/th/pm-directives/"
    assert skeleton_create(apps=apps) == 0
    _sound()


def test_a_deleted_thai_index_page_is_made_again_as_the_translation_of_the_english_one():
    english = builders.index_page(ForeignIndexPage, "en")
    builders.index_page(ForeignIndexPage).delete()
    assert skeleton_create(apps=apps) == 1
    thai = builders.index_page(ForeignIndexPage)
    assert thai.translation_key == english.translation_key and thai.url == "/th/foreign-affairs/"
    assert thai.get_parent().pk == HomePage.objects.get(locale__language_code="th").pk
    _sound()


def test_an_index_page_is_made_again_under_a_free_slug_beside_an_editors_page():
    english_home = HomePage.objects.get(locale__language_code="en")
    builders.index_page(PolicyIndexPage, "en").delete()
    english_home.refresh_from_db()
    about = english_home.add_child(instance=StandardPage(title="Policies", slug="policies", body="<p>About.</p>"))
    assert skeleton_create(apps=apps) == 1
    assert builders.index_page(PolicyIndexPage, "en").slug == "policies-2"
    assert StandardPage.objects.get(pk=about.pk).url == "/en/policies/"
    _sound()


def test_import_directives_into_a_migrated_database(tmp_path):
    agencies()
    path = tmp_path / "directives.csv"
    path.write_bytes(csv_bytes([row(title_en="Speed up vaccination in the south", body_en="Report weekly.")]))
    call_command("import_directives", str(path), "--publish", "--no-progress", stdout=StringIO(), stderr=StringIO())
    directive = DirectivePage.objects.get(locale__language_code="th")
    assert directive.get_parent().pk == builders.directive_index().pk and directive.live
    english = directive.get_translation(Locale.objects.get(language_code="en"))
    assert english.get_parent().pk == builders.directive_index("en").pk
    assert DirectiveIndexPage.objects.count() == 2
    _sound()


def test_an_agency_pushes_an_update_into_a_migrated_database(client, tmp_path):
    moph = agencies()["MOPH"]
    path = tmp_path / "directives.csv"
    path.write_bytes(csv_bytes([row()]))
    call_command("import_directives", str(path), "--publish", "--no-progress", stdout=StringIO(), stderr=StringIO())
    directive = DirectivePage.objects.get()
    _, key = apikey_issue(agency=moph, name="ระบบรายงาน สธ.")
    cache.clear()
    body = {
        "item": directive.pk,
        "period_start": "1/1/2565",
        "period_end": "2022-03-31",
        "status_claim": "on_track",
        "percent_complete": 30,
        "status_reason": "เริ่มดำเนินการตามแผน",
        "narrative": "ฉีดวัคซีนแล้วร้อยละ 30",
        "public_summary": "เริ่มดำเนินการแล้ว",
    }
    response = client.post(
        "/api/v1/updates/",
        json.dumps(body),
        content_type="application/json",
        headers={"authorization": f"Bearer {key}"},
    )
    assert response.status_code == 201, response.content
    assert ProgressUpdatePage.objects.child_of(directive).count() == 1


def test_a_coordinator_edits_and_publishes_an_index_page_in_the_admin(client):
    builders.staff_login(client, builders.user("coordinator", role=Role.PMO_COORDINATOR))
    index = builders.directive_index()
    url = reverse("wagtailadmin_pages:edit", args=[index.pk])
    assert client.get(url).status_code == 200
    data = nested_form_data({"title": index.title, "slug": index.slug, "intro": rich_text("<p>ข้อสั่งการทั้งหมด</p>")}) | {
        "action-publish": "publish"
    }
    assert client.post(url, data).status_code == 302
    index.refresh_from_db()
    assert "ข้อสั่งการทั้งหมด" in index.intro and index.live_revision is not None
    assert client.get("/th/directives/").status_code == 200


def test_a_translator_edits_the_english_index_page_and_translations_land_under_it(client):
    moph = builders.agency("MOPH")
    directive = builders.directive("นร 80/2569", moph)
    builders.staff_login(client, builders.user("coordinator", role=Role.PMO_COORDINATOR))
    english = Locale.objects.get(language_code="en")
    submit = reverse("wagtail_localize:submit_page_translation", args=[directive.pk])
    assert client.post(submit, {"locales": [english.pk]}).status_code == 302
    translation = DirectivePage.objects.get(translation_key=directive.translation_key, locale=english)
    assert translation.get_parent().pk == builders.directive_index("en").pk
    assert DirectiveIndexPage.objects.count() == 2

    client.logout()
    builders.staff_login(client, builders.user("translator", role=Role.TRANSLATOR))
    index = builders.directive_index("en")
    url = reverse("wagtailadmin_pages:edit", args=[index.pk])
    assert client.get(url).status_code == 200
    data = nested_form_data({"title": "Directives of the Prime Minister", "slug": index.slug, "intro": rich_text("")})
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    index.refresh_from_db()
    assert index.get_latest_revision_as_object().title == "Directives of the Prime Minister"
