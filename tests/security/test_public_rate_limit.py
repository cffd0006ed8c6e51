"""The public form's rate limit: exactly N accepted reports per address and window, however
many arrive at once, and sends that are refused for their content use no slot."""

import http.client
import re
import threading
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from waspada.intake import ratelimit
from waspada.intake.models import RateCounter, Report

URL = "/laporan/kirim/"


class Visitor:
    """A browser-like visitor of the live server: its CSRF cookie and token."""

    def __init__(self, base: str):
        self.base = base
        self.jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        html = opener.open(base + URL, timeout=30).read().decode()
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        self.cookie = "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def connect(self) -> http.client.HTTPConnection:
        """An open connection (connected one after another: the server's listen queue is
        short, the sends themselves then go all at once)."""
        parts = urllib.parse.urlsplit(self.base)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        connection.connect()
        return connection

    def send(self, text: str, connection: http.client.HTTPConnection | None = None) -> int:
        connection = connection or self.connect()
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token, "text": text})
        connection.request(
            "POST",
            URL,
            body=body.encode(),
            headers={
                "Cookie": self.cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": self.base + URL,
            },
        )
        status = connection.getresponse().status
        connection.close()
        return status


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.served_env(WASPADA_INTAKE_PUBLIC_RATE=5)
def test_thirty_concurrent_sends_admit_exactly_five(served):
    """Two server processes of eight threads each, one address, 30 sends at once."""
    visitor = Visitor(served.url)
    statuses: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(30)

    connections = [visitor.connect() for _ in range(30)]

    def send(i: int) -> None:
        start.wait()
        status = visitor.send(f"Bentrok warga nomor {i} di pasar", connections[i])
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(statuses) == [201] * 5 + [429] * 25
    assert served.scalar("SELECT COUNT(*) FROM intake_report") == 5
    assert served.scalar("SELECT SUM(count) FROM intake_ratecounter") == 5


@pytest.mark.django_db(transaction=True)
def test_refused_sends_use_no_slot(live_server, settings):
    settings.WASPADA_INTAKE_PUBLIC_RATE = 2
    visitor = Visitor(live_server.url)
    assert [visitor.send("") for _ in range(4)] == [400] * 4  # empty: refused, not counted
    assert [visitor.send(f"laporan {i}") for i in range(3)] == [201, 201, 429]
    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_a_new_window_starts_when_the_old_one_has_passed():
    assert [ratelimit.take("k", 2, 3600) for _ in range(3)] == [True, True, False]
    assert ratelimit.exhausted("k", 2, 3600)
    RateCounter.objects.update(window_start="2000-01-01T00:00:00Z")
    assert not ratelimit.exhausted("k", 2, 3600)
    assert ratelimit.take("k", 2, 3600) and RateCounter.objects.get().count == 1
