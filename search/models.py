from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from core.kinds import kind_named


class SearchDocument(models.Model):
    """
    What public search needs to know about a page besides its text, in one narrow row kept beside
    the text index (``search.documents``): whether the public may find it, and the properties the
    advanced conditions and facets use. Derived data, rebuilt by ``update_index``.
    """

    #: The ``kind`` of a progress update and of any other page; a tracked item's is its kind's
    #: ``item_type`` (``core.kinds``), so the column has no fixed choices.
    UPDATE = "update"
    PAGE = "page"

    page = models.OneToOneField(Page, on_delete=models.CASCADE, primary_key=True, related_name="+")
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    #: Published and without view restriction.
    live = models.BooleanField(default=False)
    #: The item the page belongs to is published and public (always true for other pages). The
    #: public may find a page that is ``live`` and ``item_public``.
    item_public = models.BooleanField(default=False)
    kind = models.CharField(max_length=10)
    #: The directive or policy the page is about: itself, or the item a progress update reports on.
    item = models.ForeignKey(Page, on_delete=models.CASCADE, null=True, related_name="+")
    track = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=20, blank=True)
    #: Issued (directive), period start (policy), period end (progress update).
    date = models.DateField(null=True)
    fiscal_year = models.PositiveSmallIntegerField(null=True)
    occasion = models.ForeignKey("directives.Occasion", on_delete=models.SET_NULL, null=True, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField(null=True)
    #: The ``SearchState.generation`` that last wrote the row: processes holding the documents in
    #: memory (``search.facts``) read only the rows written since they last looked.
    changed = models.BigIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["locale", "live", "item_public", "kind"]),
            models.Index(fields=["item"]),
            models.Index(fields=["published_at"]),
            models.Index(fields=["changed"]),
        ]

    def __str__(self):
        return f"{self.kind} {self.page_id}"

    def clean(self):
        if self.kind not in (self.UPDATE, self.PAGE):
            try:
                kind_named(self.kind)
            except LookupError:
                raise ValidationError(
                    {"kind": _("No kind of page is called %(kind)s.") % {"kind": self.kind}}
                ) from None


class SearchState(models.Model):
    """
    One row: how far the search documents have changed. ``generation`` grows with every write of
    documents (they carry it in ``changed``); ``epoch`` is a new random number whenever documents
    are deleted or the row is created, telling readers to load everything again.
    """

    generation = models.BigIntegerField(default=0)
    epoch = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.epoch}:{self.generation}"
