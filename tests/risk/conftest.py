from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def acled_csv() -> Path:
    return FIXTURES / "acled_synthetic.csv"


@pytest.fixture
def ucdp_csv() -> Path:
    return FIXTURES / "ucdp_synthetic.csv"
