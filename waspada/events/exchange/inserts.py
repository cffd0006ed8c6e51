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
    last: list = [object(), None]  # the value converted last (the batch's shared ``now``)

    def prepare(value):
        if value is not last[0]:
            last[:] = [value, field.get_db_prep_save(value, connection)]
        return last[1]

    return prepare


def build(model: type[models.Model], values: dict) -> Any:
    """A new ``model`` object, as ``model(**values)`` makes it (a related object by its field's
    name, or its key by the attribute name; defaults for the rest), through Django's positional
    path: a third of the time, which counts for an import's 200,000 objects."""
    values = dict(values)
    args = []
    related = []
    for f in model._meta.concrete_fields:
        if isinstance(f, models.ForeignKey) and f.name in values:
            target = values.pop(f.name)
            related.append((f, target))
            args.append(None if target is None else getattr(target, f.target_field.attname))
        elif f.attname in values:
            args.append(values.pop(f.attname))
        else:
            args.append(f.get_default())
    if values:
        raise TypeError(f"{model.__name__}() got unexpected keyword arguments: {', '.join(values)}")
    obj = model(*args)
    for f, target in related:
        f.set_cached_value(obj, target)
    return obj


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
    # ``auto_now`` and ``auto_now_add`` columns: one moment for all the rows, as one statement.
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for f in stamped:
        now = f.pre_save(objs[0], add=True)
        for obj in objs:
            setattr(obj, f.attname, now)
    own_value = [
        f for f in fields if f not in stamped and type(f).pre_save is not models.Field.pre_save
    ]
    columns = [(f.attname, _converter(f, connection)) for f in fields]
    rows = []
    for obj in objs:
        for f in own_value:
            f.pre_save(obj, add=True)
        values = obj.__dict__
        rows.append([convert(values[name]) for name, convert in columns])
    write = _copy if connection.vendor == "postgresql" else _values
    ids = write(connection, meta.db_table, pk, fields, rows, batch_size)
    for obj, new_id in zip(objs, ids, strict=True):
        setattr(obj, pk.attname, new_id)
        obj._state.adding = False
        obj._state.db = using


def _names(connection, fields: list) -> str:
    # Names from the model, quoted; every value goes as a parameter (or COPY data).
    return ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)


def _values(connection, table: str, pk, fields: list, rows: list, batch_size: int) -> list:
    """``INSERT … VALUES (…), (…) RETURNING id`` per batch: the new ids, in order."""
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(table)} ({_names(connection, fields)}) VALUES "  # noqa: S608
    tail = f" RETURNING {quote(table)}.{quote(str(pk.column))}"
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(batch_size, _max_params(connection) // len(fields)))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            params = [value for row in batch for value in row]
            cursor.execute(head + ", ".join([one_row] * len(batch)) + tail, params)
            ids.extend(new_id for (new_id,) in cursor.fetchall())
    return ids


def _copy(connection, table: str, pk, fields: list, rows: list, batch_size: int) -> list:
    """PostgreSQL: ids taken from the table's sequence, then the rows with them by ``COPY``
    (an INSERT's values, as arrays or a value list, were quoted one by one in Python by the
    driver: most of the time of an import's writing there)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) AS id "
            "FROM generate_series(1, %s) ORDER BY id",
            [quote(table), str(pk.column), len(rows)],
        )
        ids = [new_id for (new_id,) in cursor.fetchall()]
        columns = f"{quote(str(pk.column))}, {_names(connection, fields)}"
        with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for new_id, row in zip(ids, rows, strict=True):
                copy.write_row([new_id, *row])
    return ids
