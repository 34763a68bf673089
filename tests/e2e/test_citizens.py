"""
In Chromium, through the real pages: a citizen follows a directive, receives the confirmation from a
real SMTP server on 127.0.0.1 and confirms by its link; then asks a question, first too fast (refused,
nothing lost), then as a person would. No page breaks PM1's Content-Security-Policy.
"""

import os
import time
from urllib.parse import urlsplit

from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.test import override_settings
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from wagtail.models import Site

from citizens.forms import MIN_FILL_TIME
from citizens.models import Question
from citizens.selectors import followers_of
from tests import builders
from tests.citizens.helpers import SmtpInbox, fresh_limits, links_in

from .test_csp import CHROMEDRIVER, CHROMIUM, browser, replaced


class CitizensInBrowserTests(StaticLiveServerTestCase):
    serialized_rollback = True

    @classmethod
    def setUpClass(cls):
        # Chromium's absence fails the test rather than skipping it, as in test_csp.
        if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
            raise cls.failureException("install chromium and chromium-driver (Debian) for the browser checks")
        super().setUpClass()
        cls.driver = browser()
        cls.addClassCleanup(cls.driver.quit)

    def setUp(self):
        fresh_limits()
        agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        self.directive = builders.directive("นร 1/2569", agency, title="เร่งรัดการฉีดวัคซีน")
        # Links in e-mails are made on the default site's root: here, the live server.
        address = urlsplit(self.live_server_url)
        Site.objects.filter(is_default_site=True).update(hostname=address.hostname, port=address.port)
        self.inbox = self.enterContext(SmtpInbox())
        self.enterContext(override_settings(**self.inbox.settings))

    def open(self, path):
        self.driver.get(path if path.startswith("http") else self.live_server_url + path)

    def wait_for_path(self, ending):
        WebDriverWait(self.driver, 10).until(lambda driver: urlsplit(driver.current_url).path.endswith(ending))

    def assert_no_csp_violation(self):
        self.assertEqual(self.driver.execute_script("return window.__cspViolations"), [])

    def test_follow_a_directive_and_confirm_by_the_e_mailed_link(self):
        self.open(self.directive.url)
        field = self.driver.find_element(By.ID, "follow_email")
        self.assertIn("ที่อยู่อีเมล", self.driver.find_element(By.CSS_SELECTOR, "label[for=follow_email]").text)
        field.send_keys("somchai@example.com")
        field.submit()
        self.wait_for_path("/sent/")
        self.assertIn("กรุณาตรวจสอบอีเมล", self.driver.find_element(By.TAG_NAME, "h1").text)
        self.assert_no_csp_violation()
        self.assertEqual(len(self.inbox.messages), 1)
        self.assertEqual(followers_of(self.directive).count(), 0)
        # The link exactly as e-mailed: absolute, on the site's own address.
        link = links_in(SmtpInbox.text(self.inbox.messages[0]))[0]
        self.assertTrue(link.startswith(self.live_server_url), link)
        self.open(link)
        # The confirmation page's heading is read only once the next page has replaced it.
        confirmation = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.find_element(By.CSS_SELECTOR, "main form button").click()
        WebDriverWait(self.driver, 10).until(replaced(confirmation))
        WebDriverWait(self.driver, 10).until(
            lambda driver: "ท่านกำลังติดตาม" in driver.find_element(By.TAG_NAME, "h1").text
        )
        self.assert_no_csp_violation()
        self.assertEqual([f.email for f in followers_of(self.directive)], ["somchai@example.com"])

    def test_ask_a_question_too_fast_then_as_a_person(self):
        self.open(self.directive.url)
        self.driver.find_element(By.LINK_TEXT, "ถามคำถามเกี่ยวกับเรื่องนี้").click()
        self.wait_for_path(f"/citizens/ask/{self.directive.pk}/")
        self.driver.find_element(By.ID, "id_text").send_keys("จะฉีดวัคซีนครบทุกจังหวัดเมื่อไร")
        self.driver.find_element(By.ID, "id_email").send_keys("somchai@example.com")
        self.driver.find_element(By.ID, "id_consent").click()
        self.driver.find_element(By.CSS_SELECTOR, ".ask-form button[type=submit]").click()
        summary = WebDriverWait(self.driver, 10).until(
            lambda driver: driver.find_element(By.CSS_SELECTOR, ".error-summary")
        )
        self.assertIn("เร็วกว่า", summary.text)
        self.assertEqual(self.driver.find_element(By.ID, "id_text").get_attribute("value"), "จะฉีดวัคซีนครบทุกจังหวัดเมื่อไร")
        self.assertFalse(Question.objects.exists())
        time.sleep(MIN_FILL_TIME.total_seconds() + 0.5)
        self.driver.find_element(By.CSS_SELECTOR, ".ask-form button[type=submit]").click()
        self.wait_for_path("/sent/")
        self.assert_no_csp_violation()
        question = Question.objects.get()
        self.assertEqual((question.text, question.state), ("จะฉีดวัคซีนครบทุกจังหวัดเมื่อไร", Question.State.PENDING))
