"""Foreign-affairs commitments as a kind of tracked item (``core.kinds``)."""

from core.kinds import Kind

from .models import ForeignCommitmentPage, ForeignIndexPage


class ForeignCommitmentKind(Kind):
    model = ForeignCommitmentPage
    index_model = ForeignIndexPage
    listing_tag = "foreign"
    summary_key = "foreign_commitments"

    def pages_showing(self, item):
        # A policy's page lists the foreign-affairs commitments related to it.
        return item.related_policies.all()
