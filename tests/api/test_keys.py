"""
Agency API keys (api.services, api.authentication): issued, used, revoked and expired; every
refusal answered as problem details in Thai or English; each key throttled on its own.
"""

import datetime
from unittest import mock

import time_machine
from django.core.cache import cache
from django.test import TestCase
from django.utils import timezone

from agencies.models import Agency
from api.models import ApiKey
from api.services import apikey_authenticate, apikey_issue, apikey_revoke
from api.throttling import ApiKeyRateThrottle
from core.roles import Role
from tests import builders

NOW = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)


class KeyLifecycleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")

    def test_an_issued_key_authenticates_as_its_agency_and_only_its_digest_is_stored(self):
        api_key, text = apikey_issue(agency=self.moph, name="ระบบรายงานของกระทรวง")
        self.assertTrue(text.startswith(api_key.prefix + "_"))
        self.assertEqual(apikey_authenticate(text), api_key)
        self.assertEqual(apikey_authenticate(text).agency, self.moph)
        stored = ApiKey.objects.filter(pk=api_key.pk).values().get()
        self.assertNotIn(text, [str(value) for value in stored.values()])
        self.assertNotIn(text.rpartition("_")[2], str(stored))

    def test_every_key_is_different(self):
        texts = {apikey_issue(agency=self.moph, name=f"ระบบ {n}")[1] for n in range(20)}
        self.assertEqual(len(texts), 20)

    def test_a_revoked_key_is_refused_at_once(self):
        api_key, text = apikey_issue(agency=self.moph, name="ระบบ")
        apikey_revoke(api_key=api_key)
        self.assertIsNone(apikey_authenticate(text))
        self.assertIsNotNone(ApiKey.objects.get().revoked_at)

    def test_a_key_is_refused_from_its_expiry_on(self):
        _, text = apikey_issue(agency=self.moph, name="ระบบ", expires_at=NOW)
        with time_machine.travel(NOW - datetime.timedelta(seconds=1), tick=False):
            self.assertIsNotNone(apikey_authenticate(text))
        with time_machine.travel(NOW, tick=False):
            self.assertIsNone(apikey_authenticate(text))

    def test_the_key_of_an_agency_no_longer_active_is_refused(self):
        _, text = apikey_issue(agency=self.moph, name="ระบบ")
        self.moph.is_active = False
        self.moph.save()
        self.assertIsNone(apikey_authenticate(text))

    def test_a_wrong_secret_an_unknown_prefix_or_any_other_text_is_refused(self):
        api_key, text = apikey_issue(agency=self.moph, name="ระบบ")
        for wrong in (text[:-1] + ("A" if text[-1] != "A" else "B"), "pm1_00000000_" + text[-43:], "", "_", text + "_"):
            with self.subTest(wrong=wrong):
                self.assertIsNone(apikey_authenticate(wrong))

    def test_the_last_use_is_recorded_at_most_once_a_minute(self):
        api_key, text = apikey_issue(agency=self.moph, name="ระบบ")
        with time_machine.travel(NOW, tick=False):
            apikey_authenticate(text)
        with time_machine.travel(NOW + datetime.timedelta(seconds=30), tick=False):
            apikey_authenticate(text)
            self.assertEqual(ApiKey.objects.get().last_used_at, NOW)
        later = NOW + datetime.timedelta(minutes=2)
        with time_machine.travel(later, tick=False):
            apikey_authenticate(text)
            self.assertEqual(ApiKey.objects.get().last_used_at, later)


class AgencyListAPITests(TestCase):
    url = "/api/v1/agencies/"

    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข", short_name_th="สธ.")
        builders.agency("DDC", "กรมควบคุมโรค").__class__.objects.filter(code="DDC").update(parent=cls.moph)
        builders.agency("OLD", "หน่วยงานที่ยุบแล้ว").__class__.objects.filter(code="OLD").update(is_active=False)
        cls.api_key, cls.text = apikey_issue(agency=cls.moph, name="ระบบ")

    def setUp(self):
        cache.clear()

    def get(self, **headers):
        return self.client.get(self.url, {"page_size": 500}, headers=headers)

    def test_a_key_lists_the_active_agencies_by_code_with_their_parent(self):
        response = self.get(authorization=f"Bearer {self.text}")
        self.assertEqual(response.status_code, 200)
        results = response.json()["results"]
        active = Agency.objects.filter(is_active=True).order_by("code").values_list("code", flat=True)
        self.assertEqual([agency["code"] for agency in results], list(active))
        self.assertNotIn("OLD", [agency["code"] for agency in results])
        listed = {agency["code"]: agency for agency in results}
        self.assertEqual(listed["DDC"]["parent"], "MOPH")
        self.assertEqual(listed["MOPH"]["short_name_th"], "สธ.")

    def test_the_key_may_also_come_in_an_x_api_key_header(self):
        self.assertEqual(self.get(x_api_key=self.text).status_code, 200)

    def test_a_staff_member_may_use_their_session(self):
        builders.staff_login(self.client, builders.user("coordinator", role=Role.PMO_COORDINATOR))
        self.assertEqual(self.get().status_code, 200)

    def test_without_credentials_the_answer_is_401_as_problem_details_in_the_language_asked(self):
        for language, title in (("th", "ต้องยืนยันตัวตน"), ("en", "Authentication is needed.")):
            with self.subTest(language=language):
                response = self.get(accept_language=language)
                self.assertEqual(response.status_code, 401)
                self.assertEqual(response["Content-Type"], "application/problem+json")
                self.assertIn("Bearer", response["WWW-Authenticate"])
                body = response.json()
                self.assertEqual((body["status"], body["type"]), (401, "about:blank"))
                self.assertIn(title, body["title"])

    def test_a_revoked_an_expired_or_a_made_up_key_gets_401_in_the_language_asked(self):
        revoked, revoked_text = apikey_issue(agency=self.moph, name="เก่า")
        apikey_revoke(api_key=revoked)
        _, expired_text = apikey_issue(agency=self.moph, name="หมดอายุ", expires_at=timezone.now())
        for text in (revoked_text, expired_text, "pm1_deadbeef_nothing", "pm1_"):
            with self.subTest(text=text):
                response = self.get(authorization=f"Bearer {text}", accept_language="th")
                self.assertEqual(response.status_code, 401)
                self.assertIn("คีย์ API", response.json()["detail"])
                response = self.get(authorization=f"Bearer {text}", accept_language="en")
                self.assertIn("API key is not valid", response.json()["detail"])

    def test_a_malformed_authorization_header_is_a_401_never_a_500(self):
        # Thai typed into the header arrives as its UTF-8 bytes, read as Latin-1 by the WSGI server.
        thai = "Bearer " + "กุญแจ".encode().decode("latin-1")
        for header in ("Bearer", "Bearer a b", thai, "Basic Zm9vOmJhcg=="):
            with self.subTest(header=header):
                self.assertEqual(self.get(authorization=header).status_code, 401)

    def test_a_key_over_its_rate_gets_429_with_retry_after_while_another_key_goes_on(self):
        _, other = apikey_issue(agency=self.moph, name="อีกระบบ")
        with mock.patch.object(ApiKeyRateThrottle, "rate", "2/min", create=True):
            statuses = [self.get(authorization=f"Bearer {self.text}").status_code for _ in range(3)]
            self.assertEqual(statuses, [200, 200, 429])
            response = self.get(authorization=f"Bearer {self.text}", accept_language="en")
            self.assertEqual(response.status_code, 429)
            self.assertGreater(int(response["Retry-After"]), 0)
            self.assertEqual(response.json()["title"], "Too many requests.")
            self.assertEqual(self.get(authorization=f"Bearer {other}").status_code, 200)
