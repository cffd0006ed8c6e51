"""The area picker: names as people type them, the user's scope first, codes or names in forms."""

import pytest
from django.urls import reverse

from waspada.areas.search import Unresolved, key, resolve, search

pytestmark = pytest.mark.django_db


def test_names_are_compared_without_case_accents_prefixes_or_old_spelling():
    assert key("Desa Rapak Lambur") == key("rapak  lambur") == "rapak lambur"
    assert key("Loa Koeloe") == key("Loa Kulu")
    assert key("Kel. Timbau") == "timbau"
    assert key("Tenggarông") == key("tenggarong")


@pytest.mark.parametrize(
    "typed, code",
    [
        ("Rapak Lambur", "64.02.06.2012"),
        ("rapak lambor", "64.02.06.2012"),  # a typo
        ("Loa Koeloe", "64.02.02"),  # old spelling of the kecamatan
        ("64.02.06.2012", "64.02.06.2012"),
    ],
)
def test_a_name_as_typed_finds_its_area(typed, code):
    assert search(typed)[0].code == code


def test_the_users_scope_comes_first(personas):
    # "Loa" names desa in several kecamatan; the reporter of Tenggarong sees his own first.
    hits = search("loa", personas["reporter"], limit=30)
    in_scope = [h.in_scope for h in hits]
    assert in_scope[0] and in_scope == sorted(in_scope, reverse=True)
    assert all(h.code.startswith("64.02.06") for h in hits if h.in_scope)


def test_a_form_takes_a_code_or_one_clear_name_and_refuses_others():
    assert resolve("Rapak Lambur").code == "64.02.06.2012"
    assert resolve("64.02.06").name == "Tenggarong"
    with pytest.raises(Unresolved):
        resolve("31.71.01")  # Jakarta: not this regency
    with pytest.raises(Unresolved):
        resolve("Nama yang tidak ada")


def test_the_json_endpoint_answers_labels(personas, client_for):
    data = client_for(personas["reporter"]).get(reverse("areas:search"), {"q": "rapak"}).json()
    first = data["results"][0]
    assert first["value"] == "64.02.06.2012"
    assert first["label"] == "Desa Rapak Lambur, Kec. Tenggarong"
