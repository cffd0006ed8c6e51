import pytest


@pytest.fixture(scope="session")
def analyzer():
    from waspada.nlp.pipeline import Analyzer

    return Analyzer()
