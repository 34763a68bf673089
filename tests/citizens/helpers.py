"""What the citizens' tests share: reading links out of e-mails, and a form filled in as a person would."""

import re
import time
from urllib.parse import urlsplit

import time_machine
from django.core.cache import cache

LINK = re.compile(r"https?://\S+")


def links_in(text: str) -> list[str]:
    return LINK.findall(text)


def path_of(url: str) -> str:
    return urlsplit(url).path


def confirm_link(message) -> str:
    """The confirmation link in a confirmation message (the first link; the unsubscribe link comes last)."""
    return path_of(links_in(message.body)[0])


def fresh_limits():
    """Rate-limit counts live in the cache, which outlives each test."""
    cache.clear()


def ask_form_data(client, item, **fields) -> dict:
    """The question form as shown to a person a minute ago, filled in with valid answers and ``fields`` on top."""
    with time_machine.travel(time.time() - 60, tick=True):
        response = client.get(f"/th/citizens/ask/{item.pk}/")
    started = re.search(r'name="started" value="([^"]+)"', response.content.decode()).group(1)
    return {
        "text": "จะฉีดวัคซีนครบทุกจังหวัดเมื่อไร",
        "name": "สมชาย ใจดี",
        "email": "somchai@example.com",
        "consent": "on",
        "website": "",
        "started": started,
        **fields,
    }
