"""Insert many new rows of one model in a few statements, for imports.

``bulk_create`` prepares every value of every row through its field (``pre_save``,
``get_db_prep_save``) and builds the statement anew for each batch: for an event's 35 columns
that was about 0.3 ms a row, three quarters of an import's writing, the database's own work a
fifth of it. Here each column gets one converter, chosen once: plain text and numbers go to the
driver as they are (as their fields would leave them), every other column (dates, times, JSON)
through its field as ``bulk_create`` does, and fields that set their own value on saving
(``auto_now``) still do. One ``INSERT … VALUES (…), (…) RETURNING id`` per batch gives the
objects their ids, in order, as ``bulk_create`` does. Where the database cannot return them, or
a column needs a placeholder of its own, ``bulk_create`` runs instead.
"""

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router

# Fields (these classes exactly, not subclasses that may prepare values their own way) whose
# value the driver takes as it is, after what their ``get_prep_value`` does to it.
_AS_TEXT = {models.CharField, models.TextField}
_AS_INT = {
    models.IntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
}
_AS_FLOAT = {models.FloatField}


def _text(value):
    return value if value is None or isinstance(value, str) else str(value)


def _int(value):
    return value if value is None or type(value) is int else int(value)


def _float(value):
    return value if value is None or type(value) is float else float(value)


def _converter(field: models.Field, connection) -> Callable[[Any], Any]:
    """How a value of ``field`` goes to the driver."""
    kind = type(field.target_field if isinstance(field, models.ForeignKey) else field)
    if kind in _AS_TEXT:
        return _text
    if kind in _AS_INT:
        return _int
    if kind in _AS_FLOAT:
        return _float
    if isinstance(field, models.ForeignKey) and isinstance(field.target_field, models.AutoField):
        return _int
    return lambda value: field.get_db_prep_save(value, connection)


def _max_params(connection) -> int:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        try:
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except AttributeError:  # Python < 3.11
            return connection.features.max_query_params
    return 65535


def insert_all(model: type[models.Model], objs: Sequence[models.Model], batch_size=500) -> None:
    """Insert ``objs`` (new, without ids) and give each its id, in the caller's transaction."""
    if not objs:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    meta = model._meta
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk]
    if (
        not isinstance(pk, models.AutoField)
        or not connection.features.can_return_rows_from_bulk_insert
        or any(hasattr(f, "get_placeholder") for f in fields)
    ):
        model._base_manager.using(using).bulk_create(objs, batch_size=batch_size)
        return
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="insert_all")  # type: ignore[attr-defined]
    own_value = [f for f in fields if type(f).pre_save is not models.Field.pre_save]
    columns = [(f.attname, _converter(f, connection)) for f in fields]
    quote = connection.ops.quote_name
    # Names from the model, quoted; every value goes as a parameter.
    names = ", ".join(quote(str(f.column)) for f in fields)
    head = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES "  # noqa: S608
    tail = f" RETURNING {quote(meta.db_table)}.{quote(str(pk.column))}"
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(batch_size, _max_params(connection) // len(fields)))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start : start + size]
            params: list = []
            for obj in batch:
                for f in own_value:
                    f.pre_save(obj, add=True)
                values = obj.__dict__
                params.extend(convert(values[name]) for name, convert in columns)
            cursor.execute(head + ", ".join([one_row] * len(batch)) + tail, params)
            for obj, (new_id,) in zip(batch, cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, new_id)
                obj._state.adding = False
                obj._state.db = using
