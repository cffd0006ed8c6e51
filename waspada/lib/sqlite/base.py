"""Django's SQLite backend whose transactions wait in line for the write lock
(:mod:`.writers`) rather than in SQLite's busy handler. In-memory databases (the tests')
are left as Django has them."""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base

from .writers import WriterQueue, queue_for


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writer_turn: WriterQueue | None = None

    def _writer_queue(self) -> WriterQueue | None:
        if self.is_in_memory_db():
            return None
        return queue_for(str(self.settings_dict["NAME"]))

    def _start_transaction_under_autocommit(self) -> None:
        queue = self._writer_queue()
        if queue is not None and self._writer_turn is None:
            timeout = float(self.settings_dict["OPTIONS"].get("timeout", 5))
            if queue.acquire(timeout):
                self._writer_turn = queue
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private: not in django-stubs
        except BaseException:
            self._end_turn()
            raise

    def _end_turn(self) -> None:
        turn, self._writer_turn = self._writer_turn, None
        if turn is not None:
            turn.release()

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]  # private: not in django-stubs
        finally:
            self._end_turn()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]  # private: not in django-stubs
        finally:
            self._end_turn()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]  # private: not in django-stubs
        finally:
            self._end_turn()
