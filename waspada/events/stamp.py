"""Has any event changed? A version the database itself bumps, for exact cached counts.

Triggers on ``events_event`` and ``events_eventsource`` (every insert, update and delete,
whichever code path or bulk operation made it) set the single row of ``events_changestamp``
(migration 0006) to a new random version. Random, not a counter: a rolled-back change would
give its number back, and a count cached inside that transaction would then be found again
under the same number after the next real change. Counts of the event list are cached under the
current version, so a cached count is never one of an older state of the table: counting
100,000 events for each page view was most of the list's time (bench/events.py).
"""

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connection

T = TypeVar("T")

TABLES = ("events_event", "events_eventsource")
SQLITE_BUMP = "UPDATE events_changestamp SET version = random() WHERE id = 1"
POSTGRES_BUMP = "UPDATE events_changestamp SET version = (random() * 9.2e18)::bigint WHERE id = 1"


def _sqlite_setup() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_stamp_{op[:3].lower()} AFTER {op} ON {table} "
        f"BEGIN {SQLITE_BUMP}; END"
        for table in TABLES
        for op in ("INSERT", "UPDATE", "DELETE")
    ]


def _sqlite_teardown() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_stamp_{op}"
        for table in TABLES
        for op in ("ins", "upd", "del")
    ]


POSTGRES_SETUP = [
    "CREATE OR REPLACE FUNCTION events_bump_stamp() RETURNS trigger AS $$ "
    f"BEGIN {POSTGRES_BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql",
    *(
        f"CREATE TRIGGER {table}_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION events_bump_stamp()"
        for table in TABLES
    ),
]
POSTGRES_TEARDOWN = [
    *(f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS events_bump_stamp()",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    sql = {"sqlite": _sqlite_setup(), "postgresql": POSTGRES_SETUP}.get(vendor, [])
    for statement in sql:
        schema_editor.execute(statement)
    apps.get_model("events", "ChangeStamp").objects.get_or_create(pk=1)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    sql = {"sqlite": _sqlite_teardown(), "postgresql": POSTGRES_TEARDOWN}.get(vendor, [])
    for statement in sql:
        schema_editor.execute(statement)


def current() -> int | None:
    """The version now, or None where the row is gone (a test flushed the tables)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM events_changestamp WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        with connection.cursor() as cursor:  # put it back; this request counts afresh
            cursor.execute(
                "INSERT INTO events_changestamp (id, version) VALUES (1, %s) "
                "ON CONFLICT DO NOTHING",
                [secrets.randbits(62)],
            )
        return None
    return row[0]


# Values by (version, what was computed), in this process: the version is read from the
# database on every call, so each process keeps its own copy without ever serving a stale
# one (and without the file I/O of the shared cache).
_values: OrderedDict[tuple, Any] = OrderedDict()
_values_lock = threading.Lock()
MAX_VALUES = 2000


def cached(key_parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, cached under the current version and ``key_parts`` (the caller must
    treat the value as read-only: every request with the same key gets the same object)."""
    version = current()
    if version is None:
        return compute()
    key = (version, key_parts)
    with _values_lock:
        if key in _values:
            _values.move_to_end(key)
            return _values[key]
    value = compute()
    with _values_lock:
        _values[key] = value
        while len(_values) > MAX_VALUES:
            _values.popitem(last=False)
    return value


def cached_count(key_parts: tuple, count: Callable[[], int]) -> int:
    """``count()``, cached under the current version and ``key_parts``."""
    return cached(("count", key_parts), count)
