"""The fetcher on top of waspada.lib.http, against the loopback site."""

import time

import pytest

from waspada.media.fetch import MAX_REDIRECTS, FetchError, fetch


def test_it_follows_redirects_to_the_page(site):
    site.serve("/final.html", "erau.html")
    site.redirect("/old.html", "/moved.html", 301)
    site.redirect("/moved.html", f"{site.url}/final.html", 307)
    fetched = fetch(f"{site.url}/old.html")
    assert fetched.url == f"{site.url}/final.html" and b"Erau" in fetched.body


def test_a_redirect_loop_is_refused_at_once(site):
    site.redirect("/a", "/b")
    site.redirect("/b", "/a")
    with pytest.raises(FetchError, match="redirect loop") as error:
        fetch(f"{site.url}/a")
    assert error.value.permanent
    assert site.paths().count("/a") == 1


def test_too_many_redirects_are_refused(site):
    for i in range(MAX_REDIRECTS + 2):
        site.redirect(f"/r{i}", f"/r{i + 1}")
    with pytest.raises(FetchError, match="redirects"):
        fetch(f"{site.url}/r0")


def test_it_sends_validators_and_reports_not_modified(site):
    site.serve("/rss.xml", "rss.xml", etag='"abc"')
    first = fetch(f"{site.url}/rss.xml")
    assert first.headers["etag"] == '"abc"'
    second = fetch(
        f"{site.url}/rss.xml", etag='"abc"', last_modified="Tue, 08 Jul 2025 01:00:00 GMT"
    )
    assert second.not_modified and second.body == b""
    headers = site.hits[-1][1]
    assert headers["If-None-Match"] == '"abc"'
    assert headers["If-Modified-Since"] == "Tue, 08 Jul 2025 01:00:00 GMT"
    assert headers["User-Agent"].startswith("Waspada/")


@pytest.mark.parametrize(
    ("status", "permanent"), [(404, True), (410, True), (429, False), (500, False), (503, False)]
)
def test_error_answers_say_whether_they_are_permanent(site, status, permanent):
    site.fail("/x", status)
    with pytest.raises(FetchError) as error:
        fetch(f"{site.url}/x")
    assert error.value.status == status and error.value.permanent is permanent


@pytest.mark.slow  # real timeouts
def test_a_timeout_is_transient_and_retried(site, settings):
    settings.WASPADA_MEDIA_TIMEOUT = 0.3
    site.serve("/slow", "erau.html", delay=1.0)
    with pytest.raises(FetchError, match="timed out") as error:
        fetch(f"{site.url}/slow")
    assert not error.value.permanent
    assert site.paths().count("/slow") == 2  # one retry (WASPADA_MEDIA_RETRIES=1)


def test_an_oversize_page_is_refused(site, settings):
    settings.WASPADA_MEDIA_MAX_BYTES = 1000
    site.serve("/big", body=b"x" * 5000)
    with pytest.raises(FetchError, match="exceeds"):
        fetch(f"{site.url}/big")


def test_robots_txt_is_fetched_once_and_obeyed(site):
    site.serve("/rahasia/a.html", "erau.html")
    site.serve("/a.html", "erau.html")
    fetch(f"{site.url}/a.html")
    fetch(f"{site.url}/a.html")
    with pytest.raises(FetchError, match="robots.txt"):
        fetch(f"{site.url}/rahasia/a.html")
    assert site.paths().count("/robots.txt") == 1


def test_a_missing_robots_txt_allows_everything(site):
    site.routes.pop("/robots.txt")
    site.serve("/rahasia/a.html", "erau.html")
    assert fetch(f"{site.url}/rahasia/a.html").status == 200


def test_robots_txt_can_be_switched_off(site, settings):
    settings.WASPADA_MEDIA_RESPECT_ROBOTS = False
    site.serve("/rahasia/a.html", "erau.html")
    assert fetch(f"{site.url}/rahasia/a.html").status == 200
    assert "/robots.txt" not in site.paths()


def test_requests_to_one_host_are_spaced(site, settings):
    settings.WASPADA_MEDIA_HOST_INTERVAL_MS = 150
    site.serve("/a.html", "erau.html")
    started = time.monotonic()
    for _ in range(3):
        fetch(f"{site.url}/a.html")
    # robots.txt + 3 pages = 4 requests, at least 3 intervals apart
    assert time.monotonic() - started >= 0.44


def test_private_addresses_are_refused_without_the_setting(site, settings):
    settings.WASPADA_HTTP_ALLOW_PRIVATE = False
    settings.WASPADA_MEDIA_RESPECT_ROBOTS = False
    site.serve("/a.html", "erau.html")
    with pytest.raises(FetchError, match="non-public"):
        fetch(f"{site.url}/a.html")
