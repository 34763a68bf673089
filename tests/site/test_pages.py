"""The public pages show what citizens need: figures, filters, items with their agencies and timelines."""

import datetime

import time_machine
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from core.choices import Track, Visibility
from policies.models import PolicyIndicator
from tests import builders
from updates.models import IndicatorValue

FUTURE = datetime.date(2027, 9, 30)


@time_machine.travel(datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC))
class PublicPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข", name_en="Ministry of Public Health")
        cls.mof = builders.agency("MOF", "กระทรวงการคลัง", name_en="Ministry of Finance")
        cls.health = builders.policy("นโยบายสุขภาพ", cls.moph, number="2.1", summary="หลักประกันสุขภาพถ้วนหน้า")
        PolicyIndicator.objects.create(page=cls.health, name="ผู้รับวัคซีน", unit="คน", baseline=0, target=1000)
        cls.sub = builders.policy("โรงพยาบาลใกล้บ้าน", cls.moph, number="2.1.1", parent=cls.health)
        cabinet = builders.occasion("การประชุมคณะรัฐมนตรี 13 มกราคม 2569")
        cls.vaccine = builders.directive(
            "นร 1/2569",
            cls.moph,
            cls.mof,
            title="เร่งรัดการฉีดวัคซีน",
            occasion=cabinet,
            policies=[cls.health],
            deadline=datetime.date(2027, 3, 31),
        )
        cls.foreign = builders.directive(
            "นร 2/2569", cls.mof, title="ติดตามความร่วมมือต่างประเทศ", track=Track.FOREIGN, deadline=FUTURE
        )
        cls.hidden = builders.directive(
            "นร 3/2569", cls.moph, title="เรื่องภายใน", visibility=Visibility.INTERNAL, deadline=FUTURE
        )
        cls.update = builders.update(
            cls.vaccine, cls.moph, evidence=True, publish=True, status="completed", percent=100
        )
        policy_update = builders.update(cls.health, cls.moph, percent=60, publish=True)
        IndicatorValue.objects.create(page=policy_update, indicator=cls.health.indicators.get(), value=420)
        builders.index_for_search()

    def test_home_shows_figures_by_status_and_track_and_recent_updates(self):
        response = self.client.get("/th/")
        self.assertContains(response, '<html lang="th">')
        figures = response.context["figures"]
        self.assertEqual(figures["total"], 2)
        self.assertEqual(figures["track"], {"policy": 1, "foreign": 1})
        self.assertEqual(dict((value, count) for value, _, count in response.context["status_figures"])["on_track"], 1)
        self.assertEqual([item for _, item in response.context["recent_updates"]][0].pk, self.health.pk)
        self.assertContains(response, "เร่งรัดการฉีดวัคซีน")
        self.assertNotContains(response, "เรื่องภายใน")
        self.assertContains(response, "?status=overdue")

    def test_home_has_a_slot_for_the_latest_executive_summary(self):
        response = self.client.get("/th/")
        self.assertIsNone(response.context["executive_summary"])
        self.assertContains(response, "summary-title")

    def test_directive_listing_filters_by_track_agency_status_fiscal_year_and_occasion(self):
        index = builders.directive_index().url
        cases = {
            "track=foreign": ["นร 2/2569"],
            "agency=MOPH": ["นร 1/2569"],
            "status=on_track": ["นร 1/2569"],
            "fiscal_year=2569": ["นร 1/2569", "นร 2/2569"],
            "fiscal_year=2560": [],
            f"occasion={self.vaccine.occasion_id}": ["นร 1/2569"],
            "": ["นร 1/2569", "นร 2/2569"],
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                response = self.client.get(f"{index}?{query}")
                self.assertEqual(sorted(page.reference for page in response.context["items"]), expected)
                self.assertNotContains(response, "นร 3/2569")

    def test_directive_listing_reports_an_invalid_filter_and_ignores_it(self):
        response = self.client.get(builders.directive_index().url + "?track=nonsense&agency=MOPH")
        self.assertContains(response, 'role="alert"')
        self.assertEqual([page.reference for page in response.context["items"]], ["นร 1/2569"])

    def test_overdue_filter_lists_items_past_their_deadline(self):
        late = builders.directive("นร 4/2569", self.mof, deadline=datetime.date(2026, 1, 31))
        response = self.client.get(builders.directive_index().url + "?status=overdue")
        self.assertEqual([page.pk for page in response.context["items"]], [late.pk])

    def test_directive_page_shows_reference_occasion_agencies_timeline_evidence_and_policies(self):
        response = self.client.get(self.vaccine.url)
        for text in (
            "นร 1/2569",
            "การประชุมคณะรัฐมนตรี 13 มกราคม 2569",
            "กระทรวงสาธารณสุข",
            "กระทรวงการคลัง",
            "31 มีนาคม 2570",
            "สรุปสำหรับประชาชน",
            "/documents/",
            "นโยบายสุขภาพ",
            reverse("agency", args=["MOPH"]),
            "social-plugins.line.me/lineit/share",
            "facebook.com/sharer",
            'property="og:title" content="เร่งรัดการฉีดวัคซีน"',
        ):
            self.assertContains(response, text)
        self.assertNotContains(response, "รายละเอียดภายใน")

    def test_english_pages_show_common_era_dates(self):
        english = builders.translate(self.vaccine)
        response = self.client.get(english.url)
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "31 March 2027")
        self.assertNotContains(response, "2569</td>")

    def test_policy_tree_nests_sub_policies(self):
        response = self.client.get(builders.policy_index().url)
        tree = response.context["tree"]
        self.assertEqual([node.page.pk for node in tree], [self.health.pk])
        self.assertEqual([node.page.pk for node in tree[0].children], [self.sub.pk])

    def test_policy_page_shows_progress_indicators_timeline_and_related_directives(self):
        response = self.client.get(self.health.url)
        self.assertEqual(response.context["progress"], 60)
        self.assertContains(response, "ผู้รับวัคซีน")
        self.assertContains(response, "420")
        self.assertContains(response, "นร 1/2569")
        self.assertContains(response, "โรงพยาบาลใกล้บ้าน")

    def test_agency_page_lists_its_items_and_its_on_time_completion_rate(self):
        response = self.client.get(reverse("agency", args=["MOPH"]))
        titles = [assignment.page.title for assignment in response.context["items"]]
        self.assertIn("เร่งรัดการฉีดวัคซีน", titles)
        self.assertNotIn("เรื่องภายใน", titles)
        self.assertEqual(response.context["on_time_rate"], 1.0)
        self.assertContains(response, "100%")
        late = builders.directive("นร 5/2569", self.moph, deadline=datetime.date(2026, 1, 31))
        builders.update(late, self.moph, status="delayed", publish=True)
        response = self.client.get(reverse("agency", args=["MOPH"]))
        self.assertEqual(response.context["on_time_rate"], 0.5)
        self.assertEqual(response.context["overdue"], 1)
        cards = response.content.decode().split('class="figure-cards"')[1].split("</ul>")[0]
        # The overdue card names its status once, not again as the badge of an overdue item.
        self.assertEqual(cards.count("status-overdue"), 1)

    def test_unknown_agency_is_not_found(self):
        self.assertEqual(self.client.get(reverse("agency", args=["NOPE"])).status_code, 404)

    def test_open_data_page_links_the_downloads_and_the_api(self):
        response = self.client.get(reverse("open_data"))
        self.assertContains(response, "/api/v1/open/directives/?format=csv")
        self.assertContains(response, reverse("api-v1:docs"))

    def test_standard_pages_are_served_and_in_the_menu(self):
        from home.models import StandardPage

        about = builders.home_page().add_child(
            instance=StandardPage(title="เกี่ยวกับเรา", slug="about", body="<p>ติดต่อ</p>", show_in_menus=True)
        )
        about.save_revision().publish()
        response = self.client.get(about.url)
        self.assertContains(response, "ติดต่อ")
        self.assertContains(response, f'href="{about.url}" aria-current="page"')

    def test_status_is_shown_with_text_and_an_icon(self):
        response = self.client.get(self.vaccine.url)
        self.assertContains(
            response, 'class="status status-completed"><span class="status-icon" aria-hidden="true">✔</span>'
        )
        with translation.override("th"):
            self.assertContains(response, "ดำเนินการแล้วเสร็จ")

    def test_pages_use_the_self_hosted_font_and_nothing_from_elsewhere(self):
        response = self.client.get("/th/")
        self.assertContains(response, "/static/fonts/sarabun/sarabun-thai-400-normal.woff2")
        self.assertNotContains(response, "fonts.googleapis")
        self.assertNotContains(response, '<script src="http')
