"""Backfills: a folder of saved pages, exported social-media posts, Telegram channel exports.

- Saved pages: every ``*.html``/``*.htm`` under a folder; the address is the page's
  ``<link rel="canonical">`` when it has one, else ``file://`` and its path.
- Posts (JSON or CSV): objects/rows with ``text`` (or ``content``, ``message``, ``full_text``)
  and optionally ``url``/``link``, ``id``, ``date``/``created_at``, ``author``/``user``,
  ``title``. A post without a URL gets ``post://<source>/<id>``.
- Telegram Desktop exports (``result.json``): ``{"name", "messages": [...]}``; text given as a
  string or a list of parts; the address is ``https://t.me/<channel>/<id>`` when the export
  names a public channel, else ``telegram://<name>/<id>``.

The post or page as it was exported is kept (compressed) beside the text, like a fetched page.
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from .extract import ExtractError, canonical_of, decode, parse_date
from .models import Source, SourceKind
from .services import store_article, store_page

TEXT_KEYS = ("text", "content", "message", "full_text", "body")
URL_KEYS = ("url", "link", "permalink", "post_url")
DATE_KEYS = ("date", "created_at", "published_at", "timestamp", "time")
AUTHOR_KEYS = ("author", "user", "username", "from", "screen_name")


@dataclass
class ImportResult:
    added: int = 0
    existing: int = 0
    errors: list[str] = field(default_factory=list)


def import_source(name: str) -> Source:
    source, _created = Source.objects.get_or_create(
        name=name, kind=SourceKind.IMPORT, defaults={"outlet": name, "active": False}
    )
    return source


def import_folder(folder: Path, source: Source | None = None) -> ImportResult:
    result = ImportResult()
    paths = sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in (".html", ".htm"))
    for path in paths:
        body = path.read_bytes()
        canonical = canonical_of(decode(body)[0])
        url = (
            canonical if canonical.startswith(("http://", "https://")) else path.resolve().as_uri()
        )
        try:
            _article, created = store_page(url, body, "text/html", source=source)
        except ExtractError as e:
            result.errors.append(f"{path}: {e}")
            continue
        if created:
            result.added += 1
        else:
            result.existing += 1
    return result


def _first(record: dict, keys) -> str:
    for key in keys:
        value = record.get(key)
        if isinstance(value, dict):
            value = value.get("name") or value.get("username") or value.get("screen_name")
        if value not in (None, ""):
            return value if isinstance(value, str) else str(value)
    return ""


def _telegram_text(value) -> str:
    if isinstance(value, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", "")) for part in value
        )
    return value or ""


def _records(path: Path) -> tuple[list[dict], str]:
    """The posts of an export and the channel name for Telegram exports ('' otherwise)."""
    raw = path.read_bytes()
    if path.suffix.lower() == ".csv":
        return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))), ""
    data = json.loads(raw.decode("utf-8-sig"))
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        channel = data.get("username") or data.get("name") or "telegram"
        posts = []
        for message in data["messages"]:
            if message.get("type", "message") != "message":
                continue
            posts.append(
                {**message, "text": _telegram_text(message.get("text")), "_telegram": True}
            )
        return posts, str(channel)
    if isinstance(data, dict):
        data = data.get("posts") or data.get("data") or data.get("items") or []
    return [d for d in data if isinstance(d, dict)], ""


def import_posts(path: Path, source: Source) -> ImportResult:
    result = ImportResult()
    try:
        records, channel = _records(Path(path))
    except (ValueError, OSError) as e:
        result.errors.append(f"{path}: {e}")
        return result
    for number, record in enumerate(records, 1):
        text = _first(record, TEXT_KEYS).strip()
        if not text:
            result.errors.append(f"{path}: post {number} has no text")
            continue
        ident = (
            _first(record, ("id", "post_id", "message_id"))
            or hashlib.sha256(text.encode()).hexdigest()[:16]
        )
        url = _first(record, URL_KEYS)
        if not url.startswith(("http://", "https://")):
            url = ""  # only web addresses are shown as links
        if not url and record.get("_telegram"):
            url = (
                f"https://t.me/{channel.lstrip('@')}/{ident}"
                if channel.isidentifier()
                else f"telegram://{channel}/{ident}"
            )
        url = url or f"post://{source.pk}/{ident}"
        raw = json.dumps(
            {k: v for k, v in record.items() if k != "_telegram"}, ensure_ascii=False, default=str
        ).encode()
        _article, created = store_article(
            url=url,
            source=source,
            title=_first(record, ("title",))[:500],
            text=text,
            author=_first(record, AUTHOR_KEYS),
            published_at=parse_date(_first(record, DATE_KEYS)),
            raw=raw,
            raw_content_type="application/json",
        )
        if created:
            result.added += 1
        else:
            result.existing += 1
    return result
