"""
``Idempotency-Key`` for requests that create: the first answer is stored with the work it did, in
one transaction, so a retry (same key, same request) replays it and nothing is done twice.
"""

import hashlib

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .errors import PROBLEM_CONTENT_TYPE, problem
from .models import IdempotentRequest

__all__ = ["idempotent"]

MAX_KEY_LENGTH = 255


def _fingerprint(request) -> str:
    """The request's method, path and content; multipart content as its fields and files' digests."""
    digest = hashlib.sha256(f"{request.method}\n{request.path}\n".encode())
    if not request.content_type.startswith("multipart/"):
        digest.update(request.body)
        return digest.hexdigest()
    # Reading a multipart body whole would hold every file in memory: its parsed parts are hashed.
    for name, values in sorted(request.data.lists()):
        for value in values:
            digest.update(f"\n{name}=".encode())
            if hasattr(value, "chunks"):
                for chunk in value.chunks():
                    digest.update(chunk)
                value.seek(0)
            else:
                digest.update(str(value).encode())
    return digest.hexdigest()


def _replayed(record) -> Response:
    response = Response(record.body, status=record.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def _mismatch() -> Response:
    body = problem(
        status.HTTP_422_UNPROCESSABLE_ENTITY, detail=_("This Idempotency-Key was sent with another request.")
    )
    return Response(body, status=status.HTTP_422_UNPROCESSABLE_ENTITY, content_type=PROBLEM_CONTENT_TYPE)


def idempotent(handler):
    """Wrap a view method that creates: with an Idempotency-Key, at most once per key and user."""

    def wrapped(view, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return handler(view, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            raise ValidationError({"Idempotency-Key": [_("At most 255 characters.")]})
        if any(ord(character) < 32 or character == "\x7f" for character in key):
            raise ValidationError({"Idempotency-Key": [_("Control characters are not allowed.")]})
        fingerprint = _fingerprint(request)
        previous = IdempotentRequest.objects.filter(user=request.user, key=key).first()
        if previous is not None:
            return _replayed(previous) if previous.fingerprint == fingerprint else _mismatch()
        try:
            with transaction.atomic():
                response = handler(view, request, *args, **kwargs)
                if response.status_code >= 500:
                    return response
                IdempotentRequest.objects.create(
                    user=request.user,
                    key=key,
                    fingerprint=fingerprint,
                    status_code=response.status_code,
                    body=response.data,
                )
                return response
        except IntegrityError:
            # The same key arrived twice at once: the other request did the work and stored its answer.
            previous = IdempotentRequest.objects.filter(user=request.user, key=key).first()
            if previous is None:
                raise
            return _replayed(previous) if previous.fingerprint == fingerprint else _mismatch()

    return wrapped
