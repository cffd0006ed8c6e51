import pytest

from waspada.areas.models import Area

TENGGARONG = "64.02.06"
LOA_KULU = "64.02.02"


@pytest.fixture
def area(db):
    def get(code):
        return Area.objects.defer("geometry").get(code=code)

    return get


@pytest.fixture(autouse=True)
def english(settings):
    """Pages in English (the msgids) whatever the Indonesian catalogue holds."""
    settings.LANGUAGE_CODE = "en"
