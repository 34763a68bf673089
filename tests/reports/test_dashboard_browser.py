"""
In headless Chromium, the dashboard draws every chart with the vendored Chart.js under the admin's
Content-Security-Policy without a violation, and the public summary pages under the public one.
"""

from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.urls import reverse

from core.roles import Role
from reports.models import ExecutiveSummaryPage
from tests import builders
from tests.e2e import test_csp

from .world import TODAY, build_world


class DashboardInBrowserTests(StaticLiveServerTestCase):
    serialized_rollback = True
    # The same check as the public pages', with its violation recorder.
    assert_no_violation = test_csp.ContentSecurityPolicyInBrowserTests.assert_no_violation

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.driver = test_csp.browser()
        cls.addClassCleanup(cls.driver.quit)

    def setUp(self):
        build_world()
        index = builders.summary_index()
        summary = index.add_child(
            instance=ExecutiveSummaryPage(
                title="สรุปสำหรับผู้บริหาร", slug="fy2569", fiscal_year=2569, published_on=TODAY, narrative="<p>สรุป</p>"
            )
        )
        summary.save_revision().publish()
        self.public_paths = [index.url, summary.url]

    def _log_in(self, account):
        builders.staff_login(self.client, account)
        self.driver.get(self.live_server_url + "/healthz")
        self.driver.add_cookie(
            {"name": settings.SESSION_COOKIE_NAME, "value": self.client.cookies[settings.SESSION_COOKIE_NAME].value}
        )

    def test_the_dashboard_draws_its_charts_without_csp_violations(self):
        self._log_in(builders.user("executive", role=Role.EXECUTIVE))
        self.assert_no_violation(reverse("reports_dashboard") + "?fiscal_year=2569")
        drawn = self.driver.execute_script(
            "return [...document.querySelectorAll('canvas[data-chart]')].map(c => !!Chart.getChart(c));"
        )
        self.assertTrue(drawn)
        self.assertTrue(all(drawn))
        self.driver.set_window_size(1280, 1600)
        self.driver.save_screenshot(str(settings.BASE_DIR / "var" / "artifacts" / "reports" / "dashboard.png"))

    def test_public_summary_pages_run_without_csp_violations(self):
        for path in self.public_paths:
            with self.subTest(path=path):
                self.assert_no_violation(path)
