"""
Evidence files that agency systems send: at most ``MAX_FILES`` with an update, each checked as every
document is (``security.documents.evidence_check``), and stored as private documents (served only
to those who may read the update: ``updates.wagtail_hooks``).
"""

from pathlib import PurePath

from wagtail.documents import get_document_model
from wagtail.models import Collection

__all__ = ["MAX_FILES", "evidence_documents"]

MAX_FILES = 10


def evidence_documents(uploads, *, user) -> list:
    """Checked uploads saved as documents in the root collection, titled by their file names."""
    document_model = get_document_model()
    root = Collection.get_first_root_node()
    documents = []
    for upload in uploads:
        document = document_model(
            title=PurePath(upload.name).name[:255], file=upload, file_size=upload.size, collection=root
        )
        document.uploaded_by_user = user
        document.save()
        documents.append(document)
    return documents
