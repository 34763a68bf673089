"""Directives as a kind of tracked item (``core.kinds``)."""

from core.choices import Track
from core.kinds import Kind, kind_register

from .importing import DirectiveFile
from .models import DirectiveIndexPage, DirectivePage, Occasion


class DirectiveKind(Kind):
    model = DirectivePage
    index_model = DirectiveIndexPage
    listing_tag = "directives"
    importer = DirectiveFile
    summary_key = "directives"
    default_track = Track.POLICY
    on_agency_page = True
    in_navigation = True
    suggests_references = True
    headline = True
    # A directive's page names its occasion (the cabinet meeting…), as do listings and search.
    shown_models = (Occasion,)

    def pages_showing(self, item):
        # A policy's page lists the directives related to it.
        return item.related_policies.all()


kind_register(DirectiveKind())
