"""What the citizens' tests share: reading links out of e-mails, and a form filled in as a person would."""

import email
import email.policy
import re
import socket
import time
from urllib.parse import urlsplit

import time_machine
from django.core.cache import cache

LINK = re.compile(r"https?://\S+")


def links_in(text: str) -> list[str]:
    return LINK.findall(text)


def path_of(url: str) -> str:
    return urlsplit(url).path


def confirm_link(text: str) -> str:
    """The path of the confirmation link in a confirmation message's text (its first link; unsubscribe is last)."""
    return path_of(links_in(text)[0])


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


class SmtpInbox:
    """
    A real SMTP server on 127.0.0.1 (aiosmtpd) on a free port, keeping every message it receives;
    ``settings`` points Django's SMTP backend at it.
    """

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"

    def __enter__(self):
        from aiosmtpd.controller import Controller

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=port)
        self.controller.start()
        self.settings = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": port,
            "EMAIL_USE_TLS": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()
