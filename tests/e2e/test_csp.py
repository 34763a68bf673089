"""
In a real browser (Debian's Chromium, headless), the public pages and the admin login run under
PM1's Content-Security-Policy without a single violation: nothing they need is blocked. A page that
added an inline script or style, or loaded something from elsewhere, would fail here.
"""

import os
import shutil

from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.urls import reverse

from tests import builders

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

#: Registered before any page script runs: every violation the browser reports lands in a list.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    const where = `${event.sourceFile}:${event.lineNumber}`;
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=th"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
    return driver


def replaced(element):
    """
    A wait condition: the page that held ``element`` has been replaced. Selenium's ``staleness_of``
    misses one way Chromium reports it: an inspector error ("Node with given id does not belong to
    the document") for a node read while its document is being torn down.
    """
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    def check(_driver):
        try:
            element.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
        return False

    return check


class ContentSecurityPolicyInBrowserTests(StaticLiveServerTestCase):
    # The locales and the home page that migrations create come back after the live server's flush.
    serialized_rollback = True

    @classmethod
    def setUpClass(cls):
        if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
            if os.environ.get("CI"):
                raise RuntimeError("CI needs Chromium and chromedriver (.ci/run installs them)")
            raise cls.failureException("install chromium and chromium-driver (Debian) for the browser checks")
        super().setUpClass()
        cls.driver = browser()
        cls.addClassCleanup(cls.driver.quit)

    def setUp(self):
        agency = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        self.directive = builders.directive("นร 1/2569", agency, body="<p>เร่งรัดการฉีด<b>วัคซีน</b></p>")
        builders.index_for_search()

    def assert_no_violation(self, path):
        self.driver.get(self.live_server_url + path)
        self.assertEqual(self.driver.execute_script("return document.readyState"), "complete")
        violations = self.driver.execute_script("return window.__cspViolations")
        console = [
            entry["message"]
            for entry in self.driver.get_log("browser")
            if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]
        ]
        self.assertEqual((violations, console), ([], []), path)
        return self.driver.page_source

    def test_public_pages_and_the_admin_login_run_without_csp_violations(self):
        for path in ("/th/", self.directive.url, reverse("search") + "?q=วัคซีน", reverse("wagtailadmin_login")):
            with self.subTest(path=path):
                self.assert_no_violation(path)

    def test_a_violation_would_be_seen(self):
        """The check itself works: an inline script on a public page is blocked and reported."""
        self.assert_no_violation("/th/")
        self.driver.execute_script(
            "const s = document.createElement('script'); s.textContent = 'window.ran = 1'; document.body.append(s);"
        )
        self.assertIsNone(self.driver.execute_script("return window.ran"))
        self.assertTrue(self.driver.execute_script("return window.__cspViolations.length"))
        self.assertTrue(any("Content Security Policy" in entry["message"] for entry in self.driver.get_log("browser")))
