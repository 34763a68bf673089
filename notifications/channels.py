"""
The channels' senders: e-mail over SMTP and LINE's Messaging API push (``line-bot-sdk``). Each sender
sorts failures into temporary ones (tried again later) and permanent ones (an address that cannot be
reached: never tried again).
"""

import smtplib
from email.utils import parsedate_to_datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation
from linebot.v3.messaging import ApiClient, ApiException, Configuration, MessagingApi, PushMessageRequest, TextMessage
from urllib3.exceptions import HTTPError

from .models import Channel
from .smtp import EmailBackend, HandOverRefused

#: Django's SMTP backend, which notifications use through its subclass with a commit point per message.
DJANGO_SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


class TemporaryFailure(Exception):
    """The channel could not take the message now; ``retry_after`` is the server's wish, in seconds."""

    def __init__(self, message, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class PermanentFailure(Exception):
    """The message can never be delivered as addressed (refused recipient, bad request)."""


def _retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - timezone.now()).total_seconds())
    except (TypeError, ValueError):
        return None


class EmailSender:
    """
    HTML and plain-text e-mail over one SMTP connection per batch. Over SMTP, ``hand_over`` is called
    before each message's end is sent (``notifications.smtp``); other backends send without it.
    """

    def __init__(self):
        self._connection = None

    def _open(self):
        if self._connection is None:
            # Opened here, the connection stays open for the batch instead of one per message.
            if settings.EMAIL_BACKEND == DJANGO_SMTP_BACKEND:
                self._connection = EmailBackend()
            else:
                self._connection = get_connection()
            self._connection.open()
        return self._connection

    def send(self, delivery, message, hand_over=None) -> None:
        # The same delivery sent again after a crash is recognisably the same message.
        headers = {"Message-ID": f"<{delivery.retry_key}@pm1.notifications>"}
        text, html = message.text, message.html
        if delivery.unsubscribe_url:
            headers["List-Unsubscribe"] = f"<{delivery.unsubscribe_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
            with translation.override(delivery.language):
                context = {"url": delivery.unsubscribe_url}
                text += render_to_string("notifications/email/unsubscribe.txt", context)
                footer = render_to_string("notifications/email/unsubscribe.html", context)
                html = html.replace("</body>", f"{footer}</body>")
        email = EmailMultiAlternatives(subject=message.subject, body=text, to=[delivery.address], headers=headers)
        email.attach_alternative(html, "text/html")
        try:
            connection = self._open()
            smtp = getattr(connection, "connection", None)
            if hasattr(smtp, "before_end_of_data"):
                smtp.before_end_of_data = hand_over
            connection.send_messages([email])
        except HandOverRefused as error:
            self._connection.abandon()
            self.close()
            raise TemporaryFailure(f"not handed over: {error}") from error
        except smtplib.SMTPRecipientsRefused as error:
            self.close()
            codes = [code for code, _ in error.recipients.values()]
            failure = f"SMTP refused the recipient: {codes}"
            if all(code >= 500 for code in codes):
                raise PermanentFailure(failure) from error
            raise TemporaryFailure(failure) from error
        except smtplib.SMTPResponseException as error:
            self.close()
            failure = f"SMTP {error.smtp_code}: {error.smtp_error!r}"
            if error.smtp_code >= 500:
                raise PermanentFailure(failure) from error
            raise TemporaryFailure(failure) from error
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise TemporaryFailure(f"SMTP: {error!r}") from error

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except (smtplib.SMTPException, OSError):
                pass
            self._connection = None


class LineSender:
    """
    Push messages through LINE's Messaging API, with PM1's own retries instead of urllib3's. LINE
    accepts a retry key once, so a message sent again after a crash needs no hand-over.
    """

    def __init__(self):
        self._client = None

    def _api(self) -> MessagingApi:
        if self._client is None:
            configuration = Configuration(host=settings.LINE_API_URL, access_token=settings.LINE_CHANNEL_ACCESS_TOKEN)
            configuration.retries = False
            self._client = ApiClient(configuration)
        return MessagingApi(self._client)

    def send(self, delivery, message, hand_over=None) -> None:
        request = PushMessageRequest(to=delivery.address, messages=[TextMessage(text=message.line_text[:5000])])
        try:
            # LINE accepts a retry key once: a resend after a timeout or a crash is not delivered twice.
            self._api().push_message(
                request,
                x_line_retry_key=str(delivery.retry_key),
                _request_timeout=settings.NOTIFY_LINE_TIMEOUT_SECONDS,
            )
        except ApiException as error:
            failure = f"LINE {error.status}: {(error.body or b'')[:500]!r}"
            if error.status == 409 and error.headers and error.headers.get("x-line-accepted-request-id"):
                return
            if error.status == 429 or error.status >= 500:
                retry_after = _retry_after_seconds(error.headers.get("Retry-After") if error.headers else None)
                raise TemporaryFailure(failure, retry_after=retry_after) from error
            raise PermanentFailure(failure) from error
        except (HTTPError, OSError) as error:
            self.close()
            raise TemporaryFailure(f"LINE: {error!r}") from error

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


def line_configured() -> bool:
    return bool(settings.LINE_CHANNEL_ACCESS_TOKEN)


def channel_senders() -> dict:
    """A sender per channel that sends, for one batch."""
    return {Channel.EMAIL: EmailSender(), Channel.LINE: LineSender()}
