"""Import events: read, preview per-row errors, then commit all rows or none."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from waspada.areas.models import Area
from waspada.lib import validators

from ..models import Event, ImportBatch
from ..services import create_event
from . import acled, native, ucdp
from .readers import FileError, read_table

FORMATS = {native.NAME: native, acled.NAME: acled, ucdp.NAME: ucdp}
REQUIRED = {
    native.NAME: ["event_date", "area_code", "summary"],
    acled.NAME: [
        "event_id_cnty",
        "event_date",
        "sub_event_type",
        "admin1",
        "admin2",
        "latitude",
        "longitude",
        "fatalities",
        "notes",
    ],
    ucdp.NAME: ucdp.REQUIRED,
}


class ImportRefused(Exception):
    pass


class AreaLookup:
    """Areas by code, fetched on first use (imports touch few of the 91,599)."""

    def __init__(self):
        self._cache: dict[str, Area | None] = {}

    def get(self, code, default=None):
        if code not in self._cache:
            self._cache[code] = Area.objects.defer("geometry").filter(code=code).first()
        return self._cache[code] or default

    def __contains__(self, code):
        return self.get(code) is not None

    def __getitem__(self, code):
        area = self.get(code)
        if area is None:
            raise KeyError(code)
        return area


@dataclass
class ParsedRow:
    line: int
    fields: dict
    sources: list
    errors: list
    skipped: str = ""
    raw: dict = field(default_factory=dict)


@dataclass
class Preview:
    format: str = ""
    rows: list[ParsedRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[dict]:
        return [{"line": r.line, "messages": r.errors} for r in self.rows if r.errors]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors

    @property
    def to_create(self) -> list[ParsedRow]:
        return [r for r in self.rows if not r.errors and not r.skipped]

    def summary(self) -> dict:
        levels = Counter()
        for r in self.to_create:
            area = r.fields.get("area")
            levels[area.level if area else "none"] += 1
        return {
            "format": self.format,
            "rows": len(self.rows),
            "to_create": len(self.to_create),
            "skipped": sum(1 for r in self.rows if r.skipped),
            "errors": len(self.errors),
            "resolved": dict(levels),
        }


def detect_format(header: list[str]) -> str | None:
    for name, module in FORMATS.items():
        if module.detect(header):
            return name
    return None


def parse(content: bytes, filename: str, fmt: str | None = None) -> Preview:
    preview = Preview()
    try:
        header, rows = read_table(content, filename)
    except FileError as e:
        preview.file_errors.append(str(e))
        return preview
    fmt = fmt or detect_format(header)
    if fmt not in FORMATS:
        preview.file_errors.append(
            _("Unknown table: expected our event columns, an ACLED export or a UCDP GED file.")
        )
        return preview
    preview.format = fmt
    missing = [c for c in REQUIRED[fmt] if c not in header]
    if missing:
        preview.file_errors.append(_("Missing columns: %(cols)s") % {"cols": ", ".join(missing)})
        return preview
    module, areas = FORMATS[fmt], AreaLookup()
    seen = set()
    for line, row in rows:
        if "__error__" in row:
            preview.rows.append(ParsedRow(line, {}, [], [row["__error__"]]))
            continue
        fields, sources, errors = module.parse_row(row, areas)
        errors.extend(plausibility_errors(fields))
        parsed = ParsedRow(line, fields, sources, errors, raw=row)
        key = (fields.get("external_source"), fields.get("external_id"))
        if key[1]:
            if key in seen:
                parsed.errors.append(_("the same id appears twice in the file"))
            seen.add(key)
        preview.rows.append(parsed)
    _mark_already_imported(preview)
    return preview


def plausibility_errors(fields: dict) -> list[str]:
    """Dates from 1989 (UCDP GED's start) to today, points in Indonesia. Imported areas may lie
    anywhere in Indonesia (national UCDP/ACLED files give the regency its context)."""
    errors = []
    try:
        if fields.get("event_date") is not None:
            validators.import_date(fields["event_date"])
    except ValidationError as e:
        errors.append(validators.message(e))
    try:
        if fields.get("latitude") is not None and fields.get("longitude") is not None:
            validators.point_in_indonesia(fields["latitude"], fields["longitude"])
    except ValidationError as e:
        errors.append(validators.message(e))
    return errors


def _mark_already_imported(preview: Preview) -> None:
    keys = {
        (r.fields.get("external_source"), r.fields.get("external_id"))
        for r in preview.rows
        if r.fields.get("external_id")
    }
    if not keys:
        return
    existing = set()
    for source in {k[0] for k in keys}:
        ids = [k[1] for k in keys if k[0] == source]
        for i in range(0, len(ids), 500):
            existing |= {
                (source, e)
                for e in Event.objects.filter(
                    external_source=source, external_id__in=ids[i : i + 500]
                ).values_list("external_id", flat=True)
            }
    for r in preview.rows:
        if (r.fields.get("external_source"), r.fields.get("external_id")) in existing:
            r.skipped = _("already imported")


def stage(content: bytes, filename: str, user, fmt: str | None = None):
    """Keep the uploaded file unchanged with its preview (nothing else is written)."""
    preview = parse(content, filename, fmt)
    batch = ImportBatch.objects.create(
        created_by=user,
        filename=filename[:255],
        format=preview.format or "unknown",
        content=content,
        rows=len(preview.rows),
        errors=[{"line": 0, "messages": preview.file_errors}]
        if preview.file_errors
        else preview.errors,
        summary=preview.summary(),
        status=ImportBatch.Status.PREVIEW if preview.ok else ImportBatch.Status.FAILED,
    )
    return batch, preview


@transaction.atomic
def commit(batch: ImportBatch, user) -> int:
    """Create every event of the batch, or none if any row has an error."""
    preview = parse(bytes(batch.content), batch.filename, batch.format)
    if not preview.ok:
        raise ImportRefused(_("The file has errors; nothing was imported."))
    for row in preview.to_create:
        fields = dict(row.fields)
        create_event(user=user, sources=row.sources, import_batch=batch, raw=row.raw, **fields)
    batch.status = ImportBatch.Status.COMMITTED
    batch.summary = preview.summary()
    batch.save(update_fields=["status", "summary"])
    return len(preview.to_create)
