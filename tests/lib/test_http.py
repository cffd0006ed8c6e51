"""The outbound HTTP wrapper against a real loopback server."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from waspada.lib import http


class Handler(BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):
        Handler.hits.append((self.path, dict(self.headers)))
        if self.path == "/slow":
            time.sleep(1.0)
        if (
            self.path.startswith("/flaky")
            and len([h for h in Handler.hits if h[0].startswith("/flaky")]) < 3
        ):
            return self._send(503, b"busy")
        if self.path == "/big":
            return self._send(200, b"x" * 5000)
        if self.path == "/missing":
            return self._send(404, b"no")
        return self._send(200, b'{"ok": true}', "application/json; charset=utf-8")

    do_POST = do_GET

    def _send(self, status, body, content_type="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    settings.WASPADA_HTTP_ALLOW_PRIVATE = True
    Handler.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_it_sends_json_with_the_user_agent_and_reads_json(server):
    response = http.post(f"{server}/x", json={"a": 1})
    assert response.ok and response.json() == {"ok": True}
    path, headers = Handler.hits[0]
    assert headers["User-Agent"].startswith("Waspada/")
    assert headers["Content-Type"] == "application/json"


def test_private_and_loopback_addresses_are_refused_unless_allowed(server, settings):
    settings.WASPADA_HTTP_ALLOW_PRIVATE = False
    with pytest.raises(http.BlockedAddress) as refused:
        http.get(f"{server}/x")
    assert refused.value.permanent
    assert Handler.hits == []
    # By name, too: localhost resolves to loopback.
    with pytest.raises(http.BlockedAddress):
        http.get(server.replace("127.0.0.1", "localhost") + "/x")


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("fd00::1", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),  # noqa: S104 - an address to classify, not to bind
        ("149.154.167.220", True),
        ("2001:4860:4860::8888", True),
    ],
)
def test_which_addresses_are_public(address, public):
    assert http.is_public_address(address) is public


def test_the_response_size_is_limited(server):
    with pytest.raises(http.HttpError) as too_big:
        http.get(f"{server}/big", max_bytes=1000)
    assert too_big.value.permanent
    assert len(http.get(f"{server}/big", max_bytes=5000).body) == 5000


def test_a_timeout_is_a_transient_error(server):
    with pytest.raises(http.HttpError) as slow:
        http.get(f"{server}/slow", timeout=0.2)
    assert not slow.value.permanent


@pytest.mark.slow  # real timeouts and back-offs
def test_transient_failures_are_retried_permanent_ones_not(server):
    assert http.get(f"{server}/flaky", retries=3).ok
    assert len(Handler.hits) == 3
    with pytest.raises(http.HttpError) as missing:
        http.get(f"{server}/missing", retries=3)
    assert missing.value.permanent and missing.value.status == 404
    assert len([h for h in Handler.hits if h[0] == "/missing"]) == 1


def test_errors_do_not_leak_the_path(server):
    with pytest.raises(http.HttpError) as e:
        http.get(f"{server}/missing")
    assert "/missing" not in str(e.value)


def test_only_http_urls(settings):
    with pytest.raises(http.HttpError):
        http.get("file:///etc/passwd")
