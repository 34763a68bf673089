import pytest

from core.kinds import kind_register, kind_unregister

from .kinds import NoteKind


@pytest.fixture
def note_kind():
    """A kind of the tests only (``NoteKind``, whose file is called "notes"), registered for the test."""
    kind = kind_register(NoteKind())
    yield kind
    kind_unregister(kind)
