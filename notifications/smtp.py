"""
SMTP with a commit point inside each message, so that a worker killed at any moment sends no e-mail
twice and loses none.

SMTP has no way to ask whether a message arrived: a worker killed after the server accepted a message
and before the database recorded it would send it again. Here the message's content goes to the
server first; then ``before_end_of_data`` records in the database that the message is handed over;
only then is the line that ends the message sent. A server keeps nothing of a message whose end it
never received (RFC 5321, 4.1.1.4), so a worker killed before the record leaves a message to send
again, and one killed after it leaves a message that is on its way. The server's answer to the end
still decides: a refusal clears the record and the message is tried again or given up as usual.
"""

import re
import smtplib

from django.core.mail.backends.smtp import EmailBackend as DjangoEmailBackend

#: A line of content that starts with a dot is sent with a second one (RFC 5321, 4.5.2).
_LEADING_DOT = re.compile(rb"(?m)^\.")


class HandOverRefused(Exception):
    """The hand-over could not be recorded: the message is abandoned before its end."""


class _HandOverMixin:
    #: Called with nothing once a message's content is with the server and only its end is left.
    before_end_of_data = None

    def data(self, msg):
        hand_over = self.before_end_of_data
        if hand_over is None:
            return super().data(msg)
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        if isinstance(msg, str):
            msg = msg.encode("ascii")
        content = _LEADING_DOT.sub(b"..", msg)
        if not content.endswith(b"\r\n"):
            content += b"\r\n"
        self.send(content)
        hand_over()
        self.send(b".\r\n")
        return self.getreply()


class HandOverSMTP(_HandOverMixin, smtplib.SMTP):
    pass


class HandOverSMTPSSL(_HandOverMixin, smtplib.SMTP_SSL):
    pass


class EmailBackend(DjangoEmailBackend):
    """Django's SMTP backend whose connections call ``before_end_of_data`` when it is set."""

    @property
    def connection_class(self):
        return HandOverSMTPSSL if self.use_ssl else HandOverSMTP

    def abandon(self) -> None:
        """
        Drop the connection in the middle of a message, without QUIT (which the server would read as
        part of the message): the server discards what it has of it.
        """
        if self.connection is not None:
            self.connection.close()
            self.connection = None
