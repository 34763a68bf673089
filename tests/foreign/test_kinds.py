"""``foreign.kinds``: foreign-affairs commitments declare themselves in the registry of kinds."""

from django.test import TestCase

from core.choices import Track
from core.kinds import kind_named, kind_of, kinds
from foreign.kinds import ForeignCommitmentKind
from foreign.models import ForeignCommitmentPage, ForeignIndexPage
from tests import builders
from tests.complaints import helpers


class ForeignCommitmentKindTests(TestCase):
    def test_the_app_registers_its_kind_once_under_the_item_type_the_api_uses(self):
        kind = kind_named("foreign")
        self.assertIsInstance(kind, ForeignCommitmentKind)
        self.assertEqual([k for k in kinds() if isinstance(k, ForeignCommitmentKind)], [kind])
        self.assertEqual((kind.model, kind.index_model), (ForeignCommitmentPage, ForeignIndexPage))
        self.assertEqual((kind.listing_tag, kind.summary_key), ("foreign", "foreign_commitments"))

    def test_a_commitment_and_its_base_page_are_of_the_kind_and_its_index_is_not(self):
        page = helpers.foreign_commitment("ตท 1/2569", builders.agency("MFA"))
        self.assertIs(kind_of(page), kind_named("foreign"))
        self.assertIs(kind_of(ForeignCommitmentPage), kind_named("foreign"))
        self.assertIsNone(kind_of(helpers.foreign_index()))

    def test_the_kind_says_its_track_and_the_policies_whose_pages_show_a_commitment(self):
        moph = builders.agency("MOPH")
        health = builders.policy("นโยบายสุขภาพ", moph)
        page = helpers.foreign_commitment("ตท 1/2569", builders.agency("MFA"))
        kind = kind_named("foreign")
        self.assertEqual(kind.track_of(page), Track.FOREIGN)
        self.assertEqual(list(kind.pages_showing(page)), [])
        page.related_policies = [health]
        page.save_revision().publish()
        self.assertEqual(list(kind.pages_showing(ForeignCommitmentPage.objects.get(pk=page.pk))), [health])
