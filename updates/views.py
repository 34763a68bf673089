from django.http import Http404

from core.rights import can_read

from .models import ProgressUpdatePage


def serve_evidence_only_to_readers(document, request):
    """
    A document that is evidence of a progress update is served only to those who may read one of
    those updates: anyone for a published update on a public item, otherwise the rights matrix.
    """
    updates = ProgressUpdatePage.objects.filter(evidence__document=document).distinct()
    if updates and not any(can_read(request.user, update) for update in updates):
        raise Http404
