"""Samples as a kind of tracked item (``core.kinds``): the test-only fifth kind."""

from core.choices import Track
from core.kinds import Kind

from .models import SampleIndexPage, SamplePage


class SampleKind(Kind):
    model = SamplePage
    index_model = SampleIndexPage
    listing_tag = "samples"
    summary_key = "samples"
    default_track = Track.SECRETARY
