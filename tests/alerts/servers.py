"""Loopback stand-ins for the services alerts go to: an HTTP server whose answers can be
scripted per path (500 then 200, a hanging answer), a webhook receiver that checks the
signature and keeps each idempotency key once, and a real SMTP server (aiosmtpd)."""

import json
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

from tests.intake.servers import free_port
from waspada.alerts.transports import webhook


@dataclass
class Seen:
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class Service:
    """Answers each request to a path with the next of its scripted answers (the last one
    repeats): ``(status, body)`` or ``("hang", seconds)``. Webhook paths (``hooks``: path →
    secret) are checked and deduplicated like a careful receiver would."""

    script: dict = field(default_factory=dict)
    hooks: dict = field(default_factory=dict)
    seen: list = field(default_factory=list)
    new_keys: list = field(default_factory=list)  # idempotency keys accepted as new
    bad_signatures: int = 0
    url: str = ""

    def start(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?", 1)[0]
                service.seen.append(Seen(path, dict(self.headers), body))
                answers = service.script.get(path) or [(200, {"ok": True, "result": {}})]
                status, payload = answers.pop(0) if len(answers) > 1 else answers[0]
                if status == "hang":
                    time.sleep(payload)
                    status, payload = 200, {"ok": True}
                if status == 200 and path in service.hooks:
                    status = service._receive(path, self.headers, body)
                data = json.dumps(payload).encode() if not isinstance(payload, bytes) else payload
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def _receive(self, path, headers, body) -> int:
        ok = webhook.verify(
            self.hooks[path],
            headers.get(webhook.TIMESTAMP_HEADER, ""),
            body,
            headers.get(webhook.SIGNATURE_HEADER, ""),
        )
        if not ok:
            self.bad_signatures += 1
            return 401
        key = headers.get(webhook.KEY_HEADER)
        if key not in self.new_keys:
            self.new_keys.append(key)
        return 200

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def to(self, suffix):
        return [s for s in self.seen if s.path.endswith(suffix)]


class Mailbox:
    """A real SMTP server on loopback that keeps what it receives."""

    def __init__(self):
        self.messages = []
        self.refuse = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted"

    def start(self):
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()
