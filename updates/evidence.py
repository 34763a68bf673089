"""
Evidence files that agency systems send: only the kinds PM1 accepts, recognised by their content
(not only their name), within the size limits, and stored as private documents (served only to
those who may read the update: ``updates.wagtail_hooks``).
"""

from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.models import Collection

__all__ = ["MAX_FILES", "evidence_check", "evidence_documents"]

#: Extension -> the kind ``filetype`` must recognise in the content (None: text, checked apart).
ACCEPTED = {
    "pdf": "pdf",
    "jpg": "jpg",
    "jpeg": "jpg",
    "png": "png",
    "docx": "docx",
    "xlsx": "xlsx",
    "pptx": "pptx",
    "odt": "odt",
    "csv": None,
    "txt": None,
}
MAX_FILES = 10


def evidence_check(upload) -> None:
    """Raise a ``ValidationError`` unless the file is of an accepted kind, by name and content, and small enough."""
    name = PurePath(upload.name or "").name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ACCEPTED:
        raise ValidationError(
            _("%(name)s: send PDF, Word, Excel, PowerPoint, OpenDocument, JPEG, PNG, CSV or text files.")
            % {"name": name}
        )
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if upload.size > limit:
        raise ValidationError(_("%(name)s is larger than %(size)s MB.") % {"name": name, "size": limit // 2**20})
    head = upload.read(8192)
    upload.seek(0)
    expected = ACCEPTED[extension]
    if expected is None:
        if b"\x00" in head or not _is_text(head):
            raise ValidationError(_("%(name)s is not a text file.") % {"name": name})
    else:
        kind = filetype.guess(head)
        if kind is None or kind.extension != expected:
            raise ValidationError(_("%(name)s is not the kind of file its name says.") % {"name": name})


def _is_text(head: bytes) -> bool:
    for encoding in ("utf-8", "cp874"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the sample is still text.
            if encoding == "utf-8" and error.start >= len(head) - 3:
                return True
    return False


def evidence_documents(uploads, *, user) -> list:
    """Checked uploads saved as documents in the root collection, titled by their file names."""
    document_model = get_document_model()
    root = Collection.get_first_root_node()
    documents = []
    for upload in uploads:
        document = document_model(title=PurePath(upload.name).name[:255], file=upload, collection=root)
        document.uploaded_by_user = user
        document.save()
        documents.append(document)
    return documents
