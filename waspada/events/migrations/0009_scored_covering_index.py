"""On PostgreSQL, an index that holds every column the risk recompute reads of an event
(``risk.gathering.gather_columns``), so the year of events it scores is read from the index
alone rather than from ~40,000 table pages scattered over the 1M-event table. SQLite has no
INCLUDE; its recompute reads the rows in table order instead."""

from django.db import migrations

NAME = "events_event_scored_cover"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON events_event (event_date) "
            "INCLUDE (id, form, verification, relevance, fatalities, area_id)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("events", "0008_import_resume")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
