"""``policies.kinds``: policies declare themselves in the registry of kinds, and a sub-policy shows on its parent."""

from django.test import TestCase

from core.choices import Track
from core.kinds import kind_named, kind_of
from policies.kinds import PolicyKind
from policies.models import PolicyIndexPage, PolicyPage
from tests import builders


class PolicyKindTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        moph = builders.agency("MOPH")
        cls.area = builders.policy("ด้านสังคม", moph, number="1")
        cls.health = builders.policy("นโยบายสุขภาพ", moph, number="1.1", parent=cls.area)

    def test_the_app_registers_its_kind_under_the_item_type_the_api_uses(self):
        kind = kind_named("policy")
        self.assertIsInstance(kind, PolicyKind)
        self.assertEqual((kind.model, kind.index_model), (PolicyPage, PolicyIndexPage))
        self.assertEqual((kind.listing_tag, kind.summary_key), ("policies", "policies"))
        self.assertIs(kind_of(self.health), kind)

    def test_every_policy_is_on_the_policy_track(self):
        self.assertEqual(kind_named("policy").track_of(self.area), Track.POLICY)

    def test_a_sub_policy_shows_on_its_parent_policys_page_and_a_top_policy_on_none(self):
        kind = kind_named("policy")
        self.assertEqual([page.pk for page in kind.pages_showing(self.health)], [self.area.pk])
        self.assertEqual(list(kind.pages_showing(self.area)), [])
