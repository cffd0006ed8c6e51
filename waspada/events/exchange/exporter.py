"""Export events as CSV, XLSX, GeoJSON, ACLED-format CSV and HXL-tagged CSV."""

import csv
import io
import json

from waspada.areas.models import Area

from . import acled, native
from .cells import safe_row


def _rows(events):
    return [native.export_row(e) for e in events]


def _sheet_rows(events):
    """Rows for spreadsheet formats (CSV, HXL, XLSX): no cell starts a formula."""
    return [safe_row(row) for row in _rows(events)]


def to_csv(events) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(native.COLUMNS)
    writer.writerows(_sheet_rows(events))
    return out.getvalue().encode("utf-8")


def to_hxl(events) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(native.COLUMNS)
    writer.writerow([native.HXL_TAGS[c] for c in native.COLUMNS])
    writer.writerows(_sheet_rows(events))
    return out.getvalue().encode("utf-8")


def to_xlsx(events) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("events")
    sheet.append(native.COLUMNS)
    for row in _sheet_rows(events):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_geojson(events) -> bytes:
    features = []
    for event, row in zip(events, _rows(events), strict=True):
        props = dict(zip(native.COLUMNS, row, strict=True))
        geometry = None
        if event.latitude is not None and event.longitude is not None:
            geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]}
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False
    ).encode("utf-8")


def to_acled(events) -> bytes:
    codes = set()
    for e in events:
        if e.area_id:
            parts = e.area_id.split(".")
            codes |= {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
    areas = {a.code: a for a in Area.objects.filter(code__in=codes).defer("geometry")}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(acled.COLUMNS)
    writer.writerows(safe_row(acled.export_row(e, areas)) for e in events)
    return out.getvalue().encode("utf-8")


EXPORTERS = {
    "csv": (to_csv, "text/csv; charset=utf-8", "csv"),
    "hxl": (to_hxl, "text/csv; charset=utf-8", "hxl.csv"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "geojson": (to_geojson, "application/geo+json", "geojson"),
    "acled": (to_acled, "text/csv; charset=utf-8", "acled.csv"),
}
