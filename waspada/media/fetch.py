"""Fetching pages for media monitoring, on top of the one outbound HTTP wrapper.

``waspada.lib.http`` gives timeouts, the size limit, the user agent, SSRF protection and
retries of transient network failures. This module adds what polling news sites needs:

- conditional requests (``If-None-Match`` / ``If-Modified-Since``; a 304 is "not modified"),
- redirects followed by hand, at most ``MAX_REDIRECTS``, a loop refused at once,
- robots.txt respected (RFC 9309: fetched once an hour per host, cached; a missing file allows
  everything, an unreachable one postpones the fetch),
- a per-host rate limit: at most one request per ``WASPADA_MEDIA_HOST_INTERVAL_MS`` per host
  and process (each worker keeps its own clock; with N workers a host sees at most N times it).

An answer of 5xx or a timeout is transient: the source is polled again later with back-off
(``Source.backoff``), so nothing here loops on a failing server.
"""

import threading
import time
import urllib.robotparser
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.cache import cache

from waspada.lib import http

MAX_REDIRECTS = 5
ROBOTS_TTL = 3600
ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_AGENT = "Waspada"


class FetchError(Exception):
    def __init__(self, message: str, *, permanent: bool = False, status: int | None = None):
        super().__init__(message)
        self.permanent = permanent
        self.status = status


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    headers: dict
    body: bytes
    not_modified: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def _options() -> dict:
    return {
        "timeout": float(settings.WASPADA_MEDIA_TIMEOUT),
        "max_bytes": int(settings.WASPADA_MEDIA_MAX_BYTES),
        "retries": int(settings.WASPADA_MEDIA_RETRIES),
        "raise_for_status": False,
    }


# Per-host rate limit ----------------------------------------------------------------------

_slots: dict[str, float] = {}
_slots_lock = threading.Lock()


def _wait_for_host(host: str) -> None:
    interval = settings.WASPADA_MEDIA_HOST_INTERVAL_MS / 1000.0
    if interval <= 0:
        return
    with _slots_lock:
        now = time.monotonic()
        start = max(now, _slots.get(host, 0.0))
        _slots[host] = start + interval
    if start > now:
        time.sleep(start - now)


# robots.txt ---------------------------------------------------------------------------------


def _robots(url: str) -> urllib.robotparser.RobotFileParser:
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    key = f"media:robots:{origin}"
    lines = cache.get(key)
    if lines is None:
        _wait_for_host(parts.netloc)
        try:
            response = http.get(
                f"{origin}/robots.txt", **{**_options(), "max_bytes": ROBOTS_MAX_BYTES}
            )
        except http.HttpError as e:
            raise FetchError(f"robots.txt unreachable: {e}", permanent=e.permanent) from e
        if response.ok:
            lines = response.text.splitlines()
        elif 400 <= response.status < 500:
            lines = []  # no robots.txt: everything allowed
        else:
            raise FetchError(f"robots.txt: HTTP {response.status}", status=response.status)
        cache.set(key, lines, ROBOTS_TTL)
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(lines)
    return parser


def allowed_by_robots(url: str) -> bool:
    if not settings.WASPADA_MEDIA_RESPECT_ROBOTS:
        return True
    return _robots(url).can_fetch(ROBOTS_AGENT, url)


# The fetch ----------------------------------------------------------------------------------


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    """GET ``url`` following redirects; raises FetchError for anything but a page or a 304."""
    seen = []
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        if current in seen:
            raise FetchError(f"redirect loop at {current}", permanent=True)
        seen.append(current)
        if not allowed_by_robots(current):
            raise FetchError(f"disallowed by robots.txt: {current}", permanent=True)
        headers = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
        if etag and current == url:
            headers["If-None-Match"] = etag
        if last_modified and current == url:
            headers["If-Modified-Since"] = last_modified
        _wait_for_host(urlsplit(current).netloc)
        try:
            response = http.get(current, headers=headers, **_options())
        except http.HttpError as e:
            raise FetchError(str(e), permanent=e.permanent, status=e.status) from e
        if response.status == 304:
            return Fetched(current, 304, response.headers, b"", not_modified=True)
        if response.status in (301, 302, 303, 307, 308):
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {response.status} without Location", permanent=True)
            current = urljoin(current, location)
            continue
        if not response.ok:
            raise FetchError(
                f"HTTP {response.status} {response.reason}".strip(),
                permanent=400 <= response.status < 500 and response.status != 429,
                status=response.status,
            )
        return Fetched(current, response.status, response.headers, response.body)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects", permanent=True)
