"""Policies as a kind of tracked item (``core.kinds``)."""

from core.choices import Track
from core.kinds import Kind

from .models import PolicyIndexPage, PolicyPage


class PolicyKind(Kind):
    model = PolicyPage
    index_model = PolicyIndexPage
    listing_tag = "policies"
    summary_key = "policies"
    default_track = Track.POLICY
    # A policy's page shows its ancestors and its sub-policies.
    items_show_listing = True

    def pages_showing(self, item):
        # A sub-policy is listed on its parent policy's page.
        parent = item.get_parent().specific
        return [parent] if isinstance(parent, PolicyPage) else []
