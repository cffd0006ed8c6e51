"""Full-text search of events with the database's own engine.

SQLite: an FTS5 external-content table kept in step by triggers (migration 0002).
PostgreSQL: a GIN index on to_tsvector('simple', search_document), queried with the same
expression so that the index is used. The 'simple' configuration: Indonesian has no
Snowball stemmer in PostgreSQL, and names of places and groups must match as written.
"""

import re

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

_WORD = re.compile(r"\w+", re.UNICODE)

SQLITE_SETUP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS events_event_fts USING fts5("
    "search_document, content='events_event', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS events_event_fts_ai AFTER INSERT ON events_event BEGIN "
    "INSERT INTO events_event_fts(rowid, search_document) VALUES (new.id, new.search_document); "
    "END",
    "CREATE TRIGGER IF NOT EXISTS events_event_fts_ad AFTER DELETE ON events_event BEGIN "
    "INSERT INTO events_event_fts(events_event_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); END",
    "CREATE TRIGGER IF NOT EXISTS events_event_fts_au AFTER UPDATE ON events_event BEGIN "
    "INSERT INTO events_event_fts(events_event_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); "
    "INSERT INTO events_event_fts(rowid, search_document) VALUES (new.id, new.search_document); "
    "END",
    "INSERT INTO events_event_fts(events_event_fts) VALUES ('rebuild')",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS events_event_fts_ai",
    "DROP TRIGGER IF EXISTS events_event_fts_ad",
    "DROP TRIGGER IF EXISTS events_event_fts_au",
    "DROP TABLE IF EXISTS events_event_fts",
]
POSTGRES_SETUP = [
    "CREATE INDEX IF NOT EXISTS events_event_search_idx ON events_event "
    "USING GIN (to_tsvector('simple', search_document))",
]
POSTGRES_TEARDOWN = ["DROP INDEX IF EXISTS events_event_search_idx"]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_SETUP, "postgresql": POSTGRES_SETUP}.get(vendor, []):
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_TEARDOWN, "postgresql": POSTGRES_TEARDOWN}.get(vendor, []):
        schema_editor.execute(sql)


def words(query: str) -> list[str]:
    return _WORD.findall(query.lower())[:12]


def search(queryset, query: str):
    """Events matching every word of ``query`` (prefix match on SQLite)."""
    terms = words(query)
    if not terms:
        return queryset
    if connection.vendor == "sqlite":
        match = " ".join(f'"{t}"*' for t in terms)
        return queryset.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM events_event_fts WHERE events_event_fts MATCH %s", [match]
            )
        )
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{t}:*" for t in terms)
        return queryset.filter(
            RawSQL(
                "to_tsvector('simple', events_event.search_document) @@ to_tsquery('simple', %s)",
                [tsquery],
                output_field=BooleanField(),
            )
        )
    for t in terms:
        queryset = queryset.filter(search_document__icontains=t)
    return queryset
