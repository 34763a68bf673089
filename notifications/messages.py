"""A message's words in the recipient's language, with its deep link: one rendering per event and language."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from core.thai import local_date

from .kinds import BODIES, SUBJECTS


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str
    url: str

    @property
    def line_text(self) -> str:
        """LINE shows no subject: the subject, the sentence and the link, in one text message."""
        return "\n".join(part for part in (self.subject, self.text, self.url) if part)


class _Placeholders(dict):
    """A missing placeholder is left empty rather than breaking a message."""

    def __missing__(self, key):
        return ""


def _localise(context: dict, language: str) -> _Placeholders:
    values = _Placeholders()
    for name, value in context.items():
        if isinstance(value, dict):
            value = value.get(language) or value.get(settings.LANGUAGE_CODE) or next(iter(value.values()), "")
        elif name == "deadline":
            value = local_date(date.fromisoformat(value), "long", language=language) if value else "—"
        values[name] = value
    return values


def message_render(event, language: str) -> Message:
    """The event's message in ``language`` (Thai or English): subject, plain text and HTML."""
    with translation.override(language):
        values = _localise(event.context, language)
        subject = str(SUBJECTS[event.kind]) % values
        text = str(BODIES[event.kind]) % values
        context = {"subject": subject, "text": text, "url": event.url, "language": language}
        return Message(
            subject=" ".join(subject.split()),
            text=render_to_string("notifications/email/message.txt", context),
            html=render_to_string("notifications/email/message.html", context),
            url=event.url,
        )
