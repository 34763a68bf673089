"""
Documents: which files PM1 accepts, and who may download one.

A file is accepted only of the kinds PM1 takes, recognised by its content (not only its name),
within the size limits, no archive that unpacks to far more than it weighs, no markup (a web page
or an SVG can carry scripts): evidence that agency systems send (``updates.evidence``), documents
uploaded in the admin (``security.forms``) and files imported (``imports``) pass the same check.
Visitors who are not logged in download only the documents of public pages.
"""

import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, ReferenceIndex

__all__ = [
    "ACCEPTED",
    "DOCUMENT_KINDS",
    "MAX_UNPACKED_SIZE",
    "archive_check",
    "document_is_public",
    "evidence_check",
    "markup_check",
    "serve_to_anonymous_only_if_public",
]

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
#: What the admin accepts as documents: the same, and zip archives.
DOCUMENT_KINDS = {**ACCEPTED, "zip": "zip"}
#: Office documents and archives are zip files: what they may unpack to, in all and member by member.
MAX_UNPACKED_SIZE = 200 * 2**20
MAX_ZIP_MEMBERS = 10_000
ZIP_KINDS = frozenset({"docx", "xlsx", "pptx", "odt", "zip"})
#: How web pages, SVG images and other XML start: markup a browser may run scripts in.
MARKUP_STARTS = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<head", b"<body", b"<iframe")


def evidence_check(upload, *, accepted=ACCEPTED) -> None:
    """Raise a ``ValidationError`` unless the file is of an accepted kind, by name and content, and small enough."""
    markup_check(upload)
    name = PurePath(upload.name or "").name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    head = upload.read(8192)
    upload.seek(0)
    if extension not in accepted:
        raise ValidationError(
            _("%(name)s: send PDF, Word, Excel, PowerPoint, OpenDocument, JPEG, PNG, CSV or text files.")
            % {"name": name}
        )
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if upload.size > limit:
        raise ValidationError(_("%(name)s is larger than %(size)s MB.") % {"name": name, "size": limit // 2**20})
    expected = accepted[extension]
    if expected is None:
        if b"\x00" in head or not _is_text(head):
            raise ValidationError(_("%(name)s is not a text file.") % {"name": name})
        return
    kind = filetype.guess(head)
    # filetype tells Office documents apart by their first member; other zip-based files are zip to it.
    if kind is None or kind.extension not in (expected, "zip" if expected in ZIP_KINDS else expected):
        raise ValidationError(_("%(name)s is not the kind of file its name says.") % {"name": name})
    if expected in ZIP_KINDS:
        archive_check(upload)


def markup_check(upload) -> None:
    """Raise a ``ValidationError`` if the file is a web page or an SVG image (by name or content)."""
    name = PurePath(upload.name or "").name
    head = upload.read(8192)
    upload.seek(0)
    if name.lower().endswith(".svg") or _is_markup(head):
        raise ValidationError(
            _("%(name)s is a web page or an SVG image, which can carry scripts: send it as PDF or PNG.")
            % {"name": name}
        )


def _is_markup(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith(MARKUP_STARTS)


def archive_check(upload) -> None:
    """Refuse a zip archive (an Office file…) that unpacks to more than MAX_UNPACKED_SIZE (a "zip bomb"),
    by reading it for real: the sizes an archive declares may lie."""
    name = PurePath(upload.name or "").name
    too_big = ValidationError(
        _("%(name)s unpacks to more than %(size)s MB: it may be a zip bomb.")
        % {"name": name, "size": MAX_UNPACKED_SIZE // 2**20}
    )
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise too_big
            if sum(member.file_size for member in members) > MAX_UNPACKED_SIZE:
                raise too_big
            unpacked = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(2**20):
                        unpacked += len(chunk)
                        if unpacked > MAX_UNPACKED_SIZE:
                            raise too_big
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError) as error:
        raise ValidationError(_("%(name)s is damaged and cannot be opened.") % {"name": name}) from error
    finally:
        upload.seek(0)


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
