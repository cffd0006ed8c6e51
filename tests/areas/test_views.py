import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_geojson_has_the_20_kecamatan(personas, client_for):
    client = client_for(personas["partner"])
    data = client.get(reverse("areas:geojson"), {"level": "kecamatan"}).json()
    assert len(data["features"]) == 20
    props = data["features"][0]["properties"]
    assert set(props) >= {"code", "name", "level", "label"}
    assert data["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_geojson_of_one_kecamatan_lists_its_desa(personas, client_for):
    client = client_for(personas["reporter"])
    data = client.get(reverse("areas:geojson"), {"level": "desa", "parent": "64.02.06"}).json()
    codes = {f["properties"]["code"] for f in data["features"]}
    assert codes and all(c.startswith("64.02.06.") for c in codes)


def test_geojson_refuses_an_unknown_level_or_parent(personas, client_for):
    client = client_for(personas["partner"])
    assert client.get(reverse("areas:geojson"), {"level": "provinsi"}).status_code == 404
    response = client.get(reverse("areas:geojson"), {"level": "desa", "parent": "99"})
    assert response.status_code == 404


def test_kecamatan_page_lists_its_desa(personas, client_for):
    response = client_for(personas["reporter"]).get(reverse("areas:detail", args=["64.02.06"]))
    assert response.status_code == 200
    assert "Tenggarong" in response.content.decode()
    assert response.context["children"].count() > 10


def test_an_area_outside_the_regency_is_not_found(personas, client_for):
    response = client_for(personas["analyst"]).get(reverse("areas:detail", args=["64.72"]))
    assert response.status_code == 404


def test_the_regency_page_lists_only_the_kecamatan_in_scope(personas, client_for):
    response = client_for(personas["reporter"]).get(reverse("areas:regency"))
    assert [k.code for k in response.context["kecamatan_list"]] == ["64.02.06"]
    response = client_for(personas["analyst"]).get(reverse("areas:regency"))
    assert len(response.context["kecamatan_list"]) == 20
