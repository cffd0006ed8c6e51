import pytest

from waspada.areas.locate import locate
from waspada.areas.models import Area

pytestmark = pytest.mark.django_db


def test_every_desa_centroid_locates_to_its_own_desa():
    wrong = []
    for desa in Area.objects.desa_of_regency("64.02").defer("geometry"):
        found = locate(desa.lat, desa.lon)
        if found is None or found.desa is None or found.desa.code != desa.code:
            wrong.append((desa.code, found and found.desa and found.desa.code))
    assert wrong == []


def test_the_kecamatan_is_the_desa_parent():
    found = locate(-0.419, 116.932)  # Tenggarong town
    assert found.kecamatan.code == "64.02.06"
    assert found.desa.code.startswith("64.02.06.")


def test_a_point_in_samarinda_is_outside_the_regency():
    assert locate(-0.4948, 117.1436) is None  # Samarinda city centre


def test_a_point_far_away_is_nothing():
    assert locate(-6.2, 106.8) is None  # Jakarta


def test_a_point_inside_each_desa_polygon_locates_to_it():
    from shapely.geometry import shape

    wrong = []
    for desa in Area.objects.desa_of_regency("64.02"):
        inside = shape(desa.geometry).representative_point()
        found = locate(inside.y, inside.x)
        if found is None or found.desa is None or found.desa.code != desa.code:
            wrong.append(desa.code)
    # Simplified neighbouring polygons overlap by a few metres in places; allow none here.
    assert wrong == []
