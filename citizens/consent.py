"""
The PDPA consent an asker gives with a question. The text is versioned: each question records the
version and the very words it was shown, in the asker's language, with the time. A change to the
wording is a new version, added here, never an edit of an old one.
"""

from django.utils.translation import gettext_lazy as _

CONSENT_TEXTS = {
    "2026-12": _(
        "I agree that the Secretariat of the Prime Minister keeps my name and e-mail address to handle "
        "this question and to tell me when it is answered, under the Personal Data Protection Act B.E. 2562. "
        "They are never published or passed on. The question and its answer may be published on this page "
        "without my name."
    ),
}
CONSENT_VERSION = "2026-12"


def consent_text(version: str = CONSENT_VERSION) -> str:
    """The consent wording of ``version`` in the active language."""
    return str(CONSENT_TEXTS[version])
