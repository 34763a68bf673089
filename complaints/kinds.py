"""Complaints as a kind of tracked item (``core.kinds``)."""

from itertools import chain

from django.utils.translation import gettext_lazy as _

from core.kinds import Kind, kind_register

from .importing import ComplaintFile
from .models import ComplaintIndexPage, ComplaintPage


class ComplaintKind(Kind):
    model = ComplaintPage
    index_model = ComplaintIndexPage
    listing_tag = "complaints"
    importer = ComplaintFile
    summary_key = "complaints"
    in_navigation = True
    # Not the plural name capitalised: the search page and the reports name them as before.
    search_label = summary_label = _("Complaints")

    def pages_showing(self, item):
        # A directive's and a policy's page count the complaints concerning them and how many are resolved.
        return chain(item.related_directives.all(), item.related_policies.all())


kind_register(ComplaintKind())
