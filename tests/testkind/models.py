from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.fields import RichTextField
from wagtail.search import index

from core.models import AssignmentBase, ItemIndexPage, TrackedItemPage


class SampleIndexPage(ItemIndexPage):
    """The public list of samples."""

    item_model = "testkind.SamplePage"
    item_ordering = (models.F("noted_on").desc(nulls_last=True), "-pk")
    subpage_types = ["testkind.SamplePage"]
    template = "testkind/sample_index_page.html"


class SamplePage(TrackedItemPage):
    """A tracked item of the test-only kind: a reference, a date, a body, agencies assigned to it."""

    start_date_field = "noted_on"
    item_type = "sample"

    reference = models.CharField(max_length=60, blank=True)
    noted_on = models.DateField(null=True, blank=True)
    body = RichTextField(blank=True)

    search_fields = TrackedItemPage.search_fields + [index.SearchField("body")]
    parent_page_types = ["testkind.SampleIndexPage"]
    subpage_types = ["updates.ProgressUpdatePage"]
    template = "testkind/sample_page.html"

    class Meta:
        verbose_name = "sample"
        verbose_name_plural = "samples"


class SampleAssignment(AssignmentBase):
    page = ParentalKey(SamplePage, on_delete=models.CASCADE, related_name="assignments")
