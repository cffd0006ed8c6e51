"""Has a table changed? A version the database itself bumps, for exact cached values.

Triggers on the watched tables (every insert, update and delete, whichever code path or bulk
operation made it) set the single row (id 1) of a stamp table to a new random version.
Random, not a counter: a rolled-back change would give its number back, and a value cached
inside that transaction would then be found again under the same number after the next real
change. Values cached under the current version are never those of an older state of the
tables: the events' counts and map (``events/stamp.py``), the triage queue's page
(``intake/stamp.py``).
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.db import connection

T = TypeVar("T")

# Values by (stamp, version, what was computed), in this process: the version is read from
# the database on every call, so each process keeps its own copy without ever serving a stale
# one (and without the file I/O of the shared cache).
_values: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_values_lock = threading.Lock()
MAX_VALUES = 2000


class ChangeStamp:
    """The stamp row of ``table`` (a model with one ``version`` column), bumped by triggers on
    ``watched``; ``function`` names the PostgreSQL trigger function. Table and function names
    are constants of the code, never input: they are written into the SQL."""

    def __init__(self, table: str, watched: tuple[str, ...], function: str) -> None:
        self.table, self.watched, self.function = table, watched, function

    # Installing (from a migration: RunPython(stamp.install, stamp.uninstall)) ---------------

    def _sqlite_setup(self) -> list[str]:
        bump = f"UPDATE {self.table} SET version = random() WHERE id = 1"  # noqa: S608
        return [
            f"CREATE TRIGGER IF NOT EXISTS {t}_stamp_{op[:3].lower()} AFTER {op} ON {t} "
            f"BEGIN {bump}; END"
            for t in self.watched
            for op in ("INSERT", "UPDATE", "DELETE")
        ]

    def _sqlite_teardown(self) -> list[str]:
        return [
            f"DROP TRIGGER IF EXISTS {t}_stamp_{op}"
            for t in self.watched
            for op in ("ins", "upd", "del")
        ]

    def _postgres_setup(self) -> list[str]:
        bump = f"UPDATE {self.table} SET version = (random() * 9.2e18)::bigint WHERE id = 1"  # noqa: S608, E501
        return [
            f"CREATE OR REPLACE FUNCTION {self.function}() RETURNS trigger AS $$ "
            f"BEGIN {bump}; RETURN NULL; END $$ LANGUAGE plpgsql",
            *(
                f"CREATE TRIGGER {t}_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {t} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {self.function}()"
                for t in self.watched
            ),
        ]

    def _postgres_teardown(self) -> list[str]:
        return [
            *(f"DROP TRIGGER IF EXISTS {t}_stamp ON {t}" for t in self.watched),
            f"DROP FUNCTION IF EXISTS {self.function}()",
        ]

    def install(self, apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        setup = {"sqlite": self._sqlite_setup, "postgresql": self._postgres_setup}.get(vendor)
        for statement in setup() if setup else []:
            schema_editor.execute(statement)
        schema_editor.execute(
            f"INSERT INTO {self.table} (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING"  # noqa: S608
        )

    def uninstall(self, apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        teardown = {"sqlite": self._sqlite_teardown, "postgresql": self._postgres_teardown}
        for statement in teardown[vendor]() if vendor in teardown else []:
            schema_editor.execute(statement)

    # Reading ----------------------------------------------------------------------------------

    def current(self) -> int | None:
        """The version now, or None where the row is gone (a test flushed the tables)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT version FROM {self.table} WHERE id = 1")  # noqa: S608
            row = cursor.fetchone()
        if row is None:
            with connection.cursor() as cursor:  # put it back; this request computes afresh
                cursor.execute(
                    f"INSERT INTO {self.table} (id, version) VALUES (1, %s) "  # noqa: S608
                    "ON CONFLICT DO NOTHING",
                    [secrets.randbits(62)],
                )
            return None
        return int(row[0])

    def cached(
        self, key_parts: tuple[Any, ...], compute: Callable[[], T], version: int | None = None
    ) -> T:
        """``compute()``, cached under the current version (or ``version``, read by the
        caller with :meth:`current` for several values of one request) and ``key_parts``.
        The caller must treat the value as read-only: every request with the same key gets
        the same object."""
        if version is None:
            version = self.current()
        if version is None:
            return compute()
        key = (self.table, version, key_parts)
        with _values_lock:
            if key in _values:
                _values.move_to_end(key)
                return cast(T, _values[key])
        value = compute()
        with _values_lock:
            _values[key] = value
            while len(_values) > MAX_VALUES:
                _values.popitem(last=False)
        return value
