import pytest

from waspada.areas.loading import load_areas
from waspada.areas.models import Area, Level

pytestmark = pytest.mark.django_db


def test_it_loads_every_area_of_indonesia():
    counts = {level: Area.objects.filter(level=level).count() for level in Level.values}
    assert counts == {"provinsi": 38, "kabupaten": 514, "kecamatan": 7285, "desa": 83762}


def test_the_regency_has_20_kecamatan_and_237_desa_with_polygons():
    kecamatan = Area.objects.kecamatan_of_regency("64.02")
    desa = Area.objects.desa_of_regency("64.02")
    assert kecamatan.count() == 20
    assert desa.count() == 237
    assert kecamatan.exclude(geometry=None).count() == 20
    assert desa.exclude(geometry=None).count() == 237
    assert desa.filter(lat=None).count() == 0


def test_loading_again_changes_nothing():
    stats = load_areas("64.02")
    assert (stats.created, stats.updated, stats.with_polygon) == (0, 0, 257)


def test_hierarchy_and_labels():
    desa = Area.objects.get(code="64.02.06.1001")
    assert [a.code for a in desa.ancestors()] == ["64", "64.02", "64.02.06"]
    assert desa.kecamatan_code == "64.02.06"
    assert desa.is_kelurahan and str(desa.label) in ("Kelurahan",)
    assert str(Area.objects.get(code="64.72").label) == "Kota"  # Samarinda
    assert Area.objects.get(code="64.02.15").name == "Sanga Sanga"
