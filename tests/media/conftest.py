"""A news site on loopback: serves the fixtures in tests/media/fixtures and misbehaves on
request (timeouts, errors, redirect loops, oversize pages), so fetching is tested for real."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.cache import cache

FIXTURES = Path(__file__).parent / "fixtures"
HTML = "text/html; charset=utf-8"
XML = "application/rss+xml"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@dataclass
class Route:
    status: int = 200
    content_type: str = HTML
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    etag: str = ""


@dataclass
class Site:
    """``routes`` maps a path to a Route; ``hits`` records (path, request headers)."""

    routes: dict = field(default_factory=dict)
    hits: list = field(default_factory=list)
    url: str = ""

    def serve(self, path, name=None, *, body=None, content_type=HTML, **kwargs):
        if body is None:
            body = fixture(name).replace(b"{base}", self.url.encode())
        self.routes[path] = Route(body=body, content_type=content_type, **kwargs)

    def fail(self, path, status, **kwargs):
        self.routes[path] = Route(
            status=status, body=f"error {status}".encode(), content_type="text/plain", **kwargs
        )

    def redirect(self, path, to, status=302):
        self.routes[path] = Route(
            status=status, headers={"Location": to}, content_type="text/plain"
        )

    def paths(self):
        return [path for path, _headers in self.hits]

    def handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                site.hits.append((self.path, dict(self.headers)))
                route = site.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"not found")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                try:
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.content_type)
                    self.send_header("Content-Length", str(len(route.body)))
                    if route.etag:
                        self.send_header("ETag", route.etag)
                    for key, value in route.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


@pytest.fixture
def site():
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), s.handler())
    server.daemon_threads = True
    s.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    s.serve("/robots.txt", "robots.txt", content_type="text/plain")
    yield s
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture(autouse=True)
def media_settings(settings):
    settings.WASPADA_HTTP_ALLOW_PRIVATE = True
    settings.WASPADA_MEDIA_TIMEOUT = 0.5
    settings.WASPADA_MEDIA_RETRIES = 1
    settings.WASPADA_MEDIA_HOST_INTERVAL_MS = 0
    settings.WASPADA_MEDIA_MAX_BYTES = 100_000
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()  # robots.txt of an earlier test's server
    yield
    cache.clear()


@pytest.fixture
def news_site(site):
    """Three outlets' pages of one story, an unrelated article, and the feeds that list them."""
    site.serve("/rss.xml", "rss.xml", content_type=XML)
    site.serve("/atom.xml", "atom.xml", content_type="application/atom+xml")
    site.serve("/sitemap.xml", "sitemap.xml", content_type="application/xml")
    site.serve("/listing.html", "listing.html")
    site.serve("/a/blokade-jongkang.html", "story_a.html")
    site.serve("/a/erau.html", "erau.html")
    site.serve("/b/blokade-loa-kulu.html", "story_b.html")
    site.serve("/berita/2025/07/blokade-jalan-tambang-jongkang.html", "story_c.html")
    return site


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what is enqueued on commit (analysis) at once, with the immediate task backend."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
