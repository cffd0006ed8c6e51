"""The situation report's map: the kecamatan coloured by their current risk level, as plain
shapes in page units that both the HTML (an inline SVG) and the PDF (polygons) draw. No tiles,
no network: it prints and works offline."""

from __future__ import annotations

import math
from dataclasses import dataclass

from waspada.areas.models import Area

COLOURS = {
    "normal": "#2e8540",
    "waspada": "#f2c200",
    "siaga": "#f07c00",
    "awas": "#c62828",
    "": "#cfd8dc",
}
MAX_POINTS = 160  # per ring: enough for a kecamatan at this size


@dataclass
class Shape:
    code: str
    name: str
    level: str
    colour: str
    rings: list[list[tuple[float, float]]]

    @property
    def svg_path(self) -> str:
        return " ".join(
            "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + " Z" for ring in self.rings
        )


@dataclass
class LevelMap:
    width: float
    height: float
    shapes: list[Shape]


def _rings(geometry: dict | None) -> list[list[list[float]]]:
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry.get("type") == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def _thin(ring: list, limit: int = MAX_POINTS) -> list:
    step = max(1, math.ceil(len(ring) / limit))
    return ring[::step]


def level_map(levels: dict[str, str], width: float = 180.0) -> LevelMap | None:
    """The kecamatan of ``levels`` (code -> level) scaled into ``width`` page units."""
    areas = list(Area.objects.filter(code__in=list(levels)).only("code", "name", "geometry"))
    rings = {a.code: [_thin(r) for r in _rings(a.geometry)] for a in areas}
    points = [p for rs in rings.values() for r in rs for p in r]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    # Equirectangular, with the longitude shrunk by the cosine of the middle latitude.
    kx = math.cos(math.radians((north + south) / 2))
    scale = width / max((east - west) * kx, 1e-9)
    height = (north - south) * scale
    shapes = []
    for area in sorted(areas, key=lambda a: a.name):
        level = levels.get(area.code, "")
        shapes.append(
            Shape(
                area.code,
                area.name,
                level,
                COLOURS.get(level, COLOURS[""]),
                [
                    [((lon - west) * kx * scale, (north - lat) * scale) for lon, lat, *_ in ring]
                    for ring in rings[area.code]
                ],
            )
        )
    return LevelMap(width, height, shapes)
