"""The recompute's events are read from one index on PostgreSQL: it must hold every column
``gather_columns`` reads (a column added there and not here sends PostgreSQL back to the
table's pages)."""

import pytest
from django.db import connection

from waspada.risk.gathering import EVENT_COLUMNS


@pytest.mark.django_db
def test_the_covering_index_holds_every_column_the_recompute_reads():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no INCLUDE")
    with connection.cursor() as c:
        c.execute(
            "SELECT pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indexrelid = 'events_event_scored_cover'::regclass"
        )
        (definition,) = c.fetchone()
    included = definition.split("INCLUDE (", 1)[1].rstrip(")").split(", ")
    read = {"id" if c == "pk" else c for c in EVENT_COLUMNS if c != "event_date"}
    read |= {"relevance", "verification", "form"}  # its filters
    assert "(event_date)" in definition
    assert read <= set(included)
