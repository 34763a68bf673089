"""
``foreign.models``: a foreign-affairs commitment is served on its own page with its counterpart and
event, listed on the foreign-affairs index by the date of its event, and never shown when internal.
"""

import datetime

from django.core.cache import cache
from django.test import TestCase

from core.choices import Track, Visibility
from foreign.models import ForeignCommitmentPage
from tests import builders
from tests.complaints import helpers


class ForeignCommitmentPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.mfa = builders.agency("MFA", "กระทรวงการต่างประเทศ")
        cls.moi = builders.agency("MOI", "กระทรวงมหาดไทย")
        cls.public = helpers.foreign_commitment("ตท 1/2569", cls.mfa, cls.moi)
        cls.internal = helpers.foreign_commitment("ตท 2/2569", cls.mfa, visibility=Visibility.INTERNAL)

    def setUp(self):
        cache.clear()

    def test_a_public_commitment_is_served_with_its_counterpart_event_and_agencies(self):
        response = self.client.get(self.public.url)
        self.assertEqual(response.status_code, 200)
        for text in ("ตท 1/2569", "ญี่ปุ่น", "การหารือทวิภาคี ณ กรุงโตเกียว", "ส่งเสริมการลงทุนด้านยานยนต์ไฟฟ้า"):
            self.assertContains(response, text)
        self.assertEqual([a.agency.code for a in response.context["assignments"]], ["MFA", "MOI"])

    def test_an_internal_commitment_is_not_found(self):
        self.assertEqual(self.client.get(self.internal.url).status_code, 404)

    def test_an_unpublished_commitment_is_not_found(self):
        self.public.unpublish()
        self.assertEqual(self.client.get(self.public.url).status_code, 404)

    def test_the_index_lists_public_commitments_only_the_latest_event_first(self):
        later = helpers.foreign_commitment("ตท 3/2569", self.moi)
        later.event_date = datetime.date(2026, 5, 1)
        later.save_revision().publish()
        undated = helpers.foreign_commitment("ตท 4/2569", self.moi)
        undated.event_date = None
        undated.save_revision().publish()
        response = self.client.get(helpers.foreign_index().url)
        self.assertEqual(
            [page.reference for page in response.context["items"]], ["ตท 3/2569", "ตท 1/2569", "ตท 4/2569"]
        )
        self.assertNotContains(response, "ตท 2/2569")

    def test_every_commitment_is_on_the_foreign_track(self):
        self.assertEqual(self.public.track, Track.FOREIGN)
        self.assertEqual(set(ForeignCommitmentPage.objects.values_list("track", flat=True)), {Track.FOREIGN})
        self.assertFalse(ForeignCommitmentPage._meta.get_field("track").editable)

    def test_the_english_translation_keeps_the_reference_and_the_assignments(self):
        english = builders.translate(self.public, country="Japan", event="Bilateral talks in Tokyo")
        self.assertEqual(english.reference, "ตท 1/2569")
        self.assertEqual([a.agency.code for a in english.assignments.all()], ["MFA", "MOI"])
        response = self.client.get(english.url)
        self.assertContains(response, "Bilateral talks in Tokyo")
        self.assertContains(response, '<html lang="en">')
