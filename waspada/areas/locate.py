"""Point-in-polygon lookup of the regency's desa and kecamatan (shapely STRtree)."""

import threading
from dataclasses import dataclass

from shapely import STRtree
from shapely.geometry import Point, shape

from .models import Area, Level

# A point this close to a desa's published coordinate (about 20 m) is that desa.
ANCHOR_DEGREES = 0.0002


@dataclass(frozen=True)
class Location:
    kecamatan: Area
    desa: Area | None


class _Index:
    def __init__(self):
        rows = list(
            Area.objects.in_regency()
            .filter(level__in=[Level.KECAMATAN, Level.DESA])
            .exclude(geometry=None)
            .defer("geometry")
        )
        geoms = {
            code: shape(g)
            for code, g in Area.objects.filter(code__in=[a.code for a in rows]).values_list(
                "code", "geometry"
            )
        }
        self.kecamatan = [a for a in rows if a.level == Level.KECAMATAN]
        self.desa = [a for a in rows if a.level == Level.DESA]
        self.kec_tree = STRtree([geoms[a.code] for a in self.kecamatan])
        self.desa_geoms = [geoms[a.code] for a in self.desa]
        self.desa_tree = STRtree(self.desa_geoms)
        # Published desa coordinates (Kemendagri centroids). Data coded at desa precision
        # (imported events, reports placed "in Desa X") carry exactly these points, and for
        # concave desa such a point can fall just inside a neighbour's polygon.
        self.anchor_desa = [a for a in self.desa if a.lat is not None]
        self.anchor_tree = STRtree([Point(a.lon, a.lat) for a in self.anchor_desa])

    def locate(self, lat: float, lon: float) -> Location | None:
        point = Point(lon, lat)
        anchor = self.anchor_tree.query_nearest(point, max_distance=ANCHOR_DEGREES)
        if len(anchor):
            desa = self.anchor_desa[anchor[0]]
            return Location(kecamatan=self._kecamatan(desa.kecamatan_code), desa=desa)
        kec_hits = self.kec_tree.query(point, predicate="intersects")
        desa_hits = self.desa_tree.query(point, predicate="intersects")
        if len(desa_hits):
            # Overlapping (simplified) boundaries: prefer the desa whose centroid is nearest.
            best = min(desa_hits, key=lambda i: self._centroid_distance(self.desa[i], lat, lon))
            desa = self.desa[best]
            return Location(kecamatan=self._kecamatan(desa.kecamatan_code), desa=desa)
        if not len(kec_hits):
            return None
        kecamatan = self.kecamatan[kec_hits[0]]
        # Inside a kecamatan but in a gap between simplified desa polygons: nearest desa of
        # that kecamatan within about 1 km, else none.
        candidates = [i for i, d in enumerate(self.desa) if d.kecamatan_code == kecamatan.code]
        nearest = min(candidates, key=lambda i: self.desa_geoms[i].distance(point), default=None)
        if nearest is not None and self.desa_geoms[nearest].distance(point) < 0.01:
            return Location(kecamatan=kecamatan, desa=self.desa[nearest])
        return Location(kecamatan=kecamatan, desa=None)

    def _kecamatan(self, code: str) -> Area:
        return next(k for k in self.kecamatan if k.code == code)

    @staticmethod
    def _centroid_distance(area: Area, lat: float, lon: float) -> float:
        if area.lat is None or area.lon is None:
            return float("inf")
        return (area.lat - lat) ** 2 + (area.lon - lon) ** 2


_lock = threading.Lock()
_index: _Index | None = None


def reset_index() -> None:
    global _index
    with _lock:
        _index = None


def locate(lat: float, lon: float) -> Location | None:
    """The desa and kecamatan of the deployment's regency containing (lat, lon), or None."""
    global _index
    with _lock:
        if _index is None:
            _index = _Index()
        index = _index
    return index.locate(lat, lon)
