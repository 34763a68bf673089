"""
The commit point inside each e-mail (``notifications.smtp``): the hand-over is recorded after the
server has the message's content and before it has its end, and a refused hand-over leaves nothing
at the server.
"""

import time

from django.core.mail import EmailMessage
from django.test import SimpleTestCase, override_settings

from notifications.channels import EmailSender, TemporaryFailure
from notifications.smtp import EmailBackend, HandOverRefused

from .servers import SmtpServer


class HandOverTests(SimpleTestCase):
    def setUp(self):
        self.smtp = SmtpServer().__enter__()
        self.addCleanup(self.smtp.__exit__)
        overrides = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=self.smtp.port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        )
        overrides.enable()
        self.addCleanup(overrides.disable)

    def test_the_hand_over_comes_when_the_server_has_all_but_the_end(self):
        seen_at_hand_over = []
        backend = EmailBackend()
        backend.open()
        self.addCleanup(backend.close)
        backend.connection.before_end_of_data = lambda: seen_at_hand_over.append(len(self.smtp.messages))
        body = "บรรทัดแรก\n.บรรทัดที่ขึ้นต้นด้วยจุด\n.\nบรรทัดสุดท้าย"
        backend.send_messages([EmailMessage("ทดสอบ", body, to=["reporter@example.go.th"])])

        self.assertEqual(seen_at_hand_over, [0])
        [message] = self.smtp.messages
        self.assertEqual(message.get_content().splitlines(), body.splitlines())

    def test_a_refused_hand_over_sends_nothing_and_the_next_message_goes_through(self):
        sender = EmailSender()
        self.addCleanup(sender.close)

        class Delivery:
            address = "reporter@example.go.th"
            unsubscribe_url = ""
            language = "th"
            retry_key = "c1f4b0de-44a4-4c1b-8f0e-3d0f8b1a2e11"

        class Message:
            subject, text, html = "ทดสอบ", "ข้อความ", "<html><body>ข้อความ</body></html>"

        def refuse():
            raise HandOverRefused("the database is gone")

        with self.assertRaisesMessage(TemporaryFailure, "not handed over"):
            sender.send(Delivery, Message, refuse)
        time.sleep(0.2)
        self.assertEqual(self.smtp.messages, [])

        handed_over = []
        sender.send(Delivery, Message, lambda: handed_over.append(True))
        self.assertEqual(handed_over, [True])
        self.assertEqual([m["To"] for m in self.smtp.messages], [Delivery.address])
