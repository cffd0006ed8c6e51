"""Load the national gazetteer and the deployment regency's centroids and polygons.

The national list (every Kemendagri code) comes from ``data/indonesia_areas.csv.gz``; the
regency's centroids and boundary polygons from ``data/regencies/<code>/`` (areas.csv,
kecamatan.geojson, desa.geojson). Loading is idempotent: rows that exist are updated only
when the shipped data differ, so a second run is quick.
"""

import csv
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import LEVEL_BY_PARTS, Area

DATA_DIR = Path(__file__).resolve().parent / "data"
NATIONAL_FILE = DATA_DIR / "indonesia_areas.csv.gz"


@dataclass
class LoadStats:
    created: int = 0
    updated: int = 0
    with_polygon: int = 0


def regency_dir(regency: str, data_dir: Path = DATA_DIR) -> Path:
    return data_dir / "regencies" / regency


def _read_national(path: Path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = row["code"].strip()
            level = LEVEL_BY_PARTS[len(code.split("."))]
            yield code, row["name"].strip(), level, (row["parent_code"].strip() or None)


def _read_regency(folder: Path) -> dict[str, dict]:
    """Centroids, areas and geometries of one regency keyed by code."""
    extra: dict[str, dict] = {}
    areas_csv = folder / "areas.csv"
    if areas_csv.exists():
        with areas_csv.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                extra[row["code"]] = {
                    "lat": float(row["lat"]) if row.get("lat") else None,
                    "lon": float(row["lon"]) if row.get("lon") else None,
                    "area_km2": (
                        float(row["area_km2_approx"]) if row.get("area_km2_approx") else None
                    ),
                }
    for name in ("kecamatan.geojson", "desa.geojson"):
        path = folder / name
        if not path.exists():
            continue
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            props = feature["properties"]
            item = extra.setdefault(props["code"], {})
            item["geometry"] = feature["geometry"]
            item.setdefault("lat", props.get("lat"))
            item.setdefault("lon", props.get("lon"))
    return extra


@transaction.atomic
def load_areas(regency: str, data_dir: Path = DATA_DIR, national: Path | None = None) -> LoadStats:
    stats = LoadStats()
    existing = set(Area.objects.values_list("code", flat=True))
    new_rows = [
        Area(code=code, name=name, level=level, parent_id=parent)
        for code, name, level, parent in _read_national(national or NATIONAL_FILE)
        if code not in existing
    ]
    # Parents before children: codes with fewer parts first.
    new_rows.sort(key=lambda a: a.code.count("."))
    Area.objects.bulk_create(new_rows, batch_size=2000)
    stats.created = len(new_rows)

    extra = _read_regency(regency_dir(regency, data_dir))
    fields = ("lat", "lon", "geometry", "area_km2")
    changed = []
    for area in Area.objects.filter(code__in=list(extra)):
        values = extra[area.code]
        if any(getattr(area, f) != values.get(f, getattr(area, f)) for f in fields):
            for f in fields:
                if f in values:
                    setattr(area, f, values[f])
            changed.append(area)
    Area.objects.bulk_update(changed, fields, batch_size=200)
    stats.updated = len(changed)
    stats.with_polygon = Area.objects.in_regency(regency).exclude(geometry=None).count()
    if changed or new_rows:
        from .geo import reset_cache
        from .locate import reset_index

        transaction.on_commit(reset_index)
        transaction.on_commit(reset_cache)
    return stats
