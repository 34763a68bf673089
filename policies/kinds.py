"""Policies as a kind of tracked item (``core.kinds``)."""

from core.choices import Track
from core.kinds import Kind

from .importing import PolicyFile
from .models import PolicyIndexPage, PolicyPage


class PolicyKind(Kind):
    model = PolicyPage
    index_model = PolicyIndexPage
    listing_tag = "policies"
    importer = PolicyFile
    summary_key = "policies"
    default_track = Track.POLICY
    on_agency_page = True

    def pages_showing(self, item):
        # A sub-policy is listed on its parent policy's page.
        parent = item.get_parent().specific
        return [parent] if isinstance(parent, PolicyPage) else []
