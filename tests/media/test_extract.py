"""Reading pages and feeds: encodings, text, metadata, language, links."""

import pytest

from waspada.media import feeds
from waspada.media.extract import ExtractError, decode, extract, language

from .conftest import fixture

BASE = "http://news.test"


def page(name):
    return fixture(name).replace(b"{base}", BASE.encode())


def test_it_reads_title_text_author_date_and_canonical():
    found = extract(page("story_a.html"), "text/html; charset=utf-8", f"{BASE}/a")
    assert found.title == "Warga Jongkang Blokade Jalan Hauling Tambang"
    assert found.text.startswith("Ratusan warga") and "Terpopuler" not in found.text
    assert found.author == "Rahmat Hidayat"
    assert found.published_at.isoformat() == "2025-07-08T09:15:00+08:00"
    assert found.language == "id" and found.encoding == "utf-8"
    assert found.canonical_url == f"{BASE}/a/blokade-jongkang.html"


def test_windows_1252_is_read_from_the_meta_tag():
    found = extract(fixture("cp1252.html"), "text/html")
    assert found.encoding == "cp1252"
    assert "\u201cjalan damai terbaik\u201d" in found.text


def test_an_undeclared_legacy_encoding_is_guessed():
    body = fixture("cp1252.html").replace(b"; charset=windows-1252", b"")
    text, encoding = decode(body, "text/html")
    assert encoding != "utf-8" and "caf\u00e9" in text


def test_the_http_header_wins_over_a_wrong_meta_tag():
    body = '<meta charset="iso-8859-1"><p>Tokoh adat “damai”</p>'.encode()
    text, encoding = decode(body, "text/html; charset=UTF-8")
    assert encoding == "utf-8" and "“damai”" in text


def test_a_page_without_text_is_an_extract_error():
    with pytest.raises(ExtractError):
        extract(b"<html><body><script>1</script></body></html>", "text/html")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Warga desa yang tinggal di dekat tambang mengadu ke kantor camat karena lahan mereka "
            "belum dibayar oleh perusahaan.",
            "id",
        ),
        (
            "The villagers said that the company has not paid for the land that was taken from "
            "them by the mine.",
            "en",
        ),
        ("1234 5678 !!!", ""),
    ],
)
def test_language_by_stop_words(text, expected):
    assert language(text) == expected


def test_an_rss_feed_gives_its_links_and_dates():
    links = feeds.parse_feed(page("rss.xml"), f"{BASE}/rss.xml")
    assert [link.url for link in links] == [
        f"{BASE}/a/blokade-jongkang.html",
        f"{BASE}/a/erau.html",
    ]
    assert links[0].title == "Warga Jongkang Blokade Jalan Hauling Tambang"
    assert links[0].published_at.isoformat() == "2025-07-08T01:15:00+00:00"


def test_an_atom_feed_gives_its_links():
    links = feeds.parse_feed(page("atom.xml"), f"{BASE}/atom.xml")
    assert [link.url for link in links] == [f"{BASE}/b/blokade-loa-kulu.html"]


@pytest.mark.parametrize(
    "body",
    [page("malformed.xml"), b"<html><body>Maintenance</body></html>", b"", b"\x00\xff garbage"],
)
def test_a_malformed_feed_is_a_parse_error(body):
    with pytest.raises(feeds.ParseError):
        feeds.parse_feed(body, f"{BASE}/rss.xml")


def test_a_listing_page_gives_article_links_on_its_own_site():
    links = feeds.parse_listing(page("listing.html"), f"{BASE}/listing.html", "text/html")
    urls = [link.url for link in links]
    assert f"{BASE}/berita/2025/07/blokade-jalan-tambang-jongkang.html" in urls
    assert not any("facebook.com" in url for url in urls) and f"{BASE}/" not in urls


def test_a_listing_pattern_selects_articles():
    links = feeds.parse_listing(
        page("listing.html"), f"{BASE}/listing.html", "text/html", r"/berita/\d{4}/"
    )
    assert [link.url for link in links] == [
        f"{BASE}/berita/2025/07/blokade-jalan-tambang-jongkang.html"
    ]


def test_a_sitemap_gives_links_with_news_dates():
    links, children = feeds.parse_sitemap(page("sitemap.xml"), f"{BASE}/sitemap.xml")
    assert children == [] and len(links) == 2
    assert links[0].published_at.isoformat() == "2025-07-08T09:15:00+08:00"


def test_a_sitemap_index_names_its_children_and_entities_are_not_expanded():
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
        b'sitemap/0.9"><sitemap><loc>http://news.test/s1.xml</loc></sitemap></sitemapindex>'
    )
    assert feeds.parse_sitemap(index, BASE) == ([], ["http://news.test/s1.xml"])
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&e;</loc>'
        b"</url></urlset>"
    )
    links, _children = feeds.parse_sitemap(evil, BASE)
    assert all("root:" not in link.url for link in links)
