"""
The public site in real Chromium: a citizen browses home → policy → directive → update, switches
language on an item, searches and filters, and never reaches internal or unpublished content; axe-core
finds no WCAG 2.1 AA violation on any public page type in either language; the keyboard alone gets
around; screenshots of the main pages at desktop and phone widths land in var/screenshots/.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.urls import reverse
from django.utils import translation
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from core.choices import Visibility
from home.models import StandardPage
from reports.models import ExecutiveSummaryPage
from tests import builders
from tests.complaints import helpers as complaints_helpers

from .test_csp import CHROMEDRIVER, CHROMIUM, browser, replaced

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"desktop": (1280, 900), "phone": (360, 780)}


class PublicSiteInBrowserTests(StaticLiveServerTestCase):
    serialized_rollback = True

    @classmethod
    def setUpClass(cls):
        if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
            raise cls.failureException("install chromium and chromium-driver (Debian) for the browser checks")
        super().setUpClass()
        cls.driver = browser()
        cls.addClassCleanup(cls.driver.quit)

    def setUp(self):
        self.driver.set_window_size(*WIDTHS["desktop"])
        moph = builders.agency("MOPH", "กระทรวงสาธารณสุข", name_en="Ministry of Public Health", short_name_en="MOPH")
        self.moph = moph
        mof = builders.agency("MOF", "กระทรวงการคลัง", name_en="Ministry of Finance")
        self.policy = builders.policy("หลักประกันสุขภาพถ้วนหน้า", moph, number="2.1", summary="รักษาได้ทุกที่ด้วยบัตรประชาชนใบเดียว")
        self.directive = builders.directive(
            "นร 1/2569",
            moph,
            mof,
            title="เร่งรัดการฉีดวัคซีนในพื้นที่ภาคใต้",
            occasion=builders.occasion("การประชุมคณะรัฐมนตรี ครั้งที่ 2/2569"),
            policies=[self.policy],
            deadline=datetime.date(2027, 6, 30),
        )
        self.update = builders.update(
            self.directive,
            moph,
            title="รายงานไตรมาสแรก",
            evidence=True,
            public_summary="ฉีดแล้ว 1.2 ล้านโดส",
            publish=True,
        )
        self.other = builders.directive(
            "นร 2/2569",
            mof,
            title="ลดค่าครองชีพครัวเรือน",
            body="<p>ลดค่าไฟฟ้าและค่าน้ำมันให้ครัวเรือน</p>",
            deadline=datetime.date(2027, 6, 30),
        )
        self.internal = builders.directive("นร 3/2569", moph, title="เรื่องลับเฉพาะภายใน", visibility=Visibility.INTERNAL)
        self.draft = builders.update(self.directive, mof, title="รายงานยังไม่อนุมัติ")
        about = builders.home_page().add_child(
            instance=StandardPage(title="เกี่ยวกับเรา", slug="about", body="<p>ติดต่อสำนักเลขาธิการนายกรัฐมนตรี</p>")
        )
        about.save_revision().publish()
        self.about = about
        self.english = builders.translate(
            self.directive, title="Speed up vaccination in the South", body="<p>Speed up vaccination.</p>"
        )
        builders.translate(self.policy, title="Universal health coverage", summary="Treatment anywhere with one card.")
        builders.index_for_search()

    def open(self, path):
        self.driver.get(self.live_server_url + path)
        self.assertEqual(self.driver.execute_script("return document.readyState"), "complete")

    def axe_violations(self):
        self.driver.execute_script(AXE.read_text())
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(r => done(r.violations.map("
            "v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))));",
            WCAG_AA,
        )
        return result

    def navigate(self, act):
        """Do what leads to another page, and return once the browser shows it, not the old one."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        act()
        WebDriverWait(self.driver, 20).until(replaced(old))
        WebDriverWait(self.driver, 20).until(
            lambda driver: driver.execute_script("return document.readyState") == "complete"
        )

    def click(self, text):
        self.navigate(self.driver.find_element(By.PARTIAL_LINK_TEXT, text).click)

    def test_a_citizen_browses_home_policy_directive_and_update(self):
        self.open("/th/")
        self.click("นโยบาย")
        self.click("หลักประกันสุขภาพถ้วนหน้า")
        self.assertIn("รักษาได้ทุกที่", self.driver.page_source)
        self.click("เร่งรัดการฉีดวัคซีน")
        self.assertIn("นร 1/2569", self.driver.page_source)
        self.assertIn("การประชุมคณะรัฐมนตรี ครั้งที่ 2/2569", self.driver.page_source)
        self.assertIn("30 มิถุนายน 2570", self.driver.page_source)
        self.click("รายงานไตรมาสแรก")
        self.assertIn("ฉีดแล้ว 1.2 ล้านโดส", self.driver.page_source)
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang"), "th")

    def test_switching_language_keeps_the_reader_on_the_item(self):
        self.open(self.directive.url)
        self.navigate(self.driver.find_element(By.CSS_SELECTOR, ".languages a[hreflang=en]").click)
        self.assertEqual(self.driver.current_url, self.live_server_url + self.english.url)
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang"), "en")
        self.assertIn("30 June 2027", self.driver.page_source)
        self.navigate(self.driver.find_element(By.CSS_SELECTOR, ".languages a[hreflang=th]").click)
        self.assertEqual(self.driver.current_url, self.live_server_url + self.directive.url)
        self.open(self.other.url)
        self.navigate(self.driver.find_element(By.CSS_SELECTOR, ".languages a[hreflang=en]").click)
        self.assertIn("has not been translated into English yet", self.driver.page_source)
        self.assertIn("ลดค่าครองชีพครัวเรือน", self.driver.page_source)

    def test_search_and_filter(self):
        self.open("/th/")
        box = self.driver.find_element(By.ID, "hero-q")
        self.navigate(lambda: box.send_keys("วัคซีน", Keys.ENTER))
        results = self.driver.find_element(By.CSS_SELECTOR, ".results").text
        self.assertIn("เร่งรัดการฉีดวัคซีน", results)
        self.assertNotIn("ลดค่าครองชีพ", results)
        self.open(builders.directive_index().url)
        self.driver.find_element(By.CSS_SELECTOR, "select[name=agency] option[value=MOF]").click()
        self.navigate(self.driver.find_element(By.CSS_SELECTOR, ".filters button[type=submit]").click)
        listing = self.driver.find_element(By.CSS_SELECTOR, ".item-list").text
        self.assertIn("ลดค่าครองชีพครัวเรือน", listing)
        self.assertIn("เร่งรัดการฉีดวัคซีน", listing)
        self.open(builders.directive_index().url + "?track=foreign")
        self.assertIn("ไม่มีข้อสั่งการที่ตรงกับเงื่อนไข", self.driver.page_source)

    def test_internal_directives_and_unpublished_updates_are_reachable_nowhere(self):
        hidden = ["เรื่องลับเฉพาะภายใน", "รายงานยังไม่อนุมัติ"]
        self.open(self.internal.url)
        self.assertNotIn("เรื่องลับเฉพาะภายใน", self.driver.page_source)
        self.open(f"{self.directive.url}{self.draft.slug}/")
        self.assertNotIn("รายงานยังไม่อนุมัติ", self.driver.page_source)
        with translation.override("th"):
            places = [
                builders.directive_index().url,
                "/th/",
                reverse("agency", args=["MOPH"]),
                reverse("feed_updates"),
                reverse("feed_item", args=[self.directive.pk]),
                reverse("feed_agency", args=["MOPH"]),
                "/sitemap.xml",
                reverse("sitemap_section", args=["pages"]),
                reverse("search") + "?q=รายงาน",
                reverse("search") + "?q=เรื่องลับ",
            ]
        for path in places:
            with self.subTest(path=path):
                self.open(path)
                for text in hidden:
                    self.assertNotIn(text, self.driver.page_source)
        self.open(reverse("sitemap_section", args=["pages"]))
        self.assertNotIn(self.internal.slug, self.driver.page_source)

    def public_pages(self):
        """Every public page type, in Thai and in English."""
        pages = []
        for language in ("th", "en"):
            with translation.override(language):
                pages += [
                    f"/{language}/",
                    f"/{language}/directives/"
                    if language == "th"
                    else reverse("untranslated", args=[builders.directive_index().pk]),
                    reverse("search") + "?q=วัคซีน",
                    reverse("search") + "?advanced=1",
                    reverse("agencies"),
                    reverse("agency", args=["MOPH"]),
                    reverse("open_data"),
                ]
            translated = {"th": self.directive, "en": self.english}[language]
            pages.append(translated.url)
            pages.append(translated.get_children().live().first().url if language == "th" else self.update.url)
            pages.append(self.policy.url if language == "th" else self.policy.get_translations().first().url)
            pages.append(
                builders.policy_index().url
                if language == "th"
                else builders.policy_index().get_translations().first().url
            )
            if language == "th":
                pages.append(self.about.url)
            else:
                with translation.override("en"):
                    pages.append(reverse("untranslated", args=[self.about.pk]))
        return pages

    def other_public_pages(self):
        """The page types of the citizens' forms, complaints, foreign affairs and executive summaries."""
        complaint = complaints_helpers.complaint(
            "ร 1/2569", self.moph, visibility=Visibility.PUBLIC, public_summary="ซ่อมถนนในหมู่บ้านแล้ว"
        )
        commitment = complaints_helpers.foreign_commitment("ตท 1/2569", self.moph)
        index = builders.summary_index()
        summary = index.add_child(
            instance=ExecutiveSummaryPage(
                title="สรุปสำหรับผู้บริหาร ปีงบประมาณ 2569",
                slug="fy2569",
                fiscal_year=2569,
                published_on=datetime.date(2026, 11, 30),
                narrative="<p>ภาพรวมการดำเนินงานเป็นไปตามแผน</p>",
            )
        )
        summary.save_revision().publish()
        pages = [complaint.url, complaint.get_parent().url, commitment.url, commitment.get_parent().url]
        pages += [index.url, summary.url]
        for language in ("th", "en"):
            with translation.override(language):
                pages.append(reverse("citizens:ask", args=[self.directive.pk]))
                pages.append(reverse("citizens:follow_item", args=[self.directive.pk]))
        return pages

    def test_axe_finds_no_wcag_21_aa_violation_on_any_public_page_type(self):
        others = self.other_public_pages()
        for width in ("desktop", "phone"):
            self.driver.set_window_size(*WIDTHS[width])
            for path in self.public_pages() + others:
                with self.subTest(path=path, width=width):
                    self.open(path)
                    self.assertEqual(self.axe_violations(), [])

    def test_the_keyboard_alone_reaches_the_content_and_the_search(self):
        self.open(self.directive.url)
        body = self.driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        focused = self.driver.switch_to.active_element
        self.assertEqual(focused.get_attribute("class"), "skip")
        self.assertTrue(focused.is_displayed())
        focused.send_keys(Keys.ENTER)
        self.assertEqual(self.driver.switch_to.active_element.get_attribute("id"), "main")
        self.open("/th/")
        reached = []
        for _ in range(40):
            self.driver.switch_to.active_element.send_keys(Keys.TAB)
            element = self.driver.switch_to.active_element
            reached.append(element.get_attribute("id") or element.get_attribute("href"))
            outline = self.driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", element)
            self.assertNotEqual(outline, "none", reached[-1])
            if element.get_attribute("id") == "q":
                break
        self.assertEqual(reached[-1], "q")
        self.navigate(lambda: self.driver.switch_to.active_element.send_keys("วัคซีน", Keys.ENTER))
        self.assertIn("/th/search/", self.driver.current_url)
        self.assertIn("เร่งรัดการฉีดวัคซีน", self.driver.find_element(By.CSS_SELECTOR, ".results").text)

    def test_screenshots_of_home_a_directive_and_search_results(self):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        pages = {
            "home-th": "/th/",
            "home-en": "/en/",
            "directive-th": self.directive.url,
            "directive-en": self.english.url,
            "search-th": "/th/search/?q=วัคซีน",
            "search-en": "/en/search/?q=vaccination",
        }
        for width, size in WIDTHS.items():
            for name, path in pages.items():
                self.driver.set_window_size(*size)
                self.open(path)
                height = self.driver.execute_script("return document.documentElement.scrollHeight")
                self.driver.set_window_size(size[0], min(max(height, size[1]), 4000))
                target = SCREENSHOTS / f"{name}-{width}.png"
                self.assertTrue(self.driver.save_screenshot(str(target)))
                self.assertGreater(target.stat().st_size, 10_000)
