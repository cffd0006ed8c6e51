"""GeoJSON of the regency's areas for the maps (built once per process, small)."""

from functools import lru_cache

from .models import Area, Level, descendants_q


def _feature(area: Area, geometry) -> dict:
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "code": area.code,
            "name": area.name,
            "level": area.level,
            "label": str(area.label),
            "kecamatan": area.kecamatan_code,
        },
    }


@lru_cache(maxsize=64)
def feature_collection(regency: str, level: str, parent: str | None = None) -> dict:
    areas = Area.objects.of_regency_at(level, regency).exclude(geometry=None)
    if parent:
        areas = areas.filter(descendants_q(parent))
    return {
        "type": "FeatureCollection",
        "features": [_feature(a, a.geometry) for a in areas],
    }


@lru_cache(maxsize=8)
def kecamatan_choices(regency: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of the regency's kecamatan, for filter forms (static reference data)."""
    return tuple(
        Area.objects.kecamatan_of_regency(regency).order_by("code").values_list("code", "name")
    )


def reset_cache() -> None:
    feature_collection.cache_clear()
    kecamatan_choices.cache_clear()


LEVELS_ON_MAP = (Level.KECAMATAN, Level.DESA)
