"""
Real servers on 127.0.0.1 for the notification tests and the benchmark: an SMTP server (aiosmtpd)
and an HTTP server that answers as LINE's push endpoint does (POST /v2/bot/message/push): bearer
token, JSON body, its 400/401/409/429/500 error bodies, and a retry key accepted once.
"""

import email
import json
import re
import socket
import threading
import time
import uuid
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

LINE_TOKEN = "test-channel-access-token"
LINE_TO = re.compile(r"^[UCR][0-9a-f]{32}$")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def line_id(kind="U") -> str:
    return kind + uuid.uuid4().hex


class _SmtpHandler:
    def __init__(self, server):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.server.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.server.rejected.intersection(envelope.rcpt_tos):
            return "554 5.7.1 Message content rejected"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.server.lock:
            self.server.messages.append(message)
        return "250 Message accepted for delivery"


class SmtpServer:
    """
    aiosmtpd on a free loopback port; ``messages`` holds what it accepted, parsed. Addresses in
    ``refused`` are refused at RCPT, messages to addresses in ``rejected`` at the end of their data.
    """

    def __init__(self):
        self.messages = []
        self.refused = set()
        self.rejected = set()
        self.lock = threading.Lock()
        self.port = free_port()
        self._controller = Controller(_SmtpHandler(self), hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self._controller.start()
        return self

    def __exit__(self, *exc):
        self._controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]


class LineServer:
    """
    LINE's push endpoint. ``script`` is a list of answers given, in turn, to the next valid requests
    before they are accepted: ``(status, headers)``. ``requests`` records every request, ``pushed``
    every accepted message, as LINE would deliver it.
    """

    def __init__(self, *, delay: float = 0.0):
        self.script = []
        self.requests = []
        self.pushed = []
        self.accepted = {}
        self.delay = delay
        self.lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def _answer(self, headers, body):
        """(status, headers, JSON body) for one request."""
        if headers.get("Authorization") != f"Bearer {LINE_TOKEN}":
            return 401, {}, {"message": "Authentication failed. Confirm that the access token is valid."}
        try:
            payload = json.loads(body)
            to, messages = payload["to"], payload["messages"]
        except (ValueError, KeyError, TypeError):
            return 400, {}, {"message": "The request body has 1 error(s)"}
        retry_key = headers.get("X-Line-Retry-Key")
        with self.lock:
            self.requests.append({"at": time.monotonic(), "to": to, "retry_key": retry_key, "messages": messages})
            if retry_key in self.accepted:
                return (
                    409,
                    {"x-line-accepted-request-id": self.accepted[retry_key]},
                    {"message": "The retry key is already accepted"},
                )
            if self.script:
                status, extra = self.script.pop(0)
                return status, extra, {"message": "An error occurred in the internal server."}
            if not LINE_TO.match(to) or not messages:
                return 400, {}, {"message": "The property, 'to', in the request body is invalid (line: -, column: -)"}
            request_id = uuid.uuid4().hex
            if retry_key:
                self.accepted[retry_key] = request_id
            self.pushed.append({"to": to, "text": messages[0]["text"], "retry_key": retry_key})
        return 200, {"x-line-request-id": request_id}, {"sentMessages": [{"id": request_id[:18]}]}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive, as LINE's servers allow: the SDK's connection pool reuses connections.
            protocol_version = "HTTP/1.1"
            # Headers and body go out as separate writes: without this, Nagle's algorithm holds the
            # body back until the client's delayed ACK, some 40 ms a request.
            disable_nagle_algorithm = True

            def do_POST(self):
                if fake.delay:
                    time.sleep(fake.delay)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path != "/v2/bot/message/push":
                    status, headers, answer = 404, {}, {"message": "Not found"}
                else:
                    status, headers, answer = fake._answer(self.headers, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler
