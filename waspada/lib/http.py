"""All outbound HTTP goes through here: timeouts, a response size limit, a user agent, and
refusal of private, loopback and other non-public addresses (SSRF protection).

The address check runs on the socket actually connected (after DNS), so a name that resolves
to a private address, or re-resolves to one, is refused too. Tests and deployments that talk
to services on their own network set ``WASPADA_HTTP_ALLOW_PRIVATE``.

    from waspada.lib import http
    response = http.post("https://api.telegram.org/bot…/sendMessage", json={...})
    response.json()

Failures raise ``HttpError``; ``error.permanent`` says whether repeating the same request can
help (a 4xx answer: no; a timeout, a refused connection or a 5xx answer: yes). ``retries``
repeats transient failures with a short back-off; nothing else in the code base retries.
"""

import http.client
import ipaddress
import json as jsonlib
import socket
import ssl
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
USER_AGENT = "Waspada/0.1 (+https://github.com/waspada; early warning for social conflict)"


class HttpError(Exception):
    def __init__(self, message: str, *, permanent: bool, status: int | None = None):
        super().__init__(message)
        self.permanent = permanent
        self.status = status


class BlockedAddress(HttpError):
    def __init__(self, address: str):
        super().__init__(f"refusing to connect to non-public address {address}", permanent=True)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    url: str
    reason: str = ""
    elapsed: float = 0.0
    _json: object = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def text(self) -> str:
        return self.body.decode(self._charset(), errors="replace")

    def json(self) -> Any:
        if self._json is None:
            self._json = jsonlib.loads(self.body or b"null")
        return self._json

    def _charset(self) -> str:
        content_type = self.headers.get("content-type", "")
        for part in content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip('"')
        return "utf-8"


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _allow_private() -> bool:
    return bool(getattr(settings, "WASPADA_HTTP_ALLOW_PRIVATE", False))


def _guarded_create_connection(
    address: tuple[str, int],
    timeout: float | None = None,
    source_address: tuple[str, int] | None = None,
    **kwargs: Any,
) -> socket.socket:
    sock = socket.create_connection(address, timeout, source_address, **kwargs)
    if not _allow_private():
        peer = sock.getpeername()[0]
        if not is_public_address(peer):
            sock.close()
            raise BlockedAddress(peer)
    return sock


def _connection(
    scheme: str, host: str, port: int | None, timeout: float
) -> http.client.HTTPConnection:
    conn: http.client.HTTPConnection
    if scheme == "https":
        conn = http.client.HTTPSConnection(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    conn._create_connection = _guarded_create_connection  # type: ignore[attr-defined]
    return conn


def request(
    method: str,
    url: str,
    *,
    params: dict[str, Any] | None = None,
    json: Any = None,
    data: bytes | dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    auth: tuple[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    retries: int = 0,
    raise_for_status: bool = True,
) -> Response:
    """Send one request (repeated up to ``retries`` times on transient failures)."""
    attempt = 0
    while True:
        try:
            response = _request_once(
                method,
                url,
                params=params,
                json=json,
                data=data,
                headers=headers,
                auth=auth,
                timeout=timeout,
                max_bytes=max_bytes,
            )
            if raise_for_status and not response.ok:
                raise HttpError(
                    f"{method} {_safe(url)}: HTTP {response.status} {response.reason}",
                    permanent=400 <= response.status < 500 and response.status != 429,
                    status=response.status,
                )
            return response
        except HttpError as e:
            if e.permanent or attempt >= retries:
                raise
        attempt += 1
        time.sleep(min(0.2 * 2**attempt, 5.0))


def get(url: str, **kwargs: Any) -> Response:
    return request("GET", url, **kwargs)


def post(url: str, **kwargs: Any) -> Response:
    return request("POST", url, **kwargs)


def _safe(url: str) -> str:
    """The URL without its path: bot tokens sit in paths (Telegram) and must not be logged."""
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}/…"


def _request_once(
    method: str,
    url: str,
    *,
    params: dict[str, Any] | None,
    json: Any,
    data: bytes | dict[str, Any] | None,
    headers: dict[str, str] | None,
    auth: tuple[str, str] | None,
    timeout: float,
    max_bytes: int,
) -> Response:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HttpError(f"not an http(s) URL: {_safe(url)}", permanent=True)
    path = parts.path or "/"
    query = parts.query
    if params:
        query = f"{query}&{urlencode(params)}" if query else urlencode(params)
    if query:
        path = f"{path}?{query}"
    send_headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Connection": "close"}
    body = None
    if json is not None:
        body = jsonlib.dumps(json, ensure_ascii=False).encode("utf-8")
        send_headers["Content-Type"] = "application/json"
    elif isinstance(data, dict):
        body = urlencode(data).encode("ascii")
        send_headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif data is not None:
        body = data
    if auth is not None:
        import base64

        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        send_headers["Authorization"] = f"Basic {token}"
    send_headers.update(headers or {})

    started = time.monotonic()
    conn = _connection(parts.scheme, parts.hostname, parts.port, timeout)
    try:
        conn.request(method, path, body=body, headers=send_headers)
        raw = conn.getresponse()
        declared = raw.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise HttpError(
                f"{_safe(url)}: response of {declared} bytes exceeds {max_bytes}", permanent=True
            )
        chunks, size = [], 0
        while True:
            chunk = raw.read(min(65536, max_bytes + 1 - size))
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise HttpError(f"{_safe(url)}: response exceeds {max_bytes} bytes", permanent=True)
            chunks.append(chunk)
        return Response(
            status=raw.status,
            reason=raw.reason,
            headers={k.lower(): v for k, v in raw.getheaders()},
            body=b"".join(chunks),
            url=url,
            elapsed=time.monotonic() - started,
        )
    except HttpError:
        raise
    except (OSError, http.client.HTTPException) as e:
        raise HttpError(f"{method} {_safe(url)}: {type(e).__name__}: {e}", permanent=False) from e
    finally:
        conn.close()
