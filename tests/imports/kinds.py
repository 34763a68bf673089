"""A kind that exists only in the tests, with a file format of its own: directives' columns under another name."""

from directives.importing import DirectiveFile
from directives.kinds import DirectiveKind


class NoteFile(DirectiveFile):
    name = "notes"
    label = "Notes"


class NoteKind(DirectiveKind):
    item_type = "note"
    importer = NoteFile
