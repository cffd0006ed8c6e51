import pytest

from waspada.areas.models import Area

TENGGARONG = "64.02.06"


@pytest.fixture
def tenggarong(db):
    return Area.objects.defer("geometry").get(code=TENGGARONG)


@pytest.fixture
def make_case(personas, tenggarong):
    from waspada.cases.services import open_case

    def make(title="Sengketa lahan plasma Desa Jongkang", **fields):
        fields.setdefault("area", tenggarong)
        fields.setdefault("classification", "terbatas")
        return open_case(user=personas["analyst"], title=title, **fields)

    return make


@pytest.fixture(autouse=True)
def english(settings):
    """Pages in English (the msgids) whatever the Indonesian catalogue holds."""
    settings.LANGUAGE_CODE = "en"
