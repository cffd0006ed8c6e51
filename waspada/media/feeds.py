"""Links to articles from what a source serves: a feed, a listing page, a sitemap."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
from lxml import etree
from lxml import html as lxml_html

from .extract import decode, parse_date

MAX_LINKS = 500


class ParseError(Exception):
    pass


@dataclass
class Link:
    url: str
    title: str = ""
    published_at: datetime | None = None


def _http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _struct_time(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)  # feedparser gives UTC
    except (TypeError, ValueError):
        return None


def parse_feed(body: bytes, base_url: str, content_type: str = "") -> list[Link]:
    """Entries of an RSS or Atom feed; ParseError when the document is not a usable feed."""
    parsed = feedparser.parse(
        body, response_headers={"content-location": base_url, "content-type": content_type}
    )
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        if parsed.bozo or not parsed.get("version"):
            raise ParseError(f"malformed feed: {reason or 'not RSS or Atom'}")
        return []
    links = []
    for entry in parsed.entries[:MAX_LINKS]:
        url = urljoin(base_url, (entry.get("link") or "").strip())
        if not _http_url(url):
            continue
        published = _struct_time(entry.get("published_parsed") or entry.get("updated_parsed"))
        links.append(Link(urldefrag(url)[0], (entry.get("title") or "").strip(), published))
    return links


def parse_listing(
    body: bytes, base_url: str, content_type: str = "", pattern: str = ""
) -> list[Link]:
    """Links on a web page, on the page's own site and matching ``pattern`` when given."""
    text, _encoding = decode(body, content_type)
    try:
        tree = lxml_html.fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise ParseError(f"unreadable listing page: {e}") from e
    regex = re.compile(pattern) if pattern else None
    host = urlsplit(base_url).hostname
    seen, links = set(), []
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        if not href:
            continue
        url = urldefrag(urljoin(base_url, href.strip()))[0]
        if not _http_url(url) or url in seen or url == base_url:
            continue
        if regex is not None:
            if not regex.search(url):
                continue
        elif urlsplit(url).hostname != host or urlsplit(url).path in ("", "/"):
            continue
        seen.add(url)
        links.append(Link(url, " ".join(anchor.text_content().split())[:500]))
        if len(links) >= MAX_LINKS:
            break
    return links


_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse_sitemap(body: bytes, base_url: str) -> tuple[list[Link], list[str]]:
    """(article links, child sitemaps) of a sitemap or sitemap index."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as e:
        raise ParseError(f"malformed sitemap: {e}") from e
    tag = etree.QName(root).localname
    if tag not in ("urlset", "sitemapindex"):
        raise ParseError(f"not a sitemap: <{tag}>")
    links, children = [], []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        loc = node.findtext(f"{_SITEMAP_NS}loc") or node.findtext("loc") or ""
        url = urljoin(base_url, loc.strip())
        if not _http_url(url):
            continue
        if tag == "sitemapindex":
            children.append(url)
            continue
        modified = node.findtext(f"{_SITEMAP_NS}lastmod") or node.findtext("lastmod")
        news_date = node.findtext(
            "{http://www.google.com/schemas/sitemap-news/0.9}news/"
            "{http://www.google.com/schemas/sitemap-news/0.9}publication_date"
        )
        links.append(Link(url, published_at=parse_date(news_date or modified)))
        if len(links) >= MAX_LINKS:
            break
    return links, children
