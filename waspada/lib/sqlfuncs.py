"""SQL functions Django does not offer in a form both databases answer natively."""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, Func
from django.db.models.sql.compiler import SQLCompiler


class YearMonth(Func):
    """``'YYYY-MM'`` of a date column, computed by the database itself.

    Django's ``TruncMonth`` on SQLite calls a Python function once per row; SQLite keeps a
    date as ``'YYYY-MM-DD'`` text, so its first seven characters are the month.
    """

    output_field = CharField()
    arity = 1

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, Any]:
        return self.as_sql(
            compiler,
            connection,
            function="substr",
            template="%(function)s(%(expressions)s, 1, 7)",
            **extra,
        )

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, Any]:
        return self.as_sql(
            compiler,
            connection,
            function="to_char",
            template="%(function)s(%(expressions)s, 'YYYY-MM')",
            **extra,
        )
