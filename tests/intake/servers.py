"""Real servers on loopback for the tests: the app itself (sharing the test's database
connection, so each test still rolls back) and a stand-in for the outside services
(Telegram Bot API, WhatsApp Graph API, Twilio, SMS gateways, KoboToolbox media).
"""

import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.test.testcases import QuietWSGIRequestHandler


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveApp:
    """The WSGI app on a loopback port, one request at a time, on the test's connection."""

    def __init__(self):
        self.conn = connections["default"]
        self.httpd = WSGIServer(
            ("127.0.0.1", 0), QuietWSGIRequestHandler, allow_reuse_address=False
        )
        self.httpd.set_app(WSGIHandler())
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        connections["default"] = self.conn
        self.httpd.serve_forever(poll_interval=0.05)

    def __enter__(self):
        self.conn.inc_thread_sharing()
        # Django closes connections at the end of each request; the shared one must stay.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        self.conn.dec_thread_sharing()


@dataclass
class Seen:
    method: str
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class Outside:
    """A loopback HTTP server that records requests and answers from ``routes``.

    ``routes`` maps a path (or a path prefix ending in ``*``) to (status, content type, body),
    or to a function of the request (``Seen``) that returns one.
    """

    routes: dict = field(default_factory=dict)
    seen: list = field(default_factory=list)
    url: str = ""

    def start(self):
        outside = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen = Seen(self.command, self.path, dict(self.headers), body)
                outside.seen.append(seen)
                answer = outside.route(self.path)
                status, content_type, payload = answer(seen) if callable(answer) else answer
                if isinstance(payload, dict | list):
                    payload = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def route(self, path):
        path = path.split("?", 1)[0]
        if path in self.routes:
            return self.routes[path]
        for key, answer in self.routes.items():
            if key.endswith("*") and path.startswith(key[:-1]):
                return answer
        return 404, "application/json", {"ok": False}

    def requests_to(self, suffix):
        return [s for s in self.seen if s.path.split("?", 1)[0].endswith(suffix)]


def multipart(fields: dict, files: list[tuple[str, str, bytes, str]]) -> tuple[bytes, str]:
    """Encode a multipart/form-data body: fields, and (field, filename, data, type) files."""
    boundary = "----waspada-test-boundary-7MA4YWxkTrZu0gW"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + str(value).encode()
            + b"\r\n"
        )
    for name, filename, data, content_type in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
