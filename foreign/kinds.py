"""Foreign-affairs commitments as a kind of tracked item (``core.kinds``)."""

from django.utils.translation import gettext_lazy as _

from core.kinds import Kind, kind_register

from .models import ForeignCommitmentPage, ForeignIndexPage


class ForeignCommitmentKind(Kind):
    model = ForeignCommitmentPage
    index_model = ForeignIndexPage
    listing_tag = "foreign"
    summary_key = "foreign_commitments"
    in_navigation = True
    search_label = _("Foreign-affairs follow-up")

    def pages_showing(self, item):
        # A policy's page lists the foreign-affairs commitments related to it.
        return item.related_policies.all()


kind_register(ForeignCommitmentKind())
