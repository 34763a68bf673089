from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.models import Page, ReferenceIndex


def document_is_public(document) -> bool:
    """Is the document used by a page that anyone may read (its evidence, a link in its text…)?"""
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    pages = Page.objects.filter(pk__in=[int(pk) for pk in page_ids], live=True).specific()
    return any(page.is_published_publicly() for page in pages)


def serve_to_anonymous_only_if_public(document, request):
    """Visitors who are not logged in get only documents of public, published pages; the rest is 404."""
    if not request.user.is_authenticated and not document_is_public(document):
        raise Http404
